"""Participation signals per center and month, for the continuum of engagement (Field Guide,
Section 2, Figure 5: early adopters, early majority, late majority, late adopters).

Each signal is counted from the records the work leaves: cycles started (their start date, or
the day they were written) and completed (the Act saved), each month's metric values and
whether they came by the due day, attendance at Learning Sessions and all-team calls (and the
center's own consultations), board posts and comments by the team, self-assessments
submitted, replies of the team to a faculty coach's comment, and the items of the team's
Action Plans after a Learning Session moved to ramps (a change started as a new ramp, or a
ramp linked to expand or spread). A fixed number of queries
whatever the number of centers or months.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from centers.assessments.models import SelfAssessment
from centers.teams.models import Center
from collaboratives.membership.models import Collaborative, Membership
from collaboratives.schedule.models import Event, EventAttendance
from metrics.values.models import MetricsSettings, MetricValue
from pdsa.action_plans.models import ActionPlanItem
from pdsa.board.models import Post
from pdsa.cycles.models import Cycle
from pdsa.discussion.models import Comment

# Metric months are "late" when any value came after the due day, "missing" when a metric
# has no value at all (once the due day has passed).
ON_TIME, LATE, MISSING, NOT_DUE = "on_time", "late", "missing", "not_due"
# Events every center team is expected at.
TEAM_EVENT_KINDS = (Event.Kind.LEARNING_SESSION, Event.Kind.ALL_TEAM_CALL)


@dataclass
class MonthSignals:
    month: datetime.date
    cycles_started: int = 0
    cycles_completed: int = 0
    metrics: str = NOT_DUE
    events_held: int = 0
    events_attended: int = 0
    posts: int = 0
    comments: int = 0
    assessments_submitted: int = 0
    feedback_answered: int = 0
    plan_items_moved: int = 0

    @property
    def discussion(self) -> int:
        return self.posts + self.comments

    @property
    def pdsa_activity(self) -> int:
        return self.cycles_started + self.cycles_completed + self.plan_items_moved

    def score(self) -> float | None:
        """0 (nothing) to 1 (fully engaged) for the month, from the signals that apply."""
        # Moving an Action Plan item to a ramp is PDSA activity as much as starting a cycle.
        parts = [min(1.0, self.pdsa_activity)]
        if self.metrics != NOT_DUE:
            parts.append({ON_TIME: 1.0, LATE: 0.5, MISSING: 0.0}[self.metrics])
        if self.events_held:
            parts.append(self.events_attended / self.events_held)
        parts.append(min(1.0, self.discussion / 2))
        return sum(parts) / len(parts)


def _month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _local_month(moment: datetime.datetime, tz: zoneinfo.ZoneInfo) -> datetime.date:
    return moment.astimezone(tz).date().replace(day=1)


def engagement_signals(
    collaborative: Collaborative,
    centers: Sequence[Center],
    months: Sequence[datetime.date],
    *,
    now: datetime.datetime | None = None,
) -> dict[int, list[MonthSignals]]:
    """center id → one MonthSignals per month of `months` (first days, oldest first)."""
    now = now or timezone.now()
    tz = zoneinfo.ZoneInfo(collaborative.timezone)
    today = now.astimezone(tz).date()
    result = {c.pk: {m: MonthSignals(m) for m in months} for c in centers}
    if not months or not centers:
        return {pk: list(rows.values()) for pk, rows in result.items()}
    center_ids = [c.pk for c in centers]
    first = months[0]
    last_month = months[-1]
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=tz)

    def bump(center_id: int | None, month: datetime.date, name: str, by: int = 1) -> None:
        row = result.get(center_id, {}).get(month)
        if row is not None:
            setattr(row, name, getattr(row, name) + by)

    # Cycles started and completed.
    for center_id, start_date, created_at, act_saved_at, decision in (
        Cycle.objects.filter(ramp__center__in=center_ids)
        .filter(Q(start_date__gte=first) | Q(created_at__gte=start) | Q(act_saved_at__gte=start))
        .values_list("ramp__center_id", "start_date", "created_at", "act_saved_at", "decision")
    ):
        began = _month(start_date) if start_date else _local_month(created_at, tz)
        bump(center_id, began, "cycles_started")
        if act_saved_at and decision:
            bump(center_id, _local_month(act_saved_at, tz), "cycles_completed")

    # Metric values: on time, late or missing, once the month is due.
    settings = MetricsSettings.objects.filter(
        collaborative=collaborative
    ).first() or MetricsSettings(collaborative=collaborative)
    metric_count = collaborative.metrics.count()
    submitted: dict[tuple[int, datetime.date], list[datetime.date]] = defaultdict(list)
    for center_id, month, first_submitted_at in MetricValue.objects.filter(
        center__in=center_ids, month__gte=first, month__lte=last_month
    ).values_list("center_id", "month", "first_submitted_at"):
        submitted[(center_id, month)].append(first_submitted_at.astimezone(tz).date())
    for center_id in center_ids:
        for month in months:
            due = settings.due_date(month)
            days = submitted.get((center_id, month), [])
            if today <= due and len(days) < metric_count:
                continue  # still open: neither late nor missing yet
            row = result[center_id][month]
            if metric_count == 0:
                continue
            if len(days) < metric_count:
                row.metrics = MISSING
            elif any(day > due for day in days):
                row.metrics = LATE
            else:
                row.metrics = ON_TIME

    # Attendance at the events the team is expected at, held (ended) in the month.
    events = list(
        Event.objects.filter(
            collaborative=collaborative, cancelled=False, start__gte=start, end__lte=now
        )
        .filter(
            Q(
                kind__in=TEAM_EVENT_KINDS,
                audience__in=[Event.Audience.EVERYONE, Event.Audience.CENTER_TEAMS],
            )
            | Q(audience=Event.Audience.CENTER, audience_center__in=center_ids)
        )
        .values_list("pk", "start", "audience", "audience_center_id")
    )
    attended = set(
        EventAttendance.objects.filter(event__in=[e[0] for e in events], center__isnull=False)
        .values_list("event_id", "center_id")
        .distinct()
    )
    # An event nobody is recorded at had no attendance taken: it counts for no one.
    taken = {event_id for event_id, _center_id in attended}
    for event_id, event_start, audience, audience_center_id in events:
        if event_id not in taken:
            continue
        month = _local_month(event_start, tz)
        expected = [audience_center_id] if audience == Event.Audience.CENTER else center_ids
        for center_id in expected:
            bump(center_id, month, "events_held")
            if (event_id, center_id) in attended:
                bump(center_id, month, "events_attended")

    # Board posts and comments by the team's members; replies to a faculty coach's comment.
    team_of = dict(
        Membership.objects.filter(
            collaborative=collaborative, center__in=center_ids, role=Membership.Role.CENTER_MEMBER
        ).values_list("user_id", "center_id")
    )
    faculty = set(
        Membership.objects.filter(
            collaborative=collaborative, role=Membership.Role.FACULTY
        ).values_list("user_id", flat=True)
    )
    for center_id, created_at in Post.objects.filter(
        collaborative=collaborative, center__in=center_ids, created_at__gte=start
    ).values_list("center_id", "created_at"):
        bump(center_id, _local_month(created_at, tz), "posts")
    for author_id, created_at, parent_author_id in Comment.objects.filter(
        collaborative=collaborative, author__in=list(team_of), created_at__gte=start
    ).values_list("author_id", "created_at", "parent__author_id"):
        month = _local_month(created_at, tz)
        bump(team_of[author_id], month, "comments")
        if parent_author_id in faculty:
            bump(team_of[author_id], month, "feedback_answered")

    for center_id, submitted_at in SelfAssessment.objects.filter(
        center__in=center_ids, submitted_at__gte=start
    ).values_list("center_id", "submitted_at"):
        bump(center_id, _local_month(submitted_at, tz), "assessments_submitted")

    # Action Plan items moved to ramps; an item whose ramp was deleted is no longer moved.
    for center_id, moved_at in ActionPlanItem.objects.filter(
        plan__center__in=center_ids, ramp__isnull=False, moved_at__gte=start
    ).values_list("plan__center_id", "moved_at"):
        bump(center_id, _local_month(moved_at, tz), "plan_items_moved")

    return {pk: list(rows.values()) for pk, rows in result.items()}
