"""Reads of the sessions room, each starting from an `Access`; query counts do not grow with
the number of centers, people or events."""

from __future__ import annotations

import datetime
import zoneinfo
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from bsc.tenancy import Access, centers_visible_to, get_object_in_collaborative
from collaboratives.membership.models import Membership
from collaboratives.schedule.models import Event, EventAttendance
from collaboratives.schedule.phases import collaborative_phases
from collaboratives.schedule.selectors import audience_members, events_visible_to, in_audience
from collaboratives.sessions.models import AgendaBlock, Material, Rsvp, SessionPlan

SESSION_KINDS = (Event.Kind.PRE_WORK, Event.Kind.LEARNING_SESSION)


def get_event(access: Access, public_id: Any) -> Event:
    """An event the person may see (invited, or the IT), else 404."""
    event = get_object_in_collaborative(access, events_visible_to(access), public_id=public_id)
    event.collaborative = access.collaborative
    return event


def get_session(access: Access, public_id: Any) -> Event:
    """A Learning Session or pre-work day the person may see, else 404."""
    event = get_event(access, public_id)
    if event.kind not in SESSION_KINDS:
        raise Http404
    return event


def get_event_by_code(access: Access, code: str) -> Event:
    """The event of a check-in code, in the access's collaborative only (404 otherwise)."""
    event = get_object_in_collaborative(
        access, Event.objects.all(), check_in_code__code=code.upper()
    )
    event.collaborative = access.collaborative
    return event


def get_block(access: Access, event: Event, public_id: Any) -> AgendaBlock:
    block = event.agenda_blocks.filter(public_id=public_id).first()
    if block is None:
        raise Http404
    block.event = event
    return block


def get_material(access: Access, public_id: Any) -> Material:
    material = get_object_in_collaborative(
        access,
        Material.objects.select_related("event"),
        collaborative_path="event__collaborative",
        public_id=public_id,
    )
    # The person must be able to see the event the file belongs to.
    get_event(access, material.event.public_id)
    return material


def agenda_blocks(event: Event) -> list[AgendaBlock]:
    """The event's blocks with presenters, presenting center and materials: four queries."""
    return list(
        AgendaBlock.objects.filter(event=event)
        .select_related("presenting_center")
        .prefetch_related("presenters", Prefetch("materials", queryset=Material.objects.all()))
    )


def session_plan(event: Event) -> SessionPlan | None:
    return SessionPlan.objects.filter(event=event).first()


def event_materials(event: Event) -> list[Material]:
    """Materials of the event itself (not of one block)."""
    return list(Material.objects.filter(event=event, block__isnull=True))


def earlier_sessions(access: Access, event: Event) -> QuerySet[Event]:
    """Sessions of the collaborative before this one that have an agenda, newest first."""
    return (
        Event.objects.filter(
            collaborative=access.collaborative,
            kind__in=SESSION_KINDS,
            start__lt=event.start,
            agenda_blocks__isnull=False,
        )
        .distinct()
        .order_by("-start")
    )


def own_rsvp(access: Access, event: Event) -> Rsvp | None:
    return Rsvp.objects.filter(event=event, user=access.user).first()


def own_attendance(access: Access, event: Event) -> EventAttendance | None:
    return EventAttendance.objects.filter(event=event, user=access.user).first()


@dataclass
class RsvpOverview:
    rows: list[dict[str, Any]]  # one per invitee: membership, answer, attendance
    by_center: list[tuple[str, Counter]]
    by_role: list[tuple[str, Counter]]
    dropped: list[dict[str, Any]]
    totals: Counter


def rsvp_overview(event: Event) -> RsvpOverview:
    """Who is coming, per center and per role, and who changed from yes to no."""
    invited = list(audience_members(event).order_by("center__name", "user__full_name"))
    answers = {r.user_id: r for r in Rsvp.objects.filter(event=event)}
    present = {a.user_id: a.status for a in EventAttendance.objects.filter(event=event)}
    rows, by_center, by_role = [], defaultdict(Counter), defaultdict(Counter)
    totals: Counter = Counter()
    for membership in invited:
        rsvp = answers.get(membership.user_id)
        answer = rsvp.answer if rsvp else "none"
        rows.append(
            {
                "membership": membership,
                "answer": answer,
                "dropped_at": rsvp.dropped_at if rsvp else None,
                "attendance": present.get(membership.user_id, ""),
            }
        )
        totals[answer] += 1
        by_center[membership.center.name if membership.center else "—"][answer] += 1
        by_role[membership.role_label][answer] += 1
    dropped = [r for r in rows if r["dropped_at"] and r["answer"] == Rsvp.Answer.NO]
    return RsvpOverview(
        rows=rows,
        by_center=sorted(by_center.items()),
        by_role=sorted(by_role.items()),
        dropped=dropped,
        totals=totals,
    )


# Participation across every event of the collaborative

ATTENDED, EXCUSED, MISSED, UPCOMING = "attended", "excused", "missed", "upcoming"


@dataclass
class MatrixRow:
    key: Any  # the center (center rows) or the membership (person rows)
    cells: list[str]
    attended: int = 0
    excused: int = 0
    missed: int = 0

    @property
    def rate(self) -> int | None:
        """Attended share of the held events one was expected at (excused ones left out)."""
        expected = self.attended + self.missed
        return round(100 * self.attended / expected) if expected else None


@dataclass
class Participation:
    events: list[Event]
    rows: list[MatrixRow] = field(default_factory=list)


def _with_collaborative(access: Access, events: list[Event]) -> list[Event]:
    # Each event's page link needs its collaborative's slug: the one in hand, not a query each.
    for event in events:
        event.collaborative = access.collaborative
    return events


