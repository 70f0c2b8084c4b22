"""The risk ratio of one subgroup of one center over the months, as a run chart analysed with
the project's Anhøj rules. A withheld month has no point."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from metrics.charts.svg import render_chart_svg
from metrics.equity.analysis import MonthTable
from metrics.equity.models import BreakdownCategory
from metrics.spc import analyze
from metrics.values.models import month_label


@dataclass(frozen=True)
class RatioChart:
    category: BreakdownCategory
    svg: str
    points: int
    runs_signal: bool


def ratio_charts(
    tables: dict[datetime.date, MonthTable], center_id: int, months: Sequence[datetime.date]
) -> list[RatioChart]:
    """One chart per subgroup with at least one published ratio."""
    if not months:
        return []
    categories = next(iter(tables.values())).categories if tables else []
    charts = []
    for index, category in enumerate(categories):
        values: list[float | None] = []
        for month in months:
            row = tables[month].rows.get(center_id)
            cell = row[index] if row else None
            ratio = cell.ratio.ratio if cell and cell.ratio else None
            values.append(ratio)
        points = sum(1 for value in values if value is not None)
        if not points:
            continue
        analysis = analyze(values, "run")
        title = _("Risk ratio of %(group)s against other children") % {
            "group": category.children_label
        }
        svg = render_chart_svg(
            analysis,
            labels=[month_label(month) for month in months],
            title=title,
            description=_(
                "1 means the same risk as other children; months withheld for small "
                "numbers have no point."
            ),
            goal=1.0,
            y_label=_("Risk ratio"),
            gettext=_,
            id_prefix=f"rr-{category.slug}",
        )
        charts.append(RatioChart(category, svg, points, analysis.runs_signal))
    return charts
