"""Reads for PDSA and the board, always scoped by an `Access`."""

from __future__ import annotations

import datetime
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from bsc.tenancy import get_object_in_collaborative
from collaboratives.models import Membership, PrimaryDriver, SecondaryDriver

from .models import (
    Attachment,
    BoardEntry,
    BoardSettings,
    Comment,
    Cycle,
    FacultyAssignment,
    Post,
    Ramp,
    Resource,
)

if TYPE_CHECKING:
    from bsc.tenancy import Access
    from centers.models import Center


def ramps_visible_to(access: Access) -> QuerySet[Ramp]:
    return Ramp.objects.filter(center__collaborative=access.collaborative)


def cycles_visible_to(access: Access) -> QuerySet[Cycle]:
    return Cycle.objects.filter(ramp__center__collaborative=access.collaborative)


def _uuid_lookup(queryset: QuerySet, access: Access, path: str, public_id: Any, perm: str | None):
    return get_object_in_collaborative(
        access, queryset, perm, collaborative_path=path, public_id=public_id
    )


def get_ramp(access: Access, public_id: Any, permission: str | None = None) -> Ramp:
    queryset = Ramp.objects.select_related("center", "origin__center")
    return _uuid_lookup(queryset, access, "center__collaborative", public_id, permission)


def get_cycle(access: Access, public_id: Any, permission: str | None = None) -> Cycle:
    queryset = Cycle.objects.select_related("ramp__center")
    cycle = _uuid_lookup(queryset, access, "ramp__center__collaborative", public_id, None)
    if permission:
        access.require(permission, cycle.ramp)
    return cycle


def get_post(access: Access, public_id: Any, permission: str | None = None) -> Post:
    queryset = Post.objects.select_related("author", "center")
    return _uuid_lookup(queryset, access, "collaborative", public_id, permission)


def get_comment(access: Access, public_id: Any) -> Comment:
    queryset = Comment.objects.select_related("author", "cycle__ramp__center", "ramp", "post")
    return _uuid_lookup(queryset, access, "collaborative", public_id, None)


def get_attachment(access: Access, public_id: Any) -> Attachment:
    queryset = Attachment.objects.select_related("cycle__ramp")
    return _uuid_lookup(queryset, access, "cycle__ramp__center__collaborative", public_id, None)


def get_resource(access: Access, public_id: Any) -> Resource:
    return _uuid_lookup(Resource.objects.all(), access, "collaborative", public_id, None)


def drivers_of(access: Access) -> QuerySet[SecondaryDriver]:
    return SecondaryDriver.objects.filter(
        primary__framework__collaborative=access.collaborative, retired_at__isnull=True
    ).select_related("primary")


def primary_drivers_of(access: Access) -> QuerySet[PrimaryDriver]:
    return PrimaryDriver.objects.filter(framework__collaborative=access.collaborative)


@dataclass
class DriverGroup:
    primary: PrimaryDriver | None
    ramps: list[Ramp] = field(default_factory=list)


def center_ramps_by_driver(center: Center) -> list[DriverGroup]:
    """A center's ramps grouped by primary driver (a ramp appears under each of its drivers)."""
    ramps = (
        Ramp.objects.filter(center=center)
        .annotate(cycle_count=Count("cycles"))
        .select_related("origin__center")
        .prefetch_related(
            Prefetch(
                "secondary_drivers",
                queryset=SecondaryDriver.objects.select_related("primary"),
            )
        )
        .order_by("title")
    )
    groups: dict[Any, DriverGroup] = OrderedDict()
    unlinked = DriverGroup(primary=None)
    for ramp in ramps:
        primaries = {d.primary.pk: d.primary for d in ramp.secondary_drivers.all()}
        if not primaries:
            unlinked.ramps.append(ramp)
        for primary in primaries.values():
            groups.setdefault(primary.pk, DriverGroup(primary=primary)).ramps.append(ramp)
    ordered = sorted(groups.values(), key=lambda g: g.primary.number)
    return ordered + ([unlinked] if unlinked.ramps else [])


def comments_for(**target: Any) -> list[Comment]:
    """Top-level comments with their replies attached as `thread_replies`."""
    comments = list(
        Comment.objects.filter(**target).select_related("author").order_by("created_at")
    )
    by_id = {c.pk: c for c in comments}
    top = []
    for comment in comments:
        comment.thread_replies = []
    for comment in comments:
        if comment.parent_id and comment.parent_id in by_id:
            by_id[comment.parent_id].thread_replies.append(comment)
        else:
            top.append(comment)
    return top


FEED_FILTERS = ("center", "primary", "secondary", "status", "no_feedback", "kind", "group")


def board_feed(access: Access, filters: dict[str, str]) -> QuerySet[BoardEntry]:
    """The collaborative's feed, newest first, with the board's filters applied."""
    entries = BoardEntry.objects.filter(collaborative=access.collaborative).select_related(
        "center",
        "cycle__ramp__center",
        "post__author",
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
        # Affinity groups are role-based across centers: whose role wrote the cycle or post.
        in_group = Membership.objects.filter(
            collaborative=access.collaborative, center_role=filters["group"]
        )
        entries = entries.filter(
            Exists(in_group.filter(user=OuterRef("cycle__created_by")))
            | Exists(in_group.filter(user=OuterRef("post__author")))
        )
    if filters.get("no_feedback"):
        entries = entries.filter(kind=BoardEntry.Kind.CYCLE).filter(
            Q(cycle__feedback_at__isnull=True) | Q(cycle__feedback_at__lt=F("cycle__activity_at"))
        )
    if filters.get("secondary") or filters.get("primary"):
        entries = entries.distinct()
    return entries.order_by("-updated_at", "-pk")


def feedback_after_days(access: Access) -> int:
    settings = BoardSettings.objects.filter(collaborative=access.collaborative).first()
    return settings.feedback_after_days if settings else 7


def current_period(access: Access) -> int | None:
    return (
        FacultyAssignment.objects.filter(collaborative=access.collaborative)
        .order_by("-period")
        .values_list("period", flat=True)
        .first()
    )


def feedback_queue(access: Access, now: datetime.datetime | None = None) -> QuerySet[Cycle]:
    """Cycles posted or updated more than N days ago with no faculty/IT comment since.

    Oldest first; for a faculty coach, the centers assigned to them this Action Period first.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=feedback_after_days(access))
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


@dataclass
class RotationRow:
    center: Any
    cells: list[Any]  # per period: (assignment or None, repeats: bool)


def rotation(access: Access, centers: list[Any]) -> tuple[list[int], list[RotationRow], int]:
    """Which faculty coached which center in each Action Period, with repeats flagged."""
    assignments = list(
        FacultyAssignment.objects.filter(collaborative=access.collaborative).select_related(
            "faculty"
        )
    )
    periods = sorted({a.period for a in assignments})
    by_key = {(a.center_id, a.period): a for a in assignments}
    rows = []
    repeats = 0
    for center in centers:
        cells = []
        for period in periods:
            assignment = by_key.get((center.pk, period))
            previous = by_key.get((center.pk, period - 1))
            repeat = bool(assignment and previous and previous.faculty_id == assignment.faculty_id)
            repeats += int(repeat)
            cells.append((assignment, repeat))
        rows.append(RotationRow(center=center, cells=cells))
    return periods, rows, repeats


def require_found(obj: Any) -> Any:
    if obj is None:
        raise Http404
    return obj
