"""Reads for PDSA and the board, always scoped by an `Access`."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from bsc.tenancy import get_object_in_collaborative
from collaboratives.framework.models import PrimaryDriver, SecondaryDriver
from pdsa.cycles.models import Attachment, Cycle, Ramp

if TYPE_CHECKING:
    from bsc.tenancy import Access
    from centers.teams.models import Center


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


def get_attachment(access: Access, public_id: Any) -> Attachment:
    queryset = Attachment.objects.select_related("cycle__ramp")
    return _uuid_lookup(queryset, access, "cycle__ramp__center__collaborative", public_id, None)


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


FEED_FILTERS = ("center", "primary", "secondary", "status", "no_feedback", "kind", "group")


def require_found(obj: Any) -> Any:
    if obj is None:
        raise Http404
    return obj
