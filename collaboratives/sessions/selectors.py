"""Reads of the sessions room, each starting from an `Access`; query counts do not grow with
the number of centers, people or events."""

from __future__ import annotations

import datetime
import uuid
import zoneinfo
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from bsc.tenancy import Access, get_object_in_collaborative
from collaboratives.membership.models import Membership
from collaboratives.schedule.models import Event, EventAttendance
from collaboratives.schedule.phases import collaborative_phases
from collaboratives.schedule.selectors import audience_members, events_visible_to
from collaboratives.sessions.models import AgendaBlock, Material, Rsvp, SessionPlan

SESSION_KINDS = (Event.Kind.PRE_WORK, Event.Kind.LEARNING_SESSION)


def get_event(access: Access, public_id: Any, *, with_related: tuple[str, ...] = ()) -> Event:
    """An event the person may see (invited, or the IT), else 404; with the one-to-one rows
    named in `with_related` read in the same query."""
    events = events_visible_to(access).select_related(*with_related)
    event = get_object_in_collaborative(access, events, public_id=public_id)
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


def agenda_blocks(event: Event, with_presenters: bool = True) -> list[AgendaBlock]:
    """The event's blocks with presenting center and materials, and presenters unless the
    page shows none (the builder): three or two queries."""
    blocks = (
        AgendaBlock.objects.filter(event=event)
        .select_related("presenting_center")
        .prefetch_related(Prefetch("materials", queryset=Material.objects.all()))
    )
    if with_presenters:
        blocks = blocks.prefetch_related("presenters")
    return list(blocks)


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
    rows: list[dict[str, Any]]  # the shown invitees: their values, answer and attendance
    by_center: list[tuple[dict[str, Any], Counter]]  # each center (name, slug) and answers
    by_role: list[tuple[str, Counter]]
    dropped: list[dict[str, Any]]
    totals: Counter
    without_center: int  # invitees in no center (IT, faculty, facilitators)


_PERSON = ("user_id", "user__full_name", "user__email", "role", "center_role", "center__name")


def rsvp_overview(event: Event, center_id: int | None = None) -> RsvpOverview:
    """Who is coming, per center and per role, and who changed from yes to no; one person a
    row for the people of `center_id` (or those in no center when it is None). The counts
    are grouped by the database: three queries, whatever the audience's size."""
    answer_of = Subquery(
        Rsvp.objects.filter(event=event, user_id=OuterRef("user_id")).values("answer")[:1]
    )
    invited = audience_members(event).annotate(answer=Coalesce(answer_of, Value("none")))
    # The labels in the request's language, looked up once rather than once a person.
    role_labels = {value: str(label) for value, label in Membership.Role.choices}
    center_role_labels = {value: str(label) for value, label in Membership.CenterRole.choices}

    def label(person: dict[str, Any]) -> str:
        if person["role"] == Membership.Role.CENTER_MEMBER and person["center_role"]:
            return center_role_labels.get(person["center_role"], "")
        return role_labels.get(person["role"], "")

    centers: dict[int, dict[str, Any]] = {}
    by_center: dict[int, Counter] = defaultdict(Counter)
    for group in (
        invited.filter(center__isnull=False)
        .values("center_id", "center__name", "center__slug", "answer")
        .annotate(n=Count("pk", distinct=True))
        .order_by("center__name", "center_id")
    ):
        centers.setdefault(
            group["center_id"], {"name": group["center__name"], "slug": group["center__slug"]}
        )
        by_center[group["center_id"]][group["answer"]] += group["n"]
    by_role: dict[str, Counter] = defaultdict(Counter)
    totals: Counter = Counter()
    without_center = 0
    # Grouped by whether the person is in a center, not by which: a few rows, not one per
    # center, role and answer.
    in_no_center = ExpressionWrapper(Q(center__isnull=True), output_field=BooleanField())
    for group in (
        invited.annotate(in_no_center=in_no_center)
        .values("role", "center_role", "in_no_center", "answer")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    ):
        by_role[label(group)][group["answer"]] += group["n"]
        totals[group["answer"]] += group["n"]
        if group["in_no_center"]:
            without_center += group["n"]
    # The people the page lists, in one query: those of the chosen center (or of none), and
    # anyone who changed from yes to no, with their answer, attendance and when they dropped.
    shown = Q(center_id=center_id) if center_id else Q(center=None)
    dropped_users = Rsvp.objects.filter(
        event=event, answer=Rsvp.Answer.NO, dropped_at__isnull=False
    ).values("user_id")
    dropped_at = Subquery(
        Rsvp.objects.filter(event=event, user_id=OuterRef("user_id")).values("dropped_at")[:1]
    )
    attendance_of = Subquery(
        EventAttendance.objects.filter(event=event, user_id=OuterRef("user_id")).values("status")[
            :1
        ]
    )
    listed = list(
        invited.filter(shown | Q(user_id__in=dropped_users))
        .annotate(attendance=Coalesce(attendance_of, Value("")), dropped_at=dropped_at)
        .values(*_PERSON, "center_id", "answer", "attendance", "dropped_at")
        .order_by("user__full_name", "user_id")
    )
    for person in listed:
        person["role_label"] = label(person)
    rows = [
        p for p in listed if (p["center_id"] == center_id if center_id else p["center_id"] is None)
    ]
    dropped = sorted(
        (p for p in listed if p["answer"] == Rsvp.Answer.NO and p["dropped_at"] is not None),
        # By center (those in none last), then as listed: by name.
        key=lambda p: (p["center__name"] is None, p["center__name"] or ""),
    )
    return RsvpOverview(
        rows=rows,
        by_center=[(centers[pk], by_center[pk]) for pk in centers],
        by_role=sorted(by_role.items()),
        dropped=dropped,
        totals=totals,
        without_center=without_center,
    )


