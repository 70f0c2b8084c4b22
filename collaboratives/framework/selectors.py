from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Prefetch, QuerySet

from collaboratives.framework.models import (
    Aim,
    ChangeFramework,
    DriverRevision,
    PrimaryDriver,
    SecondaryDriver,
)
from collaboratives.membership.models import Collaborative

if TYPE_CHECKING:
    from bsc.tenancy import Access


def framework_of(collaborative: Collaborative) -> ChangeFramework:
    framework, _created = ChangeFramework.objects.get_or_create(collaborative=collaborative)
    return framework


def framework_tree(
    collaborative: Collaborative, *, include_retired: bool = False
) -> tuple[ChangeFramework | None, list[Aim], list[PrimaryDriver]]:
    """The framework with aims and drivers (secondary drivers on `.secondaries`), 3 queries."""
    framework = ChangeFramework.objects.filter(collaborative=collaborative).first()
    if framework is None:
        return None, [], []
    secondaries = SecondaryDriver.objects.order_by("number")
    primaries = framework.primary_drivers.order_by("number")
    if not include_retired:
        secondaries = secondaries.filter(retired_at__isnull=True)
        primaries = primaries.filter(retired_at__isnull=True)
    primaries = list(
        primaries.prefetch_related(
            Prefetch("secondary_drivers", queryset=secondaries, to_attr="secondaries")
        )
    )
    return framework, list(framework.aims.order_by("number")), primaries


def active_secondary_drivers(collaborative: Collaborative) -> QuerySet[SecondaryDriver]:
    return (
        SecondaryDriver.objects.filter(
            primary__framework__collaborative=collaborative,
            retired_at__isnull=True,
            primary__retired_at__isnull=True,
        )
        .select_related("primary")
        .order_by("primary__number", "number")
    )


def frameworks_to_copy(access: Access) -> QuerySet[Collaborative]:
    """Other collaboratives of the same organization that have drivers to copy."""
    return (
        Collaborative.objects.filter(organization=access.collaborative.organization)
        .exclude(pk=access.collaborative.pk)
        .filter(framework__primary_drivers__isnull=False)
        .distinct()
        .order_by("name")
    )


def is_referenced(obj: models.Model) -> bool:
    """Whether any other row (rating, ramp, metric, ...) points at `obj`.

    Read from the model's reverse relations so this app need not know the apps built on it.
    """
    for relation in obj._meta.related_objects:
        if relation.related_model is DriverRevision:
            continue
        accessor = relation.get_accessor_name()
        if relation.one_to_one:
            if relation.related_model.objects.filter(**{relation.field.name: obj}).exists():
                return True
            continue
        if getattr(obj, accessor).exists():
            return True
    return False


def is_referenced_primary(driver: PrimaryDriver, secondaries: list[SecondaryDriver]) -> bool:
    if any(is_referenced(s) for s in secondaries):
        return True
    for relation in driver._meta.related_objects:
        if relation.related_model in (SecondaryDriver, DriverRevision):
            continue
        if getattr(driver, relation.get_accessor_name()).exists():
            return True
    return False
