from __future__ import annotations

import datetime
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import holidays as holidays_lib
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bsc import formatting
from collaboratives.membership.models import Collaborative, Membership
from collaboratives.schedule.models import Event

if TYPE_CHECKING:
    pass
from collaboratives.schedule.selectors import in_audience


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

    @property
    def label(self) -> str:
        """What kind of clash this is, in words."""
        return str(CLASH_LABELS.get(self.kind, self.kind))


CLASH_LABELS = {
    "holiday": gettext_lazy("Public holiday"),
    "outside": gettext_lazy("Outside the collaborative's dates"),
    "learning_session": gettext_lazy("During a Learning Session"),
    "double_booked": gettext_lazy("Two calls in one week"),
    "empty_audience": gettext_lazy("Nobody invited"),
}


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
                    % {"day": formatting.day(day), "name": public_holidays.get(day)},
                )
            )
        if day < collaborative.start_date or day > collaborative.end_date:
            clashes.append(
                Clash(
                    "outside",
                    day,
                    _("%(day)s is outside the collaborative's dates (%(start)s to %(end)s).")
                    % {
                        "day": formatting.day(day),
                        "start": formatting.day(collaborative.start_date),
                        "end": formatting.day(collaborative.end_date),
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
                            % {"day": formatting.day(day), "session": session.title},
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
                                "day": formatting.day(day),
                                "other": other.title,
                                "other_day": formatting.day(other.start.astimezone(tz).date()),
                            },
                            shown[:limit_people],
                        )
                    )
    return clashes
