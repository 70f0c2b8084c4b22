from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from collaboratives.membership.models import Membership
from pdsa.board.models import BoardEntry, Post

if TYPE_CHECKING:
    from bsc.tenancy import Access
from pdsa.cycles.selectors import _uuid_lookup


def get_post(access: Access, public_id: Any, permission: str | None = None) -> Post:
    queryset = Post.objects.select_related("author", "center", "affinity_group")
    return _uuid_lookup(queryset, access, "collaborative", public_id, permission)


def board_feed(access: Access, filters: dict[str, str]) -> QuerySet[BoardEntry]:
    """The collaborative's feed, newest first, with the board's filters applied."""
    entries = BoardEntry.objects.filter(collaborative=access.collaborative).select_related(
        "center",
        "cycle__ramp__center",
        "post__author",
        "post__affinity_group",
        "resource",
    )
    if filters.get("kind") in BoardEntry.Kind.values:
        entries = entries.filter(kind=filters["kind"])
    if filters.get("center"):
        entries = entries.filter(center__slug=filters["center"])
    if filters.get("status"):
        entries = entries.filter(cycle__ramp__status=filters["status"])
    if filters.get("secondary"):
        entries = entries.filter(
            Q(cycle__ramp__secondary_drivers__public_id=filters["secondary"])
            | Q(resource__drivers__public_id=filters["secondary"])
        )
    if filters.get("primary"):
        entries = entries.filter(
            Q(cycle__ramp__secondary_drivers__primary__public_id=filters["primary"])
            | Q(resource__drivers__primary__public_id=filters["primary"])
        )
    if filters.get("group") in Membership.CenterRole.values:
        # Affinity groups are role-based across centers: whose role wrote the cycle or post,
        # and the posts addressed to the group.
        in_group = Membership.objects.filter(
            collaborative=access.collaborative, center_role=filters["group"]
        )
        entries = entries.filter(
            Exists(in_group.filter(user=OuterRef("cycle__created_by")))
            | Exists(in_group.filter(user=OuterRef("post__author")))
            | Q(post__affinity_group__center_role=filters["group"])
        )
    if filters.get("no_feedback"):
        entries = entries.filter(kind=BoardEntry.Kind.CYCLE).filter(
            Q(cycle__feedback_at__isnull=True) | Q(cycle__feedback_at__lt=F("cycle__activity_at"))
        )
    if filters.get("secondary") or filters.get("primary"):
        entries = entries.distinct()
    return entries.order_by("-updated_at", "-pk")
