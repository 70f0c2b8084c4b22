"""Writes of the equity lens: the shipped dimensions, a metric's breakdowns, the settings, and
one month's subgroup counts (all subgroups at once, with history)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from bsc.audit import record_audit
from bsc.tenancy import Access
from centers.teams.models import Center
from collaboratives.framework.models import Metric
from collaboratives.membership.models import Collaborative
from metrics.equity.defaults import DEFAULT_DIMENSIONS
from metrics.equity.models import (
    BreakdownCategory,
    BreakdownDimension,
    EquitySettings,
    MetricBreakdown,
    SubgroupEntry,
    SubgroupValue,
)
from metrics.equity.validation import clean_subgroups
from metrics.values.models import MetricValue
from metrics.values.services import data_changed
from metrics.values.validation import collaborative_today, first_month

BREAKABLE_TYPES = (Metric.MetricType.PROPORTION, Metric.MetricType.RATE, Metric.MetricType.COUNT)


def equity_settings_for(collaborative: Collaborative) -> EquitySettings:
    row, _created = EquitySettings.objects.get_or_create(collaborative=collaborative)
    return row


def default_dimensions_ensure(collaborative: Collaborative) -> list[BreakdownDimension]:
    """Give a collaborative the shipped dimensions unless it already has dimensions."""
    existing = list(BreakdownDimension.objects.filter(collaborative=collaborative))
    if existing:
        return existing
    with transaction.atomic():
        created = []
        for order, (slug, name, categories) in enumerate(DEFAULT_DIMENSIONS):
            dimension = BreakdownDimension.objects.create(
                collaborative=collaborative, slug=slug, name=name, order=order
            )
            BreakdownCategory.objects.bulk_create(
                BreakdownCategory(
                    dimension=dimension,
                    slug=category_slug,
                    label=label,
                    children_label=children_label,
                    order=index,
                )
                for index, (category_slug, label, children_label) in enumerate(categories)
            )
            created.append(dimension)
    return created


def metric_breakdown_set(
    *, access: Access, metric: Metric, dimension: BreakdownDimension, event_phrase: str
) -> MetricBreakdown:
    """Break `metric` down by `dimension` (IT only)."""
    access.require("manage_collaborative", access.collaborative)
    phrase = event_phrase.strip()
    errors = {}
    if metric.metric_type not in BREAKABLE_TYPES:
        errors["metric"] = [_("Only proportions, rates and counts can be broken down.")]
    if not phrase or len(phrase) > 160:
        errors["event_phrase"] = [_("Say what is counted in under 160 characters.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row, _created = MetricBreakdown.objects.update_or_create(
            metric=metric, dimension=dimension, defaults={"event_phrase": phrase}
        )
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="metric_breakdown.set",
            obj=row,
            changes={"event_phrase": phrase},
        )
    return row


def _month_error(collaborative: Collaborative, month: datetime.date) -> str | None:
    if month > collaborative_today(collaborative).replace(day=1):
        return _("This month is in the future.")
    if not first_month(collaborative) <= month <= collaborative.end_date.replace(day=1):
        return _("This month is outside the collaborative's dates.")
    return None


def subgroup_values_save(
    *,
    access: Access,
    center: Center,
    breakdown: MetricBreakdown,
    month: datetime.date,
    rows: Mapping[str, Mapping[str, Any]],
    source: str = "web",
) -> list[SubgroupValue]:
    """Store one month's counts for every subgroup of the breakdown's dimension.

    `rows` maps a category slug to {"events": …, "children": …}. Every subgroup is required;
    the sums must equal the center's total for the month when there is one. On any error
    nothing is stored and ValidationError names the fields.
    """
    access.require("submit_metrics", center)
    metric, dimension = breakdown.metric, breakdown.dimension
    message = _month_error(access.collaborative, month)
    if message:
        raise ValidationError({"month": [message]})
    categories = list(dimension.categories.all())
    with transaction.atomic():
        total = (
            MetricValue.objects.select_for_update()
            .filter(center=center, metric=metric, month=month)
            .first()
        )
        cleaned = clean_subgroups(metric=metric, categories=categories, rows=rows, total=total)
        current = {
            row.category_id: row
            for row in SubgroupValue.objects.select_for_update().filter(
                center=center, metric=metric, month=month, category__dimension=dimension
            )
        }
        old = {
            c.slug: [current[c.pk].events, current[c.pk].children]
            for c in categories
            if c.pk in current
        }
        new = {row.category.slug: [row.events, row.children] for row in cleaned}
        saved = []
        for row in cleaned:
            stored = current.get(row.category.pk)
            if stored is None:
                stored = SubgroupValue(
                    center=center, metric=metric, category=row.category, month=month
                )
            stored.events, stored.children = row.events, row.children
            saved.append(stored)
        SubgroupValue.objects.bulk_create([s for s in saved if s.pk is None])
        SubgroupValue.objects.bulk_update(
            [s for s in saved if s.pk is not None], ["events", "children"]
        )
        if old != new:
            SubgroupEntry.objects.create(
                center=center,
                metric=metric,
                dimension=dimension,
                month=month,
                changed_by=access.user,
                changed_at=timezone.now(),
                old=old or None,
                new=new,
                source=source,
            )
            data_changed(access.collaborative)
    return saved


def equity_settings_save(*, access: Access, threshold: int, highlight_ratio: Any) -> EquitySettings:
    access.require("manage_collaborative", access.collaborative)
    row = equity_settings_for(access.collaborative)
    row.suppression_threshold = threshold
    row.highlight_ratio = highlight_ratio
    row.full_clean()
    with transaction.atomic():
        row.save()
        data_changed(access.collaborative)
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="equity_settings.save",
            obj=row,
            changes={"threshold": threshold, "highlight_ratio": str(highlight_ratio)},
        )
    return row


def _category_changed(
    access: Access, action: str, category: BreakdownCategory, **changes: Any
) -> None:
    data_changed(access.collaborative)
    record_audit(
        actor=access.user,
        collaborative=access.collaborative,
        action=f"equity_category.{action}",
        obj=category,
        changes={"dimension": category.dimension.slug, "slug": category.slug, **changes},
    )


def _clean_labels(label: str, children_label: str) -> tuple[str, str]:
    label, children_label = label.strip(), children_label.strip()
    errors: dict[str, list[str]] = {}
    if not label:
        errors["label"] = [_("Enter the category’s label.")]
    if not children_label:
        errors["children_label"] = [_("Say how a sentence names these children.")]
    if errors:
        raise ValidationError(errors)
    return label, children_label


def _label_taken(dimension: BreakdownDimension, label: str, exclude: int | None = None) -> None:
    others = dimension.categories.filter(label__iexact=label).exclude(pk=exclude)
    if others.exists():
        raise ValidationError(
            {"label": [_("This dimension already has a category with that label.")]}
        )


def breakdown_category_add(
    *, access: Access, dimension: BreakdownDimension, label: str, children_label: str
) -> BreakdownCategory:
    """A new category at the end of the dimension, its short name made from its label."""
    access.require("manage_collaborative", access.collaborative)
    label, children_label = _clean_labels(label, children_label)
    _label_taken(dimension, label)
    base = slugify(label)[:40] or "category"
    taken = set(dimension.categories.values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    last = dimension.categories.aggregate(last=Max("order"))["last"]
    category = BreakdownCategory(
        dimension=dimension,
        slug=slug,
        label=label,
        children_label=children_label,
        order=0 if last is None else last + 1,
    )
    category.full_clean()
    with transaction.atomic():
        category.save()
        _category_changed(access, "add", category, label=label)
    return category


def breakdown_category_rename(
    *, access: Access, category: BreakdownCategory, label: str, children_label: str
) -> BreakdownCategory:
    """A new label; the short name (in links, CSV and the API) and its values stay."""
    access.require("manage_collaborative", access.collaborative)
    label, children_label = _clean_labels(label, children_label)
    _label_taken(category.dimension, label, exclude=category.pk)
    old = {"label": category.label, "children_label": category.children_label}
    category.label, category.children_label = label, children_label
    category.full_clean()
    with transaction.atomic():
        category.save(update_fields=["label", "children_label"])
        _category_changed(access, "rename", category, old=old, label=label)
    return category


def breakdown_category_move(*, access: Access, category: BreakdownCategory, step: int) -> None:
    """Swap a category with its neighbour above (step -1) or below (step 1)."""
    access.require("manage_collaborative", access.collaborative)
    categories = list(category.dimension.categories.order_by("order", "pk"))
    index = next(i for i, c in enumerate(categories) if c.pk == category.pk)
    target = index + step
    if not 0 <= target < len(categories):
        return
    categories[index], categories[target] = categories[target], categories[index]
    for order, each in enumerate(categories):
        each.order = order
    with transaction.atomic():
        BreakdownCategory.objects.bulk_update(categories, ["order"])
        _category_changed(access, "move", category, order=target)


def breakdown_category_retire(*, access: Access, category: BreakdownCategory) -> None:
    """Remove a category nobody has entered counts for; one with counts stays, so the months
    already entered keep showing what they were entered with."""
    access.require("manage_collaborative", access.collaborative)
    with transaction.atomic():
        if SubgroupValue.objects.filter(category=category).exists():
            raise ValidationError(
                _(
                    "“%(label)s” cannot be retired: centers have entered counts for it, and "
                    "those months must keep showing them."
                )
                % {"label": category.label}
            )
        _category_changed(access, "retire", category, label=category.label)
        category.delete()
