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
    """The collaborative's feed, newest first, with the board's filters applied: a page of it
    is read with `feed_entries`."""
    entries = BoardEntry.objects.filter(collaborative=access.collaborative)
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


# What a line of the feed shows. The page's ids are found on the entries alone; only those
# rows are then joined to their cycle, post or resource, so neither the sort nor the count
# carries the wide joined rows of the whole feed.
FEED_LINE_FIELDS = (
    "kind",
    "updated_at",
    "is_update",
    "cycle__public_id",
    "cycle__number",
    "cycle__stage",
    "cycle__scale",
    "cycle__activity_at",
    "cycle__feedback_at",
    "cycle__ramp__title",
    "cycle__ramp__center__name",
    "post__public_id",
    "post__kind",
    "post__title",
    "post__author__full_name",
    "post__author__email",
    "post__affinity_group__name",
    "resource__title",
)


def feed_entries(ids: list[int]) -> list[BoardEntry]:
    """The entries with these ids, in the order given, with what a feed line shows."""
    rows = (
        BoardEntry.objects.filter(pk__in=ids)
        .select_related("cycle__ramp__center", "post__author", "post__affinity_group", "resource")
        .only(*FEED_LINE_FIELDS)
    )
    by_id = {entry.pk: entry for entry in rows}
    return [by_id[pk] for pk in ids if pk in by_id]