# Participation across every event of the collaborative

ATTENDED, EXCUSED, MISSED, UPCOMING = "attended", "excused", "missed", "upcoming"


def _with_collaborative(access: Access, events: list[Event]) -> list[Event]:
    # Each event's page link needs its collaborative's slug: the one in hand, not a query each.
    for event in events:
        event.collaborative = access.collaborative
    return events


class MatrixEvent(NamedTuple):
    """What participation needs of an event: read as a row, not built as a model, since a
    long collaborative counts over hundreds of events on every participation page."""

    pk: int
    public_id: uuid.UUID
    title: str
    start: datetime.datetime
    audience: str
    audience_center_role: str
    audience_center_id: int | None


def matrix_events(access: Access) -> list[MatrixEvent]:
    """The events participation is counted over: every one not cancelled, but the IT's,
    faculty's and experts' own meetings, in order."""
    rows = (
        Event.objects.filter(collaborative=access.collaborative, cancelled=False)
        .exclude(
            kind__in=[Event.Kind.IT_MEETING, Event.Kind.FACULTY_CALL, Event.Kind.EXPERT_MEETING]
        )
        .order_by("start")
        .values_list(*MatrixEvent._fields)
    )
    return [MatrixEvent(*row) for row in rows]


@dataclass
class MonthCell:
    """One center's events of one month: how many it attended, missed, was excused from and
    has still to come, among those it was invited to."""

    attended: int = 0
    missed: int = 0
    excused: int = 0
    upcoming: int = 0

    @property
    def invited(self) -> int:
        return self.attended + self.missed + self.excused + self.upcoming

    @property
    def expected(self) -> int:
        return self.attended + self.missed

    @property
    def tone(self) -> str:
        """ "attended" when every expected event was, "missed" when none was."""
        if not self.expected:
            return ""
        if self.attended == self.expected:
            return ATTENDED
        return MISSED if not self.attended else ""


@dataclass
class CenterMonths:
    center: Any
    cells: list[MonthCell]
    attended: int = 0
    excused: int = 0
    missed: int = 0
    cells_html: str = ""  # the cells as the page shows them, when a page writes them

    @property
    def rate(self) -> int | None:
        expected = self.attended + self.missed
        return round(100 * self.attended / expected) if expected else None


@dataclass
class ParticipationByMonth:
    months: list[datetime.date]  # first day of each month with an event, in order
    rows: list[CenterMonths]


def month_of(event: Event | MatrixEvent, tz: zoneinfo.ZoneInfo) -> datetime.date:
    return event.start.astimezone(tz).date().replace(day=1)


