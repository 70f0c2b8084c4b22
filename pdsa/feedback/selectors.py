from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from pdsa.board.models import BoardSettings
from pdsa.coaching.models import FacultyAssignment
from pdsa.cycles.models import Cycle

if TYPE_CHECKING:
    from bsc.tenancy import Access
from pdsa.coaching.selectors import current_period
from pdsa.cycles.selectors import cycles_visible_to


def feedback_after_days(access: Access) -> int:
    settings = BoardSettings.objects.filter(collaborative=access.collaborative).first()
    return settings.feedback_after_days if settings else 7


def feedback_queue(
    access: Access, now: datetime.datetime | None = None, days: int | None = None
) -> QuerySet[Cycle]:
    """Cycles posted or updated more than N days ago with no faculty/IT comment since (N is
    `days` when the caller has read it already, else the collaborative's setting).

    Oldest first; for a faculty coach, the centers assigned to them this Action Period first.
    """
    now = now or timezone.now()
    if days is None:
        days = feedback_after_days(access)
    cutoff = now - datetime.timedelta(days=days)
    cycles = (
        cycles_visible_to(access)
        .filter(activity_at__lte=cutoff)
        .filter(Q(feedback_at__isnull=True) | Q(feedback_at__lt=F("activity_at")))
        .select_related("ramp__center")
    )
    period = current_period(access)
    if access.is_faculty and period is not None:
        mine = FacultyAssignment.objects.filter(
            collaborative=access.collaborative,
            period=period,
            faculty=access.user,
            center=OuterRef("ramp__center"),
        )
        cycles = cycles.annotate(assigned_to_me=Exists(mine)).order_by(
            "-assigned_to_me", "activity_at"
        )
    else:
        cycles = cycles.order_by("activity_at")
    return cycles


# Discussions beyond cycles that wait for a coach: the target's newest comment is a center
# member's (on a center's chart for a month, a resource or a self-assessment).
DISCUSSION_TARGETS = ("chart", "resource", "self_assessment", "action_plan")


def discussions_awaiting_feedback(access: Access, limit: int = 50) -> list:
    """The newest comment of each chart, resource, self-assessment and Action Plan discussion
    whose last word is a center member's, oldest first: two queries whatever their number.

    The last word of each discussion is found over narrow rows (ids, dates, who wrote); only
    the comments shown are then read with what their lines name, so neither planning nor
    reading the whole history carries the joins of every kind of target."""
    from collaboratives.membership.models import Membership
    from pdsa.discussion.models import Comment

    reviewers = Membership.objects.filter(
        collaborative=access.collaborative,
        role__in=[Membership.Role.IMPLEMENTATION_TEAM, Membership.Role.FACULTY],
        user=OuterRef("author"),
    )
    target_filter = Q()
    for name in DISCUSSION_TARGETS:
        target_filter |= Q(**{f"{name}__isnull": False})
    target_columns = [f"{name}_id" for name in DISCUSSION_TARGETS]
    rows = (
        Comment.objects.filter(collaborative=access.collaborative)
        .filter(target_filter)
        .annotate(by_reviewer=Exists(reviewers))
        .order_by("created_at", "pk")
        .values_list("pk", "created_at", "by_reviewer", *target_columns)
    )
    last: dict[tuple[int, int], tuple[Any, int, bool]] = {}
    for pk, created_at, by_reviewer, *targets in rows:
        position = next(i for i, target in enumerate(targets) if target)
        last[(position, targets[position])] = (created_at, pk, by_reviewer)
    waiting = sorted(
        (created_at, pk) for created_at, pk, by_reviewer in last.values() if not by_reviewer
    )[:limit]
    shown = {
        comment.pk: comment
        for comment in Comment.objects.filter(
            pk__in=[pk for _created, pk in waiting]
        ).select_related(
            "author",
            "chart__center",
            "chart__metric",
            "resource",
            "self_assessment__center",
            "self_assessment__round",
            "action_plan__center",
            "action_plan__event",
        )
    }
    return [shown[pk] for _created, pk in waiting if pk in shown]
