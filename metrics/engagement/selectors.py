"""Reads of the continuum: Action Period spans, the collaborative table and one center's
timeline. Never shown to centers: every caller holds `view_engagement`."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils import timezone

from bsc.tenancy import Access, centers_visible_to
from centers.assessments.models import SelfAssessment
from centers.teams.models import Center
from collaboratives.membership.models import Collaborative, Membership
from collaboratives.schedule.models import Event, EventAttendance
from collaboratives.schedule.phases import request_phases
from metrics.charts.cache import cache_stamp, cached
from metrics.engagement.continuum import Suggestion, drop_reason, suggest
from metrics.engagement.models import EngagementPosition
from metrics.engagement.signals import MonthSignals, engagement_signals
from metrics.values.validation import collaborative_months, collaborative_today
from pdsa.action_plans.models import ActionPlanItem
from pdsa.board.models import Post
from pdsa.discussion.models import Comment


@dataclass(frozen=True)
class Period:
    number: int
    label: str
    months: tuple[datetime.date, ...]


def action_periods(access: Access, today: datetime.date | None = None) -> list[Period]:
    """The Action Periods begun so far, each with its months up to today."""
    today = today or collaborative_today(access.collaborative)
    periods = []
    every = request_phases(access)  # shared with the layout's phase label
    phases = [p for p in every if p.key.startswith("ap")]
    phases += [p for p in every if p.key == "sustainability"]
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


@dataclass(frozen=True)
class CenterSummary:
    """What the table shows of one center's months: kept in the cache as plain values."""

    scores: tuple[float, ...]
    cycles: tuple[int, ...]
    plan_items_moved: tuple[int, ...]
    suggestion: Suggestion | None
    dropped: str | None

    @property
    def attention(self) -> tuple[bool, float]:
        """Dropped centers first, then the least engaged: those the IT should look at."""
        return (self.dropped is None, self.suggestion.score if self.suggestion else 1.0)


@dataclass
class CenterRow:
    center: Center
    summary: CenterSummary
    positions: dict[int, EngagementPosition] = field(default_factory=dict)

    @property
    def suggestion(self) -> Suggestion | None:
        return self.summary.suggestion

    @property
    def dropped(self) -> str | None:
        return self.summary.dropped

    @property
    def scores(self) -> list[float]:
        return list(self.summary.scores)

    @property
    def cycles(self) -> list[int]:
        return list(self.summary.cycles)

    @property
    def plan_items_moved(self) -> list[int]:
        return list(self.summary.plan_items_moved)


def signals_stamp(collaborative: Collaborative) -> str:
    """Every record the signals count from, as counts and latest changes: a new cycle, value,
    attendance, post, comment, self-assessment, member or Action Plan item moved to a ramp
    changes it, and so does an event ending (it starts to count)."""
    events = Event.objects.filter(collaborative=collaborative)
    attendance = EventAttendance.objects.filter(event__collaborative=collaborative)
    posts = Post.objects.filter(collaborative=collaborative)
    comments = Comment.objects.filter(collaborative=collaborative)
    assessments = SelfAssessment.objects.filter(center__collaborative=collaborative)
    members = Membership.objects.filter(collaborative=collaborative)
    moved = ActionPlanItem.objects.filter(
        plan__center__collaborative=collaborative, ramp__isnull=False
    )
    return cache_stamp(
        collaborative,
        events_n=(events, "COUNT", "id"),
        events_ended=(events.filter(end__lte=timezone.now()), "COUNT", "id"),
        events_last=(events, "MAX", "updated_at"),
        attendance_n=(attendance, "COUNT", "id"),
        attendance_last=(attendance, "MAX", "id"),
        posts_n=(posts, "COUNT", "id"),
        posts_last=(posts, "MAX", "updated_at"),
        comments_n=(comments, "COUNT", "id"),
        comments_last=(comments, "MAX", "id"),
        assessments_n=(assessments, "COUNT", "id"),
        assessments_last=(assessments, "MAX", "updated_at"),
        members_n=(members, "COUNT", "id"),
        members_last=(members, "MAX", "id"),
        plan_items_moved_n=(moved, "COUNT", "id"),
        plan_items_moved_last=(moved, "MAX", "moved_at"),
    )


def _summaries(
    access: Access, centers: list[Center], period: Period | None
) -> dict[int, CenterSummary]:
    months = collaborative_months(access.collaborative)
    signals = engagement_signals(access.collaborative, centers, months)
    wanted = set(period.months) if period else set()
    summaries = {}
    for center in centers:
        center_months = signals[center.pk]
        in_period = [m for m in center_months if m.month in wanted]
        summaries[center.pk] = CenterSummary(
            scores=tuple(m.score() or 0.0 for m in center_months),
            cycles=tuple(m.cycles_started for m in center_months),
            plan_items_moved=tuple(m.plan_items_moved for m in center_months),
            suggestion=suggest(in_period) if in_period else None,
            dropped=drop_reason(_complete_months(access, center_months)),
        )
    return summaries


def engagement_table(
    access: Access, period: Period | None, *, stamp: str | None = None
) -> list[CenterRow]:
    """Every center's summary and its suggestion for `period`, the centers that need
    attention first: a fixed number of queries however many centers and months, and the
    signals counted once per change of the records they come from. Positions are read for
    the rows shown (`with_positions`)."""
    # The columns the table shows: the signals count by id, the rows show name and slug.
    centers = list(centers_visible_to(access).order_by("name").only("pk", "name", "slug"))
    summaries = cached(
        stamp or signals_stamp(access.collaborative),
        "engagement-summaries",
        [c.pk for c in centers],
        period.months if period else (),
        compute=lambda: _summaries(access, centers, period),
    )
    rows = [CenterRow(center=center, summary=summaries[center.pk]) for center in centers]
    rows.sort(key=lambda row: row.summary.attention)
    return rows


def with_positions(rows: Sequence[CenterRow]) -> Sequence[CenterRow]:
    """`rows` with each center's positions in every period, in one query."""
    positions: dict[int, dict[int, EngagementPosition]] = {}
    for row in EngagementPosition.objects.filter(center__in=[r.center for r in rows]):
        positions.setdefault(row.center_id, {})[row.period] = row
    for row in rows:
        row.positions = positions.get(row.center.pk, {})
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
    centers = list(centers_visible_to(access).order_by("name"))
    reasons = cached(
        signals_stamp(access.collaborative),
        "engagement-dropped",
        [c.pk for c in centers],
        compute=lambda: _drop_reasons(access, centers),
    )
    return [(center, reasons[center.pk]) for center in centers if center.pk in reasons]


def _drop_reasons(access: Access, centers: list[Center]) -> dict[int, str]:
    this_month = collaborative_today(access.collaborative).replace(day=1)
    months = [m for m in collaborative_months(access.collaborative) if m < this_month][-4:]
    signals = engagement_signals(access.collaborative, centers, months)
    return {center.pk: reason for center in centers if (reason := drop_reason(signals[center.pk]))}