def _matrix_events(access: Access) -> list[Event]:
    return _with_collaborative(
        access,
        list(
            Event.objects.filter(collaborative=access.collaborative, cancelled=False)
            .exclude(
                kind__in=[Event.Kind.IT_MEETING, Event.Kind.FACULTY_CALL, Event.Kind.EXPERT_MEETING]
            )
            .only(
                "pk",
                "public_id",
                "title",
                "kind",
                "start",
                "end",
                "audience",
                "audience_center_role",
                "audience_center_id",
                "number",
            )
            .order_by("start")
        ),
    )


def _cell(invited: bool, held: bool, status: str | None) -> str:
    if not invited:
        return ""
    if status == EventAttendance.Status.ATTENDED:
        return ATTENDED
    if status == EventAttendance.Status.EXCUSED:
        return EXCUSED
    # Nobody can have missed an event that has not happened yet.
    return MISSED if held else UPCOMING


def _tally(row: MatrixRow) -> MatrixRow:
    row.attended = row.cells.count(ATTENDED)
    row.excused = row.cells.count(EXCUSED)
    row.missed = row.cells.count(MISSED)
    return row


def participation_by_center(access: Access) -> Participation:
    """Per center and event: attended (any member came), excused (none came, someone was
    excused), missed or upcoming; blank when the event was not for the center. Four queries."""
    events = _matrix_events(access)
    now = timezone.now()
    centers = list(centers_visible_to(access).order_by("name").only("pk", "name", "slug"))
    members = list(
        Membership.objects.filter(
            collaborative=access.collaborative, role=Membership.Role.CENTER_MEMBER
        ).only("pk", "role", "center_id", "center_role")
    )
    roles_by_center: dict[int, set[str]] = defaultdict(set)
    for m in members:
        roles_by_center[m.center_id].add(m.center_role)
    status: dict[tuple[int, int], str] = {}
    for event_id, center_id, state in EventAttendance.objects.filter(
        event__collaborative=access.collaborative, center__isnull=False
    ).values_list("event_id", "center_id", "status"):
        if status.get((event_id, center_id)) != EventAttendance.Status.ATTENDED:
            status[(event_id, center_id)] = state
    result = Participation(events=events)
    for center in centers:
        cells = []
        for event in events:
            audience = event.audience
            if audience in (Event.Audience.EVERYONE, Event.Audience.CENTER_TEAMS):
                invited = True
            elif audience == Event.Audience.AFFINITY_GROUP:
                invited = event.audience_center_role in roles_by_center[center.pk]
            elif audience == Event.Audience.CENTER:
                invited = event.audience_center_id == center.pk
            else:
                invited = False
            cells.append(_cell(invited, event.start <= now, status.get((event.pk, center.pk))))
        result.rows.append(_tally(MatrixRow(key=center, cells=cells)))
    return result


def participation_by_person(access: Access, center_id: int | None = None) -> Participation:
    """Per center member and event (one center's people when `center_id` is given)."""
    events = _matrix_events(access)
    now = timezone.now()
    members = Membership.objects.filter(
        collaborative=access.collaborative, role=Membership.Role.CENTER_MEMBER
    ).select_related("user", "center")
    if center_id is not None:
        members = members.filter(center_id=center_id)
    members = list(members.order_by("center__name", "user__full_name"))
    attendance = EventAttendance.objects.filter(event__collaborative=access.collaborative)
    if center_id is not None:
        attendance = attendance.filter(user__in=[m.user_id for m in members])
    status = {
        (event_id, user_id): state
        for event_id, user_id, state in attendance.values_list("event_id", "user_id", "status")
    }
    result = Participation(events=events)
    for m in members:
        cells = [
            _cell(
                in_audience(m, e.audience, e.audience_center_role, e.audience_center_id),
                e.start <= now,
                status.get((e.pk, m.user_id)),
            )
            for e in events
        ]
        result.rows.append(_tally(MatrixRow(key=m, cells=cells)))
    return result


# Individual team consultations (Field Guide 4.6): one per center per Action Period


@dataclass
class ConsultationCell:
    phase_key: str
    events: list[Event]
    state: str  # "held", "scheduled", "missing", "not_yet"


def consultations(access: Access) -> tuple[list[Any], list[tuple[Any, list[ConsultationCell]]]]:
    """Action Periods and, per center, its consultations in each with their notes and
    follow-ups (the event's action items)."""
    phases = [
        p
        for p in collaborative_phases(access.collaborative)
        if p.key.startswith("ap") or p.key == "sustainability"
    ]
    tz = zoneinfo.ZoneInfo(access.collaborative.timezone)
    today = timezone.localdate(timezone=tz)
    now = timezone.now()
    events = _with_collaborative(
        access,
        list(
            Event.objects.filter(
                collaborative=access.collaborative,
                kind=Event.Kind.CENTER_CONSULTATION,
                cancelled=False,
                audience_center__isnull=False,
            )
            .prefetch_related("action_items")
            .order_by("start")
        ),
    )
    by_center_phase: dict[tuple[int, str], list[Event]] = defaultdict(list)
    for event in events:
        day = event.start.astimezone(tz).date()
        for phase in phases:
            if phase.contains(day):
                by_center_phase[(event.audience_center_id, phase.key)].append(event)
    rows = []
    for center in centers_visible_to(access).order_by("name"):
        cells = []
        for phase in phases:
            found = by_center_phase.get((center.pk, phase.key), [])
            if any(e.start <= now for e in found):
                state = "held"
            elif found:
                state = "scheduled"
            elif phase.start <= today:
                state = "missing"
            else:
                state = "not_yet"
            cells.append(ConsultationCell(phase.key, found, state))
        rows.append((center, cells))
    return phases, rows


def local_day(event: Event, tz_name: str) -> datetime.date:
    return event.start.astimezone(zoneinfo.ZoneInfo(tz_name)).date()
