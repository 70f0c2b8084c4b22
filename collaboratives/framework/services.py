"""Writes and reads for the Collaborative Change Framework (Appendix B) and metric catalogue.

Drivers that anything refers to (ratings, PDSA ramps, metrics, ...) are retired, never deleted,
and every change of wording keeps a `DriverRevision`, so earlier assessments stay readable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from bsc.audit import record_audit
from collaboratives.framework.models import (
    Aim,
    ChangeFramework,
    DriverRevision,
    Metric,
    PrimaryDriver,
    SecondaryDriver,
)

if TYPE_CHECKING:
    from bsc.tenancy import Access
from collaboratives.framework.selectors import (
    framework_of,
    is_referenced,
    is_referenced_primary,
)
from collaboratives.framework.versions import is_in_a_version


def _check(access: Access) -> None:
    access.require("manage_framework", access.collaborative)


def _revision(
    access: Access,
    framework: ChangeFramework,
    action: str,
    *,
    primary=None,
    secondary=None,
    before: dict | None = None,
    after: dict | None = None,
) -> None:
    DriverRevision.objects.create(
        framework=framework,
        primary=primary,
        secondary=secondary,
        action=action,
        before=before or {},
        after=after or {},
        changed_by=access.user,
    )


def framework_update(*, access: Access, need: str, opportunity: str) -> ChangeFramework:
    """Change the need and opportunity text."""
    _check(access)
    with transaction.atomic():
        framework = framework_of(access.collaborative)
        before = {"need": framework.need, "opportunity": framework.opportunity}
        framework.need, framework.opportunity = need, opportunity
        framework.full_clean()
        framework.save()
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="framework.update",
            obj=framework,
            changes={"before": before},
        )
    return framework


def aim_save(*, access: Access, text: str, aim: Aim | None = None) -> Aim:
    """Add an overarching aim, or change one's wording."""
    _check(access)
    with transaction.atomic():
        framework = framework_of(access.collaborative)
        if aim is None:
            last = framework.aims.aggregate(n=models.Max("number"))["n"] or 0
            aim = Aim(framework=framework, number=last + 1)
        aim.text = text.strip()
        aim.full_clean()
        aim.save()
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="aim.save",
            obj=aim,
            changes={"text": aim.text},
        )
    return aim


def aim_delete(*, access: Access, aim: Aim) -> None:
    _check(access)
    with transaction.atomic():
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="aim.delete",
            obj=aim,
            changes={"text": aim.text},
        )
        framework = aim.framework
        aim.delete()
        _renumber(framework.aims.order_by("number"))


def _renumber(items: QuerySet) -> None:
    for index, item in enumerate(items, start=1):
        if item.number != index:
            item.number = index
            item.save(update_fields=["number"])


def _move(items: list, item: Any, direction: str) -> bool:
    """Swap `item` with its neighbour; numbers stay 1..n."""
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if target < 0 or target >= len(items):
        return False
    items[index], items[target] = items[target], items[index]
    for number, other in enumerate(items, start=1):
        if other.number != number:
            other.number = number
            other.save(update_fields=["number"])
    return True


def aim_move(*, access: Access, aim: Aim, direction: str) -> None:
    _check(access)
    with transaction.atomic():
        _move(list(aim.framework.aims.order_by("number")), aim, direction)


def primary_driver_save(
    *,
    access: Access,
    name: str,
    full_name: str = "",
    description: str = "",
    driver: PrimaryDriver | None = None,
) -> PrimaryDriver:
    """Add a primary driver (numbered last) or change its wording, keeping the old wording."""
    _check(access)
    with transaction.atomic():
        framework = framework_of(access.collaborative)
        created = driver is None
        if driver is None:
            last = framework.primary_drivers.aggregate(n=models.Max("number"))["n"] or 0
            driver = PrimaryDriver(framework=framework, number=last + 1)
        before = {
            "name": driver.name,
            "full_name": driver.full_name,
            "description": driver.description,
        }
        driver.name, driver.full_name, driver.description = (
            name.strip(),
            full_name.strip(),
            description.strip(),
        )
        driver.full_clean()
        driver.save()
        after = {
            "name": driver.name,
            "full_name": driver.full_name,
            "description": driver.description,
        }
        if created or before != after:
            _revision(
                access,
                framework,
                "created" if created else "changed",
                primary=driver,
                before={} if created else before,
                after=after,
            )
    return driver


def primary_driver_move(*, access: Access, driver: PrimaryDriver, direction: str) -> None:
    _check(access)
    with transaction.atomic():
        items = list(driver.framework.primary_drivers.order_by("number"))
        if _move(items, driver, direction):
            _revision(
                access, driver.framework, "moved", primary=driver, after={"number": driver.number}
            )


def primary_driver_remove(*, access: Access, driver: PrimaryDriver) -> str:
    """Delete a primary driver, or retire it (and its secondaries) if anything refers to them.

    Returns "deleted" or "retired".
    """
    _check(access)
    with transaction.atomic():
        secondaries = list(driver.secondary_drivers.all())
        if is_referenced_primary(driver, secondaries) or any(
            is_in_a_version(driver.framework, d.public_id) for d in [driver, *secondaries]
        ):
            now = timezone.now()
            driver.retired_at = now
            driver.save(update_fields=["retired_at"])
            for secondary in secondaries:
                if secondary.retired_at is None:
                    secondary.retired_at = now
                    secondary.save(update_fields=["retired_at"])
            _revision(
                access, driver.framework, "retired", primary=driver, before={"name": driver.name}
            )
            return "retired"
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="primary_driver.delete",
            obj=driver,
            changes={"name": driver.name},
        )
        framework = driver.framework
        for secondary in secondaries:
            secondary.delete()
        driver.delete()
        _renumber(framework.primary_drivers.order_by("number"))
        return "deleted"


