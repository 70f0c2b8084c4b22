"""The rules one month's breakdown must pass, from the grid, a CSV file or the API: every
subgroup of the dimension, whole numbers, and sums that match the center's total."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from collaboratives.framework.models import Metric
from metrics.equity.models import BreakdownCategory
from metrics.values.models import MetricValue

# Field names that would carry a record about one child; the API refuses them outright.
CHILD_IDENTIFIER = re.compile(
    r"(^|_)(name|names|first|last|surname|birth|birthday|birthdate|dob|ssn|child|student|"
    r"pupil|person|id|ids|identifier|address|phone|email)($|_)|birth|name",
    re.IGNORECASE,
)

MAX_COUNT = 1_000_000


def looks_like_child_identifier(field: str) -> bool:
    return bool(CHILD_IDENTIFIER.search(field.replace("-", "_")))


@dataclass(frozen=True)
class SubgroupCounts:
    category: BreakdownCategory
    events: int
    children: int


def _count(raw: Any, field: str, errors: dict[str, list[str]]) -> int | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        errors[field] = [_("Enter a whole number (0 if none).")]
        return None
    if isinstance(raw, bool) or isinstance(raw, float) and not raw.is_integer():
        errors[field] = [_("Enter a whole number.")]
        return None
    try:
        number = int(str(raw).strip()) if not isinstance(raw, float) else int(raw)
    except ValueError:
        errors[field] = [_("“%(text)s” is not a whole number.") % {"text": str(raw)[:40]}]
        return None
    if number < 0:
        errors[field] = [_("A count cannot be negative.")]
        return None
    if number > MAX_COUNT:
        errors[field] = [_("This number is too large.")]
        return None
    return number


def field_name(kind: str, category: BreakdownCategory) -> str:
    return f"{kind}-{category.slug}"


def clean_subgroups(
    *,
    metric: Metric,
    categories: Sequence[BreakdownCategory],
    rows: Mapping[str, Mapping[str, Any]],
    total: MetricValue | None,
) -> list[SubgroupCounts]:
    """Check one month's counts, keyed by category slug; raise ValidationError whose keys
    are `events-<slug>`, `children-<slug>` and `__all__`."""
    errors: dict[str, list[str]] = {}
    known = {category.slug for category in categories}
    unknown = sorted(set(rows) - known)
    if unknown:
        errors["__all__"] = [
            _("Unknown subgroup: %(names)s.") % {"names": ", ".join(s[:40] for s in unknown)}
        ]
    cleaned = []
    for category in categories:
        row = rows.get(category.slug) or {}
        events = _count(row.get("events"), field_name("events", category), errors)
        children = _count(row.get("children"), field_name("children", category), errors)
        if (
            events is not None
            and children is not None
            and metric.metric_type == Metric.MetricType.PROPORTION
            and events > children
        ):
            errors[field_name("events", category)] = [
                _("%(events)s is more than the %(children)s children of this group.")
                % {"events": events, "children": children}
            ]
        if events is not None and children is not None:
            cleaned.append(SubgroupCounts(category, events, children))
    if not errors:
        _check_total(metric, cleaned, total, errors)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_total(
    metric: Metric,
    rows: Iterable[SubgroupCounts],
    total: MetricValue | None,
    errors: dict[str, list[str]],
) -> None:
    if total is None or total.not_collected:
        return
    rows = list(rows)
    events = sum(row.events for row in rows)
    children = sum(row.children for row in rows)
    if metric.metric_type == Metric.MetricType.COUNT:
        expected = [(events, total.value, metric.name)]
    else:
        expected = [
            (events, total.numerator, metric.numerator_label or _("numerator")),
            (children, total.denominator, metric.denominator_label or _("denominator")),
        ]
    problems = []
    for got, want, label in expected:
        if want is not None and got != want:
            problems.append(
                _(
                    "The subgroups add up to %(got)s for “%(label)s”, "
                    "but the center's total is %(want)s."
                )
                % {"got": got, "label": label, "want": format(want.normalize(), "f")}
            )
    if problems:
        errors["__all__"] = problems
