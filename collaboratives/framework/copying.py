"""Start a framework from the built-in BSC-SEL template or copy another collaborative's
("adapt an existing CCF", Appendix B), and the framework as data for both."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bsc.audit import record_audit
from collaboratives.framework.models import (
    METRIC_FIELDS,
    Aim,
    ChangeFramework,
    Metric,
    PrimaryDriver,
    SecondaryDriver,
)
from collaboratives.framework.selectors import (
    framework_of,
    framework_tree,
    frameworks_to_copy,
)
from collaboratives.framework.services import _check
from collaboratives.membership.models import Collaborative

if TYPE_CHECKING:
    from bsc.tenancy import Access


def framework_copy(*, access: Access, source: str) -> ChangeFramework:
    """Start this collaborative's CCF from the built-in BSC-SEL template (`source` =
    "builtin:bsc-sel") or another collaborative of the same organization (its slug).

    Copies need, opportunity, aims, drivers and the metric catalogue with its driver links.
    Refused once the framework has drivers, so nothing is overwritten.
    """
    _check(access)
    if source == BUILTIN_KEY:
        data = builtin_template()
        label = data["name"]
    else:
        other = frameworks_to_copy(access).filter(slug=source).first()
        if other is None:
            raise ValidationError({"source": _("Choose a framework to start from.")})
        data = framework_as_data(other)
        label = other.name
    with transaction.atomic():
        framework = framework_of(access.collaborative)
        framework = ChangeFramework.objects.select_for_update().get(pk=framework.pk)
        if framework.primary_drivers.exists():
            raise ValidationError(
                {"source": _("This collaborative already has drivers; edit them instead.")}
            )
        apply_framework_data(framework, data, user=access.user)
        framework.source = label
        framework.save(update_fields=["source"])
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="framework.copy",
            obj=framework,
            changes={"source": label},
        )
    return framework


BUILTIN_TEMPLATE = Path(__file__).parent / "data" / "bsc_sel_framework.json"


BUILTIN_KEY = "builtin:bsc-sel"


@cache
def builtin_template() -> dict[str, Any]:
    """The BSC-SEL framework of Appendix B and its Section 4 metrics, shipped with the app."""
    return json.loads(BUILTIN_TEMPLATE.read_text(encoding="utf-8"))


def framework_as_data(collaborative: Collaborative) -> dict[str, Any]:
    """The same shape as the built-in template, read from a collaborative."""
    framework, aims, primaries = framework_tree(collaborative)
    assert framework is not None
    codes = {}
    drivers = []
    for primary in primaries:
        secondaries = []
        for secondary in primary.secondaries:
            codes[secondary.pk] = f"{primary.number}.{secondary.number}"
            secondaries.append(
                {
                    "number": secondary.number,
                    "text": secondary.text,
                    "assessment_text": secondary.assessment_text,
                }
            )
        drivers.append(
            {
                "number": primary.number,
                "name": primary.name,
                "full_name": primary.full_name,
                "description": primary.description,
                "secondary_drivers": secondaries,
            }
        )
    metrics = []
    for metric in collaborative.metrics.prefetch_related("drivers"):
        metrics.append(
            {
                **{f: getattr(metric, f) for f in METRIC_FIELDS},
                "drivers": [codes[d.pk] for d in metric.drivers.all() if d.pk in codes],
            }
        )
    return {
        "need": framework.need,
        "opportunity": framework.opportunity,
        "aims": [a.text for a in aims],
        "primary_drivers": drivers,
        "metrics": metrics,
    }


def apply_framework_data(framework: ChangeFramework, data: dict[str, Any], *, user=None) -> None:
    """Create aims, drivers and metrics from template-shaped data (used by copy and demo)."""
    framework.need, framework.opportunity = data["need"], data["opportunity"]
    framework.save()
    for number, text in enumerate(data["aims"], start=1):
        Aim.objects.create(framework=framework, number=number, text=text)
    codes: dict[str, SecondaryDriver] = {}
    for item in data["primary_drivers"]:
        primary = PrimaryDriver.objects.create(
            framework=framework,
            number=item["number"],
            name=item["name"],
            full_name=item.get("full_name", ""),
            description=item.get("description", ""),
        )
        for sub in item["secondary_drivers"]:
            secondary = SecondaryDriver.objects.create(
                primary=primary,
                number=sub["number"],
                text=sub["text"],
                assessment_text=sub.get("assessment_text", ""),
            )
            codes[f"{primary.number}.{secondary.number}"] = secondary
    collaborative = framework.collaborative
    taken = set(collaborative.metrics.values_list("slug", flat=True))
    for order, item in enumerate(data.get("metrics", []), start=1):
        if item["slug"] in taken:
            continue
        metric = Metric.objects.create(
            collaborative=collaborative,
            order=order,
            **{f: item[f] for f in METRIC_FIELDS if f in item},
        )
        metric.drivers.set([codes[c] for c in item.get("drivers", []) if c in codes])
