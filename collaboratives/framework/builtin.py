from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from collaboratives.framework.models import (
    Aim,
    ChangeFramework,
    Metric,
    PrimaryDriver,
    SecondaryDriver,
)
from collaboratives.membership.models import Collaborative

if TYPE_CHECKING:
    pass
from collaboratives.framework.models import METRIC_FIELDS
from collaboratives.framework.selectors import framework_tree

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
