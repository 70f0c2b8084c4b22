from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

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
    whose last word is a center member's, oldest first: two queries whatever their number."""
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
    comments = (
        Comment.objects.filter(collaborative=access.collaborative)
        .filter(target_filter)
        .annotate(by_reviewer=Exists(reviewers))
        .select_related(
            "author",
            "chart__center",
            "chart__metric",
            "resource",
            "self_assessment__center",
            "self_assessment__round",
            "action_plan__center",
            "action_plan__event",
        )
        .order_by("created_at", "pk")
    )
    last: dict[tuple[str, int], Comment] = {}
    for comment in comments:
        name = next(n for n in DISCUSSION_TARGETS if getattr(comment, f"{n}_id"))
        last[(name, getattr(comment, f"{name}_id"))] = comment
    waiting = [c for c in last.values() if not c.by_reviewer]
    waiting.sort(key=lambda c: c.created_at)
    return waiting[:limit]
