"""Reads of the equity lens, each in a fixed number of queries whatever the number of
centers, months and subgroups."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Max, Prefetch
from django.http import Http404

from bsc.tenancy import Access
from centers.teams.models import Center
from metrics.equity.analysis import MonthTable, month_table
from metrics.equity.models import (
    BreakdownCategory,
    BreakdownDimension,
    EquitySettings,
    MetricBreakdown,
    SubgroupValue,
)


def breakdowns_of(access: Access) -> list[MetricBreakdown]:
    """Every metric breakdown of the collaborative, with its metric, dimension and categories."""
    return list(
        MetricBreakdown.objects.filter(metric__collaborative=access.collaborative)
        .select_related("metric", "dimension")
        .prefetch_related(
            Prefetch("dimension__categories", queryset=BreakdownCategory.objects.order_by("order"))
        )
        .order_by("metric__order", "metric__name", "dimension__order")
    )


def breakdown_from_url(access: Access, metric: str, dimension: str) -> MetricBreakdown:
    for breakdown in breakdowns_of(access):
        if breakdown.metric.slug == metric and breakdown.dimension.slug == dimension:
            return breakdown
    raise Http404


def dimensions_of(access: Access) -> list[BreakdownDimension]:
    return list(
        BreakdownDimension.objects.filter(collaborative=access.collaborative).prefetch_related(
            "categories"
        )
    )


def used_categories(categories: list[BreakdownCategory]) -> set[int]:
    """The categories some center has entered counts for (these cannot be retired)."""
    return set(
        SubgroupValue.objects.filter(category__in=categories)
        .values_list("category_id", flat=True)
        .distinct()
    )


def settings_of(access: Access) -> tuple[int, float]:
    """(suppression threshold, highlighted ratio) of the collaborative."""
    row = EquitySettings.objects.filter(collaborative=access.collaborative).first()
    if row is None:
        return 10, 2.0
    return row.suppression_threshold, float(row.highlight_ratio)


def subgroup_counts(
    breakdown: MetricBreakdown, months: Sequence[datetime.date], centers: Sequence[Center] | None
) -> dict[datetime.date, dict[int, dict[int, tuple[int, int]]]]:
    """month → center id → category id → (events, children), in one query."""
    found: dict[datetime.date, dict[int, dict[int, tuple[int, int]]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    if not months:
        return found
    rows = SubgroupValue.objects.filter(
        metric=breakdown.metric,
        category__dimension=breakdown.dimension,
        month__gte=min(months),
        month__lte=max(months),
    )
    if centers is not None:
        rows = rows.filter(center__in=[c.pk for c in centers])
    for center_id, category_id, month, events, children in rows.values_list(
        "center_id", "category_id", "month", "events", "children"
    ):
        found[month][center_id][category_id] = (events, children)
    return found


def latest_entered_month(
    breakdown: MetricBreakdown, months: Sequence[datetime.date]
) -> datetime.date | None:
    """The latest of `months` any center entered subgroups of the breakdown for."""
    if not months:
        return None
    return SubgroupValue.objects.filter(
        metric=breakdown.metric,
        category__dimension=breakdown.dimension,
        month__gte=min(months),
        month__lte=max(months),
    ).aggregate(latest=Max("month"))["latest"]


def month_tables(
    access: Access, breakdown: MetricBreakdown, months: Sequence[datetime.date]
) -> dict[datetime.date, MonthTable]:
    """Each month's suppressed and analysed table over every center of the collaborative."""
    threshold, highlight = settings_of(access)
    categories = list(breakdown.dimension.categories.all())
    counts = subgroup_counts(breakdown, months, None)
    return {
        month: month_table(
            breakdown,
            categories,
            month,
            counts.get(month, {}),
            threshold=threshold,
            highlight=highlight,
        )
        for month in months
    }


def entered_counts(
    center: Center, breakdown: MetricBreakdown, month: datetime.date
) -> dict[str, tuple[int, int]]:
    """What a center entered for one month, by category slug (for its own entry form)."""
    return {
        slug: (events, children)
        for slug, events, children in SubgroupValue.objects.filter(
            center=center,
            metric=breakdown.metric,
            category__dimension=breakdown.dimension,
            month=month,
        ).values_list("category__slug", "events", "children")
    }


def report_sections(
    access: Access, month: datetime.date, center: Center | None = None
) -> list[dict[str, object]]:
    """The equity section of a report: per breakdown, the center's subgroups (or, without a
    center, the subgroups pooled over all centers) for the month, already suppressed."""
    sections: list[dict[str, object]] = []
    for breakdown in breakdowns_of(access):
        table = month_tables(access, breakdown, [month])[month]
        cells = table.pooled if center is None else table.rows.get(center.pk)
        if cells:
            sections.append({"breakdown": breakdown, "cells": cells, "threshold": table.threshold})
    return sections
