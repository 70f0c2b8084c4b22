from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.template.defaultfilters import urlencode
from django.urls import reverse
from django.utils.translation import gettext as _

from bsc.formatting import day
from bsc.links import ANY, link_maker
from collaboratives.membership.models import Membership
from pdsa.board.models import BoardEntry, Post
from pdsa.cycles.models import Cycle

if TYPE_CHECKING:
    from bsc.tenancy import Access
from pdsa.cycles.selectors import _uuid_lookup


def get_post(access: Access, public_id: Any, permission: str | None = None) -> Post:
    queryset = Post.objects.select_related("author", "center", "affinity_group")
    return _uuid_lookup(queryset, access, "collaborative", public_id, permission)


def board_feed(access: Access, filters: dict[str, str]) -> QuerySet[BoardEntry]:
    """The collaborative's feed, newest first, with the board's filters applied: a page of it
    is read with `feed_lines`."""
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
# rows are then joined to their cycle, post or resource, and read as plain values: neither the
# sort nor the count carries the wide joined rows of the whole feed, and no model is built per
# line.
FEED_LINE_FIELDS = (
    "pk",
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


@dataclass(frozen=True)
class FeedLine:
    """One line of the feed as the page draws it: its words and link worked out once here,
    not through a template tag per line."""

    kind: str
    badge: str
    href: str
    title: str
    meta: str
    needs_feedback: bool = False
    group: str = ""


def feed_lines(ids: list[int], slug: str) -> list[FeedLine]:
    """The entries with these ids, in the order given, as the lines the feed shows."""
    # Unsorted: the lines are put in the page's order below.
    rows = {
        row["pk"]: row
        for row in BoardEntry.objects.filter(pk__in=ids).order_by().values(*FEED_LINE_FIELDS)
    }
    cycle_href = link_maker("pdsa:cycle-detail", slug=slug, cycle=ANY)
    post_href = link_maker("pdsa:post-detail", slug=slug, post=ANY)
    library = reverse("pdsa:library", kwargs={"slug": slug})
    stages = {value: str(label) for value, label in Cycle.Stage.choices}
    scales = {value: str(label) for value, label in Cycle.Scale.choices}
    post_kinds = {value: str(label) for value, label in Post.Kind.choices}
    pdsa, resource, updated = _("PDSA"), _("Resource"), _("updated")
    lines = []
    for row in (rows[pk] for pk in ids if pk in rows):
        when = day(row["updated_at"])
        if row["kind"] == BoardEntry.Kind.CYCLE:
            activity, feedback = row["cycle__activity_at"], row["cycle__feedback_at"]
            scale = row["cycle__scale"]
            meta = [
                row["cycle__ramp__center__name"] or "",
                stages.get(row["cycle__stage"], row["cycle__stage"]),
                scales.get(scale, scale or ""),
            ]
            if row["is_update"]:
                meta.append(updated)
            meta.append(when)
            lines.append(
                FeedLine(
                    kind="cycle",
                    badge=pdsa,
                    href=cycle_href(row["cycle__public_id"]),
                    title=f"{row['cycle__ramp__title']} — "
                    + _("cycle %(n)s") % {"n": row["cycle__number"]},
                    meta=" · ".join(meta),
                    # As Cycle.needs_feedback, from the two dates read.
                    needs_feedback=activity is not None
                    and (feedback is None or feedback < activity),
                )
            )
        elif row["kind"] == BoardEntry.Kind.POST:
            group = row["post__affinity_group__name"]
            author = row["post__author__full_name"] or row["post__author__email"] or ""
            lines.append(
                FeedLine(
                    kind="post",
                    badge=post_kinds.get(row["post__kind"], row["post__kind"]),
                    href=post_href(row["post__public_id"]),
                    title=row["post__title"],
                    meta=f"{author} · {when}",
                    group=_("To %(group)s") % {"group": group} if group else "",
                )
            )
        else:
            title = row["resource__title"] or ""
            lines.append(
                FeedLine(
                    kind="resource",
                    badge=resource,
                    href=f"{library}?q={urlencode(title)}",
                    title=title,
                    meta=when,
                )
            )
    return lines
