"""Reads of the continuum: Action Period spans, the collaborative table and one center's
timeline. Never shown to centers: every caller holds `view_engagement`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from bsc.tenancy import Access, centers_visible_to
from centers.teams.models import Center
from collaboratives.schedule.phases import collaborative_phases
from metrics.engagement.continuum import Suggestion, drop_reason, suggest
from metrics.engagement.models import EngagementPosition
from metrics.engagement.signals import MonthSignals, engagement_signals
from metrics.values.validation import collaborative_months, collaborative_today


@dataclass(frozen=True)
class Period:
    number: int
    label: str
    months: tuple[datetime.date, ...]


def action_periods(access: Access, today: datetime.date | None = None) -> list[Period]:
    """The Action Periods begun so far, each with its months up to today."""
    today = today or collaborative_today(access.collaborative)
    periods = []
    phases = [p for p in collaborative_phases(access.collaborative) if p.key.startswith("ap")]
    phases += [p for p in collaborative_phases(access.collaborative) if p.key == "sustainability"]
    for index, phase in enumerate(phases, start=1):
        number = int(phase.key[2:]) if phase.key.startswith("ap") else index
        if phase.start > today:
            continue
        first = phase.start.replace(day=1)
        last = min(phase.end, today).replace(day=1)
        months = []
        month = first
        while month <= last:
            months.append(month)
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        periods.append(Period(number, phase.label, tuple(months)))
    return periods


@dataclass
class CenterRow:
    center: Center
    months: list[MonthSignals]
    suggestion: Suggestion | None
    positions: dict[int, EngagementPosition] = field(default_factory=dict)
    dropped: str | None = None

    @property
    def scores(self) -> list[float]:
        return [m.score() or 0.0 for m in self.months]

    @property
    def cycles(self) -> list[int]:
        return [m.cycles_started for m in self.months]

    @property
    def plan_items_moved(self) -> list[int]:
        return [m.plan_items_moved for m in self.months]


def engagement_table(access: Access, period: Period | None) -> list[CenterRow]:
    """Every center's months, its suggestion for `period` and its positions in every
    period: a fixed number of queries however many centers and months."""
    centers = list(centers_visible_to(access).order_by("name"))
    months = collaborative_months(access.collaborative)
    signals = engagement_signals(access.collaborative, centers, months)
    positions: dict[int, dict[int, EngagementPosition]] = {}
    for row in EngagementPosition.objects.filter(center__in=centers).select_related("set_by"):
        positions.setdefault(row.center_id, {})[row.period] = row
    rows = []
    wanted = set(period.months) if period else set()
    for center in centers:
        center_months = signals[center.pk]
        in_period = [m for m in center_months if m.month in wanted]
        rows.append(
            CenterRow(
                center=center,
                months=center_months,
                suggestion=suggest(in_period) if in_period else None,
                positions=positions.get(center.pk, {}),
                dropped=drop_reason(_complete_months(access, center_months)),
            )
        )
    return rows


def _complete_months(access: Access, months: list[MonthSignals]) -> list[MonthSignals]:
    """Months before the current one: this month is not over and would always look low."""
    this_month = collaborative_today(access.collaborative).replace(day=1)
    return [m for m in months if m.month < this_month]


def center_timeline(access: Access, center: Center) -> list[MonthSignals]:
    months = collaborative_months(access.collaborative)
    return engagement_signals(access.collaborative, [center], months)[center.pk]


def dropped_centers(access: Access) -> list[tuple[Center, str]]:
    """Centers whose last complete month fell below the three before it, with the reason."""
    today = collaborative_today(access.collaborative)
    this_month = today.replace(day=1)
    months = [m for m in collaborative_months(access.collaborative) if m < this_month][-4:]
    centers = list(centers_visible_to(access).order_by("name"))
    signals = engagement_signals(access.collaborative, centers, months)
    result = []
    for center in centers:
        reason = drop_reason(signals[center.pk])
        if reason:
            result.append((center, reason))
    return result
