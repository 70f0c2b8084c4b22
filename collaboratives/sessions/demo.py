"""Demo of the sessions room for BSC-SEL: the pre-work day and Learning Sessions 1–2 with the
four-part agendas of the Field Guide's Appendix G, RSVPs for Learning Session 3, attendance
at the sessions and calls, and the centers' individual consultations.

Called from the centers' demo, once the centers and their teams exist."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django.utils import timezone

from bsc.demo import DemoContext
from bsc.tenancy import Access
from collaboratives.membership.models import Membership
from collaboratives.schedule.models import Event, EventAttendance
from collaboratives.schedule.selectors import in_audience
from collaboratives.schedule.services import event_create
from collaboratives.sessions import services
from collaboratives.sessions.models import AgendaBlock, Rsvp

# The Appendix G days start before the demo's 9:00 events: registration opens earlier.
DAY_TIMES = {"pre_work": ((8, 30), (16, 0)), "ls1": ((8, 0), (16, 0)), "ls2": ((8, 0), (16, 0))}
LINKS = {
    "pre_work": [("Pre-work day slides", "https://files.example.org/bsc-sel/pre-work-slides")],
    "ls1": [("Storyboard template", "https://files.example.org/bsc-sel/storyboard-template")],
    "ls2": [("PDSA worksheet", "https://files.example.org/bsc-sel/pdsa-worksheet")],
}


def load_sessions(ctx: DemoContext) -> None:
    sel = ctx.objects["sel"]
    if AgendaBlock.objects.filter(event__collaborative=sel).exists():
        return
    lead = Membership.objects.select_related("user").get(
        collaborative=sel, user__email="it@demo.test"
    )
    access = Access(user=lead.user, collaborative=sel, membership=lead)
    build_sessions(access, sel)


def build_sessions(access: Access, sel: Any, calls: int = 6) -> None:
    """Agendas, materials, RSVPs, attendance at the sessions and the first `calls` held calls,
    and consultations (also seeds the benchmark)."""
    tz = zoneinfo.ZoneInfo(sel.timezone)
    events = {
        "pre_work": sel.events.filter(kind=Event.Kind.PRE_WORK).order_by("start").first(),
        "ls1": sel.events.filter(kind=Event.Kind.LEARNING_SESSION, number=1).first(),
        "ls2": sel.events.filter(kind=Event.Kind.LEARNING_SESSION, number=2).first(),
    }
    faculty = [
        m.user
        for m in Membership.objects.filter(collaborative=sel, role=Membership.Role.FACULTY)
        .select_related("user")
        .order_by("pk")
    ]
    for key, event in events.items():
        if event is None:
            continue
        event.collaborative = sel
        day = event.start.astimezone(tz).date()
        (sh, sm), (eh, em) = DAY_TIMES[key]
        event.start = datetime.datetime.combine(day, datetime.time(sh, sm), tzinfo=tz)
        if key == "pre_work":
            event.end = datetime.datetime.combine(day, datetime.time(eh, em), tzinfo=tz)
        event.save(update_fields=["start", "end"])
        services.agenda_start_from(access=access, event=event, source=key)
        for index, block in enumerate(event.agenda_blocks.exclude(part__in=_logistics())):
            if faculty:
                block.presenters.set([faculty[index % len(faculty)]])
            if "Breakout" in block.title or "Affinity" in block.title:
                block.room = "Rooms 101–104"
                block.save(update_fields=["room"])
        for title, url in LINKS[key]:
            services.material_link(access=access, event=event, url=url, title=title)
    _attendance(sel, events, calls)
    _rsvps(sel)
    _consultations(access, sel, tz)


def _logistics() -> list[str]:
    return ["registration", "break", "meal", "opening_closing", "evaluation"]


def _center_members(sel: Any) -> list[Membership]:
    return list(
        Membership.objects.filter(collaborative=sel, role=Membership.Role.CENTER_MEMBER)
        .select_related("user")
        .order_by("center_id", "pk")
    )


def _attendance(sel: Any, events: dict[str, Event | None], calls: int) -> None:
    """Most of each team came to the held sessions and all-team calls; a few missed, one was
    excused. Events still to come have no attendance."""
    members = _center_members(sel)
    now = timezone.now()
    held = [e for e in events.values() if e is not None and e.start < now]
    held += list(
        sel.events.filter(kind=Event.Kind.ALL_TEAM_CALL, start__lt=now, cancelled=False).order_by(
            "start"
        )[:6]
    )
    rows = []
    for e_index, event in enumerate(held):
        for m_index, m in enumerate(members):
            pattern = (e_index * 7 + m_index * 3) % 11
            if pattern == 0:
                continue  # missed
            status = EventAttendance.Status.EXCUSED if pattern == 1 else "attended"
            if in_audience(m, event.audience, event.audience_center_role, event.audience_center_id):
                rows.append(
                    EventAttendance(event=event, user=m.user, center_id=m.center_id, status=status)
                )
    EventAttendance.objects.bulk_create(rows, ignore_conflicts=True)


def _rsvps(sel: Any) -> None:
    """Answers for the next Learning Session; one person changed from yes to no."""
    upcoming = (
        sel.events.filter(kind=Event.Kind.LEARNING_SESSION, start__gt=timezone.now())
        .order_by("start")
        .first()
    )
    if upcoming is None:
        return
    answers = [Rsvp.Answer.YES, Rsvp.Answer.YES, Rsvp.Answer.MAYBE, Rsvp.Answer.YES, None]
    rows = []
    for index, m in enumerate(_center_members(sel)):
        answer = answers[index % len(answers)]
        if answer is None:
            continue
        rows.append(Rsvp(event=upcoming, user=m.user, answer=answer))
    if rows:
        rows[1].answer = Rsvp.Answer.NO
        rows[1].dropped_at = timezone.now() - datetime.timedelta(days=2)
    Rsvp.objects.bulk_create(rows)


CONSULTATION_NOTES = (
    "Reviewed the team's PDSA ramps on transitions and the monthly metrics; the team will "
    "test a visual schedule in one more classroom. Follow-up: send the transition cards."
)


def _consultations(access: Access, sel: Any, tz: zoneinfo.ZoneInfo) -> None:
    """Each center had its consultation in Action Period 1 but one; half have had theirs in
    Action Period 2, and one is scheduled."""
    from collaboratives.schedule.phases import collaborative_phases

    phases = {p.key: p for p in collaborative_phases(sel)}
    centers = list(sel.centers.order_by("name"))
    today = timezone.localdate(timezone=tz)
    faculty = Membership.objects.filter(collaborative=sel, role=Membership.Role.FACULTY).first()
    for index, center in enumerate(centers):
        plan = []
        if "ap1" in phases and index != len(centers) - 1:
            plan.append(phases["ap1"].start + datetime.timedelta(days=14 + index))
        if "ap2" in phases:
            day = phases["ap2"].start + datetime.timedelta(days=7 + index * 3)
            if index % 2 == 0 and day < today:
                plan.append(day)
            elif index == 1:
                plan.append(today + datetime.timedelta(days=10))
        for day in plan:
            start = datetime.datetime.combine(day, datetime.time(14, 0), tzinfo=tz)
            event = event_create(
                access=access,
                kind=Event.Kind.CENTER_CONSULTATION,
                title=f"Consultation: {center.name}",
                start=start,
                end=start + datetime.timedelta(hours=1),
                audience=Event.Audience.CENTER,
                audience_center=center,
                facilitators=[faculty.user] if faculty else [],
            )
            if day < today:
                event.notes = CONSULTATION_NOTES
                event.save(update_fields=["notes"])