def participation_by_center(access: Access, centers: list[Any]) -> ParticipationByMonth:
    """Per center of `centers` and month: its events attended (any member came), excused
    (none came, someone was excused), missed and still to come, counting only the events the
    center was invited to. The attendance is counted per center and event by the database,
    for these centers only: four queries, whatever the number of centers or people."""
    events = matrix_events(access)
    tz = zoneinfo.ZoneInfo(access.collaborative.timezone)
    now = timezone.now()
    months = sorted({month_of(e, tz) for e in events})
    month_index = {m: n for n, m in enumerate(months)}
    center_ids = [c.pk for c in centers]
    roles_by_center: dict[int, set[str]] = defaultdict(set)
    for center_id, role in Membership.objects.filter(
        collaborative=access.collaborative,
        role=Membership.Role.CENTER_MEMBER,
        center_id__in=center_ids,
    ).values_list("center_id", "center_role"):
        roles_by_center[center_id].add(role)
    # Each center's attended or excused events (any member came, else someone was excused).
    status: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for event_id, center_id, attended, excused in (
        EventAttendance.objects.filter(
            event__collaborative=access.collaborative, center_id__in=center_ids
        )
        .values("event_id", "center_id")
        .annotate(
            attended=Count("pk", filter=Q(status=EventAttendance.Status.ATTENDED)),
            excused=Count("pk", filter=Q(status=EventAttendance.Status.EXCUSED)),
        )
        .values_list("event_id", "center_id", "attended", "excused")
    ):
        if attended:
            status[center_id].append((event_id, ATTENDED))
        elif excused:
            status[center_id].append((event_id, EXCUSED))
    # Each event once: its month, whether it is held and whom it is for, and per audience a
    # center can be in, its held and coming events per month. A center's row is then the sum
    # of its audiences' months, corrected by its own statuses: no pass over every event per
    # center.
    plan = {e.pk: (month_index[month_of(e, tz)], e.start <= now, e) for e in events}
    everyone = (Event.Audience.EVERYONE, Event.Audience.CENTER_TEAMS)

    def month_counts() -> list[list[int]]:
        return [[0, 0] for _ in months]  # held, still to come

    for_everyone = month_counts()
    for_role: dict[str, list[list[int]]] = defaultdict(month_counts)
    for_center: dict[Any, list[list[int]]] = defaultdict(month_counts)
    for index, held, e in plan.values():
        if e.audience in everyone:
            counts = for_everyone
        elif e.audience == Event.Audience.AFFINITY_GROUP:
            counts = for_role[e.audience_center_role]
        elif e.audience == Event.Audience.CENTER:
            counts = for_center[e.audience_center_id]
        else:
            continue
        counts[index][0 if held else 1] += 1
    nobody = month_counts()
    rows = []
    for center in centers:
        roles = roles_by_center[center.pk]
        audiences = [for_everyone, for_center.get(center.pk, nobody)]
        audiences += [for_role[role] for role in roles if role in for_role]
        cells = [
            MonthCell(
                missed=sum(counts[n][0] for counts in audiences),
                upcoming=sum(counts[n][1] for counts in audiences),
            )
            for n in range(len(months))
        ]
        for event_id, state in status.get(center.pk, ()):
            if event_id not in plan:
                continue  # a cancelled event or a meeting of the IT, faculty or experts
            index, held, e = plan[event_id]
            invited = (
                e.audience in everyone
                or (e.audience == Event.Audience.AFFINITY_GROUP and e.audience_center_role in roles)
                or (e.audience == Event.Audience.CENTER and e.audience_center_id == center.pk)
            )
            if not invited:
                continue
            cell = cells[index]
            if held:
                cell.missed -= 1
            else:
                cell.upcoming -= 1
            if state == ATTENDED:
                cell.attended += 1
            else:
                cell.excused += 1
        rows.append(
            CenterMonths(
                center=center,
                cells=cells,
                attended=sum(c.attended for c in cells),
                excused=sum(c.excused for c in cells),
                missed=sum(c.missed for c in cells),
            )
        )
    return ParticipationByMonth(months=months, rows=rows)


def _invited_columns(events: list[MatrixEvent]) -> tuple[list[int], dict[str, list[int]], dict]:
    """The events' columns by whom they are for: every center member, one affinity role, one
    center (other audiences invite no center member)."""
    every: list[int] = []
    by_role: dict[str, list[int]] = defaultdict(list)
    by_center: dict[Any, list[int]] = defaultdict(list)
    for n, e in enumerate(events):
        if e.audience in (Event.Audience.EVERYONE, Event.Audience.CENTER_TEAMS):
            every.append(n)
        elif e.audience == Event.Audience.AFFINITY_GROUP:
            by_role[e.audience_center_role].append(n)
        elif e.audience == Event.Audience.CENTER:
            by_center[e.audience_center_id].append(n)
    return every, by_role, by_center


