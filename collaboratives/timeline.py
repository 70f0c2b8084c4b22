"""Reads and pure rules of the timeline: who an event is for, recurrences, clashes.

Selectors take their scope (an `Access` or a collaborative) as a required argument.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import holidays as holidays_lib
from dateutil.rrule import rrulestr
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from .models import Collaborative, Event, Membership

if TYPE_CHECKING:
    from bsc.tenancy import Access

MAX_OCCURRENCES = 400


# --- Audience -------------------------------------------------------------------------------


def audience_q(audience: str, center_role: str = "", center_id: int | None = None) -> Q:
    """Memberships in an audience (a Q over Membership)."""
    role = Membership.Role
    if audience == Event.Audience.EVERYONE:
        return Q(pk__isnull=False)  # not Q(): OR-ed with an empty Q it would vanish
    if audience == Event.Audience.CENTER_TEAMS:
        return Q(role=role.CENTER_MEMBER)
    if audience == Event.Audience.AFFINITY_GROUP:
        return Q(role=role.CENTER_MEMBER, center_role=center_role)
    if audience == Event.Audience.FACULTY:
        return Q(role=role.FACULTY)
    if audience == Event.Audience.IMPLEMENTATION_TEAM:
        return Q(role=role.IMPLEMENTATION_TEAM)
    if audience == Event.Audience.CENTER:
        return Q(role=role.CENTER_MEMBER, center_id=center_id)
    return Q(pk__in=[])


def in_audience(membership: Membership, audience: str, center_role: str, center_id: Any) -> bool:
    """Whether one membership is in an audience (the same rule as `audience_q`, in Python)."""
    role = Membership.Role
    if audience == Event.Audience.EVERYONE:
        return True
    if audience == Event.Audience.CENTER_TEAMS:
        return membership.role == role.CENTER_MEMBER
    if audience == Event.Audience.AFFINITY_GROUP:
        return membership.role == role.CENTER_MEMBER and membership.center_role == center_role
    if audience == Event.Audience.FACULTY:
        return membership.role == role.FACULTY
    if audience == Event.Audience.IMPLEMENTATION_TEAM:
        return membership.role == role.IMPLEMENTATION_TEAM
    if audience == Event.Audience.CENTER:
        return membership.role == role.CENTER_MEMBER and membership.center_id == center_id
    return False


def audience_members(event: Event | Any) -> QuerySet[Membership]:
    """Memberships of everyone invited: the audience and the facilitators."""
    base = Membership.objects.filter(collaborative_id=event.collaborative_id)
    q = audience_q(event.audience, event.audience_center_role, event.audience_center_id)
    if getattr(event, "pk", None):
        q |= Q(user__in=event.facilitators.all())
    return base.filter(q).select_related("user", "center").distinct()


def _invited_q(access: Access) -> Q:
    membership = access.membership
    role = Membership.Role
    q = Q(audience=Event.Audience.EVERYONE) | Q(facilitators=access.user)
    if membership.role == role.CENTER_MEMBER:
        q |= Q(audience=Event.Audience.CENTER_TEAMS)
        q |= Q(audience=Event.Audience.AFFINITY_GROUP, audience_center_role=membership.center_role)
        q |= Q(audience=Event.Audience.CENTER, audience_center_id=membership.center_id)
    elif membership.role == role.FACULTY:
        q |= Q(audience=Event.Audience.FACULTY)
    elif membership.role == role.IMPLEMENTATION_TEAM:
        q |= Q(audience=Event.Audience.IMPLEMENTATION_TEAM)
    return q


def events_visible_to(access: Access) -> QuerySet[Event]:
    """Events a person may see: the IT sees every event, others those they are invited to."""
    events = Event.objects.filter(collaborative=access.collaborative)
    if access.is_it:
        return events
    return events.filter(
        pk__in=Event.objects.filter(collaborative=access.collaborative)
        .filter(_invited_q(access))
        .values("pk")
    )


def events_invited(access: Access) -> QuerySet[Event]:
    """A person's own calendar: the events they are invited to or facilitate (the IT can see
    every event, but its calendar holds only its own)."""
    return Event.objects.filter(
        pk__in=Event.objects.filter(collaborative=access.collaborative)
        .filter(_invited_q(access))
        .values("pk")
    )


# --- Recurrence -----------------------------------------------------------------------------


class RecurrenceError(ValueError):
    """The rule is invalid or generates nothing; the message is shown to the person."""


def occurrences(
    *,
    rule: str,
    first_date: datetime.date,
    until: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time,
    tz_name: str,
) -> list[tuple[str, datetime.datetime, datetime.datetime]]:
    """(series key, start UTC, end UTC) for each occurrence of an RFC 5545 rule.

    The rule runs on naive local times and each occurrence is then placed in the zone, so a
    call at 11:00 stays at 11:00 local across daylight-saving changes.
    """
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    if not text or "FREQ=" not in text.upper():
        raise RecurrenceError(_("A recurrence rule needs FREQ, e.g. FREQ=MONTHLY;BYDAY=+3FR."))
    if end_time <= start_time:
        raise RecurrenceError(_("The end time must be after the start time."))
    dtstart = datetime.datetime.combine(first_date, start_time)
    try:
        recurrence = rrulestr(text, dtstart=dtstart, forceset=False)
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        raise RecurrenceError(
            _("This recurrence rule is not valid: %(error)s") % {"error": error}
        ) from error
    tz = zoneinfo.ZoneInfo(tz_name)
    stop = datetime.datetime.combine(until, datetime.time.max)
    duration = datetime.datetime.combine(first_date, end_time) - dtstart
    result = []
    try:
        for local in recurrence.xafter(dtstart, count=MAX_OCCURRENCES + 1, inc=True):
            if local > stop:
                break
            if len(result) >= MAX_OCCURRENCES:
                raise RecurrenceError(
                    _(
                        "This rule makes more than %(n)s calls; choose a later first date or an "
                        "end date."
                    )
                    % {"n": MAX_OCCURRENCES}
                )
            start = local.replace(tzinfo=tz)
            # An occurrence is known by its local day, so changing the series' time keeps it.
            key = local.strftime("%Y-%m-%d")
            if result and result[-1][0].startswith(key):
                key = f"{key}#{local:%H%M}"
            result.append(
                (
                    key,
                    start.astimezone(datetime.UTC),
                    (local + duration).replace(tzinfo=tz).astimezone(datetime.UTC),
                )
            )
    except TypeError as error:  # e.g. an UNTIL with a time zone against a naive start
        raise RecurrenceError(
            _("This recurrence rule is not valid: %(error)s") % {"error": error}
        ) from error
    if not result:
        raise RecurrenceError(
            _("This rule generates no call between %(first)s and %(until)s.")
            % {"first": first_date.isoformat(), "until": until.isoformat()}
        )
    return result


def shortest_gap(starts: list[datetime.datetime]) -> datetime.timedelta | None:
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    return min(gaps) if gaps else None


# --- Clashes --------------------------------------------------------------------------------


@dataclass
class Candidate:
    """An event being scheduled (not necessarily saved)."""

    title: str
    kind: str
    start: datetime.datetime
    end: datetime.datetime
    audience: str
    audience_center_role: str = ""
    audience_center_id: int | None = None
    facilitator_ids: frozenset[int] = frozenset()
    pk: int | None = None
    series_id: int | None = None

    @property
    def is_call(self) -> bool:
        return self.kind not in (Event.Kind.LEARNING_SESSION, Event.Kind.PRE_WORK)

    @classmethod
    def of(cls, event: Event, facilitator_ids: frozenset[int] = frozenset()) -> Candidate:
        return cls(
            title=event.title,
            kind=event.kind,
            start=event.start,
            end=event.end,
            audience=event.audience,
            audience_center_role=event.audience_center_role,
            audience_center_id=event.audience_center_id,
            facilitator_ids=facilitator_ids,
            pk=event.pk,
            series_id=event.series_id,
        )


@dataclass
class Clash:
    kind: str  # holiday, outside, learning_session, double_booked, empty_audience
    day: datetime.date
    message: str
    people: list[str] = field(default_factory=list)


def find_clashes(
    collaborative: Collaborative, candidates: list[Candidate], *, limit_people: int = 5
) -> list[Clash]:
    """Every clash of the candidates with holidays, the collaborative's dates, Learning
    Sessions and other calls of the same people in the same week. A fixed number of queries."""
    if not candidates:
        return []
    tz = zoneinfo.ZoneInfo(collaborative.timezone)
    clashes: list[Clash] = []
    days = [c.start.astimezone(tz).date() for c in candidates]
    years = sorted({d.year for d in days})
    public_holidays: dict[datetime.date, str] = {}
    if collaborative.holiday_country:
        try:
            public_holidays = holidays_lib.country_holidays(
                collaborative.holiday_country,
                subdiv=collaborative.holiday_region or None,
                years=years,
            )
        except NotImplementedError:
            public_holidays = {}
    memberships = list(
        Membership.objects.filter(collaborative=collaborative).select_related("user")
    )
    low = min(c.start for c in candidates) - datetime.timedelta(days=8)
    high = max(c.end for c in candidates) + datetime.timedelta(days=8)
    own_pks = {c.pk for c in candidates if c.pk}
    existing = list(
        Event.objects.filter(
            collaborative=collaborative, cancelled=False, start__lt=high, end__gt=low
        )
        .exclude(pk__in=own_pks)
        .prefetch_related("facilitators")
    )
    sessions = [e for e in existing if e.kind == Event.Kind.LEARNING_SESSION]
    others = [
        Candidate.of(e, frozenset(u.pk for u in e.facilitators.all()))
        for e in existing
        if e.kind not in (Event.Kind.LEARNING_SESSION, Event.Kind.PRE_WORK)
    ]

    def people_of(candidate: Candidate) -> set[int]:
        return {
            m.user_id
            for m in memberships
            if in_audience(
                m,
                candidate.audience,
                candidate.audience_center_role,
                candidate.audience_center_id,
            )
        } | set(candidate.facilitator_ids)

    names = {m.user_id: str(m.user) for m in memberships}
    audience_cache: dict[tuple, set[int]] = {}

    def cached_people(candidate: Candidate) -> set[int]:
        key = (
            candidate.audience,
            candidate.audience_center_role,
            candidate.audience_center_id,
            candidate.facilitator_ids,
        )
        if key not in audience_cache:
            audience_cache[key] = people_of(candidate)
        return audience_cache[key]

    # Calls by ISO week, from the existing events and the candidates themselves.
    week_calls: dict[tuple[int, int], list[Candidate]] = defaultdict(list)
    for other in others + [c for c in candidates if c.is_call]:
        week_calls[other.start.astimezone(tz).isocalendar()[:2]].append(other)

    first = candidates[0]
    if not cached_people(first):
        clashes.append(
            Clash(
                "empty_audience",
                days[0],
                _("Nobody is in this audience yet: no one would be invited."),
            )
        )
    for candidate, day in zip(candidates, days, strict=True):
        if day in public_holidays:
            clashes.append(
                Clash(
                    "holiday",
                    day,
                    _("%(day)s is a public holiday: %(name)s.")
                    % {"day": day.isoformat(), "name": public_holidays.get(day)},
                )
            )
        if day < collaborative.start_date or day > collaborative.end_date:
            clashes.append(
                Clash(
                    "outside",
                    day,
                    _("%(day)s is outside the collaborative's dates (%(start)s to %(end)s).")
                    % {
                        "day": day.isoformat(),
                        "start": collaborative.start_date.isoformat(),
                        "end": collaborative.end_date.isoformat(),
                    },
                )
            )
        if candidate.is_call:
            for session in sessions:
                session_first = session.start.astimezone(tz).date()
                session_last = session.end.astimezone(tz).date()
                if session_first <= day <= session_last:
                    clashes.append(
                        Clash(
                            "learning_session",
                            day,
                            _("%(day)s falls during %(session)s.")
                            % {"day": day.isoformat(), "session": session.title},
                        )
                    )
            people = cached_people(candidate)
            week = candidate.start.astimezone(tz).isocalendar()[:2]
            for other in week_calls[week]:
                if other is candidate:
                    continue
                shared = people & cached_people(other)
                if shared:
                    shown = sorted(names.get(pk, "?") for pk in shared)
                    clashes.append(
                        Clash(
                            "double_booked",
                            day,
                            _(
                                "%(count)s people would have two calls in the week of %(day)s "
                                "(also %(other)s on %(other_day)s)."
                            )
                            % {
                                "count": len(shared),
                                "day": day.isoformat(),
                                "other": other.title,
                                "other_day": other.start.astimezone(tz).date().isoformat(),
                            },
                            shown[:limit_people],
                        )
                    )
    return clashes
