"""One month of a breakdown across the whole collaborative: which cells are withheld, each
subgroup's rate and ratio against the other children of its center, the pooled subgroups,
and the plain sentence that says it.

The pattern of withheld cells is computed once per breakdown and month over every center
(rows) and subgroup (columns), and every page, PDF, export and API answer reads it, so that no
two outputs together reveal a cell that one of them withholds.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from collaboratives.framework.models import Metric
from metrics.equity.models import BreakdownCategory, MetricBreakdown
from metrics.equity_stats import Ratio, rate_ratio, risk_ratio, suppressed_cells, suppressed_table

# Ratios within this band of 1 read as "about as likely".
NEAR_ONE = (0.9, 1.1)

Counts = Mapping[int, tuple[int, int]]  # category id -> (events, children)


@dataclass(frozen=True)
class Cell:
    """One subgroup of one center (or of the pooled collaborative) for one month."""

    category: BreakdownCategory
    suppressed: bool
    events: int | None
    children: int | None
    ratio: Ratio | None
    sentence: str
    highlighted: bool = False

    @property
    def rate(self) -> float | None:
        if self.suppressed or not self.children:
            return None
        return (self.events or 0) / self.children


@dataclass
class MonthTable:
    """Every center's cells and the pooled cells of one breakdown and month."""

    breakdown: MetricBreakdown
    month: datetime.date
    threshold: int
    categories: list[BreakdownCategory]
    rows: dict[int, list[Cell]] = field(default_factory=dict)  # center id -> cells
    pooled: list[Cell] = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        return bool(self.rows)


def per_child(metric: Metric) -> bool:
    """A proportion counts each child once (a risk); counts and rates may count a child
    more than once (a rate)."""
    return metric.metric_type == Metric.MetricType.PROPORTION


def sentence_for(
    breakdown: MetricBreakdown,
    category: BreakdownCategory,
    ratio: Ratio | None,
    month: datetime.date,
) -> str:
    """“Black or African American children were 2.4 times as likely as other children to
    have a behavior incident in March 2026 (7 of 20 vs. 9 of 62).”"""
    if ratio is None or ratio.ratio is None:
        return ""
    values = {
        "group": category.children_label,
        "phrase": breakdown.event_phrase,
        "month": date_format(month, "F Y"),
        "ratio": number_format(ratio.ratio, 1),
        "a": ratio.events,
        "n": ratio.children,
        "c": ratio.other_events,
        "m": ratio.other_children,
    }
    risk = per_child(breakdown.metric)
    low, high = NEAR_ONE
    if low <= ratio.ratio <= high:
        text = (
            _(
                "%(group)s were about as likely as other children to %(phrase)s in %(month)s "
                "(%(a)s of %(n)s vs. %(c)s of %(m)s)."
            )
            if risk
            else _(
                "%(group)s were counted at about the same rate as other children for "
                "“%(phrase)s” in %(month)s (%(a)s per %(n)s vs. %(c)s per %(m)s)."
            )
        )
    elif ratio.ratio > high:
        text = (
            _(
                "%(group)s were %(ratio)s times as likely as other children to %(phrase)s in "
                "%(month)s (%(a)s of %(n)s vs. %(c)s of %(m)s)."
            )
            if risk
            else _(
                "%(group)s were counted at %(ratio)s times the rate of other children for "
                "“%(phrase)s” in %(month)s (%(a)s per %(n)s vs. %(c)s per %(m)s)."
            )
        )
    else:
        text = (
            _(
                "%(group)s were less likely than other children to %(phrase)s in %(month)s "
                "(%(a)s of %(n)s vs. %(c)s of %(m)s): %(ratio)s times as likely."
            )
            if risk
            else _(
                "%(group)s were counted at a lower rate than other children for “%(phrase)s” "
                "in %(month)s (%(a)s per %(n)s vs. %(c)s per %(m)s): %(ratio)s times the rate."
            )
        )
    return text % values


def _cells(
    breakdown: MetricBreakdown,
    categories: Sequence[BreakdownCategory],
    counts: Sequence[tuple[int, int]],
    hidden: set[int],
    month: datetime.date,
    threshold: int,
    highlight: float,
) -> list[Cell]:
    all_events = sum(e for e, _c in counts)
    all_children = sum(c for _e, c in counts)
    compare = risk_ratio if per_child(breakdown.metric) else rate_ratio
    cells = []
    for index, (category, (events, children)) in enumerate(zip(categories, counts, strict=True)):
        if index in hidden:
            cells.append(Cell(category, True, None, None, None, ""))
            continue
        other_children = all_children - children
        ratio = None
        # A comparison with fewer other children than the threshold is as fragile as a
        # small group: the rate is shown, the ratio is not.
        if other_children >= threshold:
            ratio = compare(events, children, all_events - events, other_children)
        cells.append(
            Cell(
                category,
                False,
                events,
                children,
                ratio,
                sentence_for(breakdown, category, ratio, month),
                highlighted=bool(ratio and ratio.ratio is not None and ratio.ratio > highlight),
            )
        )
    return cells


def month_table(
    breakdown: MetricBreakdown,
    categories: Sequence[BreakdownCategory],
    month: datetime.date,
    counts_by_center: Mapping[int, Counts],
    *,
    threshold: int,
    highlight: float,
) -> MonthTable:
    """Suppress and analyse one month over every center that entered it."""
    categories = list(categories)
    table = MonthTable(breakdown, month, threshold, categories)
    centers = [center for center, counts in counts_by_center.items() if counts]
    if not centers or not categories:
        return table
    grid = [[counts_by_center[center].get(c.pk, (0, 0)) for c in categories] for center in centers]
    hidden = suppressed_table([[children for _e, children in row] for row in grid], threshold)
    for row_index, center in enumerate(centers):
        row_hidden = {c for r, c in hidden if r == row_index}
        table.rows[center] = _cells(
            breakdown, categories, grid[row_index], row_hidden, month, threshold, highlight
        )
    pooled = [
        (sum(row[i][0] for row in grid), sum(row[i][1] for row in grid))
        for i in range(len(categories))
    ]
    pooled_hidden = suppressed_cells([children for _e, children in pooled], threshold)
    table.pooled = _cells(breakdown, categories, pooled, pooled_hidden, month, threshold, highlight)
    return table