def participation_rows(
    access: Access, events: list[MatrixEvent], center_id: int | None = None
) -> Iterator[dict[str, Any]]:
    """Per center member (of one center when `center_id` is given), in center and name order:
    the member's values (`center__name`, `user__full_name`, `user__email`, `center_role`,
    `user_id`) and `cells`, one per event of `events`. Two queries."""
    now = timezone.now()
    empty = [UPCOMING if e.start > now else MISSED for e in events]
    every, by_role, by_center = _invited_columns(events)
    # What everyone's row starts as: most events are for every center member.
    base = [""] * len(events)
    for n in every:
        base[n] = empty[n]
    column = {e.pk: n for n, e in enumerate(events)}
    # The labels in the request's language, looked up once rather than once a person.
    role_labels = {value: str(label) for value, label in Membership.CenterRole.choices}
    members = Membership.objects.filter(
        collaborative=access.collaborative, role=Membership.Role.CENTER_MEMBER
    )
    if center_id is not None:
        members = members.filter(center_id=center_id)
    attendance = EventAttendance.objects.filter(event__collaborative=access.collaborative)
    if center_id is not None:
        attendance = attendance.filter(user_id__in=members.values("user_id"))
    # For every member at once, the few other people's rows cost less read and left unused
    # than a filter on the members does.
    status: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for event_id, user_id, state in attendance.values_list("event_id", "user_id", "status"):
        n = column.get(event_id)
        if n is not None:
            status[user_id].append((n, state))
    # Before their own center's events and their attendance, a member's row depends only on
    # their center role: that row and its number of missed events are made once per role.
    role_rows: dict[str, tuple[list[str], int]] = {}

    def role_row(center_role: str) -> tuple[list[str], int]:
        if center_role not in role_rows:
            cells = base.copy()
            for n in by_role.get(center_role, ()):
                cells[n] = empty[n]
            role_rows[center_role] = (cells, cells.count(MISSED))
        return role_rows[center_role]

    # The members' values are read at once, not through a server-side cursor: declaring,
    # fetching from and closing one costs more than the rows take in memory (a few hundred
    # bytes a person); each row's cells are still made only as it is asked for.
    for member in members.order_by("center__name", "user__full_name", "pk").values(
        "center__name", "user__full_name", "user__email", "center_role", "user_id", "center_id"
    ):
        cells, missed = role_row(member["center_role"])
        own_center = by_center.get(member["center_id"])
        own = status.get(member["user_id"])
        if own_center or own:
            cells = cells.copy()
        for n in own_center or ():
            cells[n] = empty[n]
            if cells[n] == MISSED:
                missed += 1
        attended = excused = 0
        if own:
            for n, state in own:
                if not cells[n]:
                    continue  # an event the member was not invited to
                # One attendance per person and event: the cell is still missed or to come.
                if cells[n] == MISSED:
                    missed -= 1
                cells[n] = state
                if state == ATTENDED:
                    attended += 1
                else:
                    excused += 1
        member["cells"] = cells  # may be shared with others of the role: read, never change
        member["role_label"] = role_labels.get(member["center_role"], "")
        member["attended"] = attended
        member["excused"] = excused
        member["missed"] = missed
        expected = attended + missed
        member["rate"] = round(100 * attended / expected) if expected else None
        yield member


# Individual team consultations (Field Guide 4.6): one per center per Action Period


@dataclass
class ConsultationCell:
    phase_key: str
    events: list[Event]
    state: str  # "held", "scheduled", "missing", "not_yet"


def consultations(
    access: Access, centers: list[Any]
) -> tuple[list[Any], list[tuple[Any, list[ConsultationCell]]]]:
    """Action Periods and, per center of `centers`, its consultations in each with their
    notes and follow-ups (the event's action items)."""
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
                audience_center__in=[c.pk for c in centers],
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
    for center in centers:
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


def local_day(event: Event | MatrixEvent, tz_name: str) -> datetime.date:
    return event.start.astimezone(zoneinfo.ZoneInfo(tz_name)).date()