def secondary_driver_save(
    *,
    access: Access,
    primary: PrimaryDriver,
    text: str,
    assessment_text: str = "",
    driver: SecondaryDriver | None = None,
) -> SecondaryDriver:
    """Add a secondary driver under `primary`, or change its wording (history keeps the old)."""
    _check(access)
    if primary.framework.collaborative_id != access.collaborative.pk:
        raise ValidationError({"primary": _("That driver is not part of this collaborative.")})
    with transaction.atomic():
        created = driver is None
        if driver is None:
            last = primary.secondary_drivers.aggregate(n=models.Max("number"))["n"] or 0
            driver = SecondaryDriver(primary=primary, number=last + 1)
        before = {"text": driver.text, "assessment_text": driver.assessment_text}
        driver.text, driver.assessment_text = text.strip(), assessment_text.strip()
        driver.full_clean()
        driver.save()
        after = {"text": driver.text, "assessment_text": driver.assessment_text}
        if created or before != after:
            _revision(
                access,
                primary.framework,
                "created" if created else "changed",
                secondary=driver,
                before={} if created else before,
                after=after,
            )
    return driver


def secondary_driver_move(*, access: Access, driver: SecondaryDriver, direction: str) -> None:
    _check(access)
    with transaction.atomic():
        items = list(driver.primary.secondary_drivers.order_by("number"))
        if _move(items, driver, direction):
            _revision(
                access,
                driver.primary.framework,
                "moved",
                secondary=driver,
                after={"number": driver.number},
            )


def secondary_driver_remove(*, access: Access, driver: SecondaryDriver) -> str:
    """Delete a secondary driver nothing refers to; otherwise retire it. Returns which."""
    _check(access)
    with transaction.atomic():
        framework = driver.primary.framework
        if is_referenced(driver) or is_in_a_version(framework, driver.public_id):
            driver.retired_at = timezone.now()
            driver.save(update_fields=["retired_at"])
            _revision(access, framework, "retired", secondary=driver, before={"text": driver.text})
            return "retired"
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="secondary_driver.delete",
            obj=driver,
            changes={"text": driver.text},
        )
        primary = driver.primary
        driver.revisions.all().delete()
        driver.delete()
        _renumber(primary.secondary_drivers.order_by("number"))
        return "deleted"


def primary_driver_restore(*, access: Access, driver: PrimaryDriver) -> None:
    _check(access)
    with transaction.atomic():
        driver.retired_at = None
        driver.save(update_fields=["retired_at"])
        _revision(access, driver.framework, "restored", primary=driver)


def secondary_driver_restore(*, access: Access, driver: SecondaryDriver) -> None:
    _check(access)
    with transaction.atomic():
        driver.retired_at = None
        driver.save(update_fields=["retired_at"])
        if driver.primary.retired_at is not None:
            driver.primary.retired_at = None
            driver.primary.save(update_fields=["retired_at"])
        _revision(access, driver.primary.framework, "restored", secondary=driver)


def metric_save(
    *,
    access: Access,
    data: dict[str, Any],
    drivers: list[SecondaryDriver],
    metric: Metric | None = None,
) -> Metric:
    """Add a metric to the catalogue or change one; validated as a whole."""
    _check(access)
    errors: dict[str, str] = {}
    kind = data.get("metric_type")
    if kind == Metric.MetricType.PROPORTION:
        if not data.get("numerator_label"):
            errors["numerator_label"] = _("A proportion needs a numerator.")
        if not data.get("denominator_label"):
            errors["denominator_label"] = _("A proportion needs a denominator.")
    if kind == Metric.MetricType.RATE and not data.get("denominator_label"):
        errors["denominator_label"] = _("A rate needs the exposure it is counted per.")
    suitable = {
        Metric.MetricType.PROPORTION: {"run", "p"},
        Metric.MetricType.COUNT: {"run", "c"},
        Metric.MetricType.RATE: {"run", "u"},
        Metric.MetricType.MEASUREMENT: {"run", "i"},
    }
    if kind in suitable and data.get("chart") not in suitable[kind]:
        errors["chart"] = _("This chart does not suit a metric of this type.")
    if any(d.primary.framework.collaborative_id != access.collaborative.pk for d in drivers):
        errors["drivers"] = _("Choose drivers of this collaborative.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        created = metric is None
        if metric is None:
            metric = Metric(collaborative=access.collaborative)
            metric.order = (
                access.collaborative.metrics.aggregate(n=models.Max("order"))["n"] or 0
            ) + 1
            base = slugify(data["name"])[:40] or "metric"
            slug, n = base, 1
            while access.collaborative.metrics.filter(slug=slug).exists():
                n += 1
                slug = f"{base}-{n}"
            metric.slug = slug
        for field, value in data.items():
            setattr(metric, field, value)
        metric.full_clean()
        metric.save()
        metric.drivers.set(drivers)
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="metric.create" if created else "metric.update",
            obj=metric,
            changes={"name": metric.name},
        )
    return metric
