from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from bsc.stamps import stamped, summary_row
from bsc.tenancy import Access
from centers.teams.models import Center
from collaboratives.framework.models import Metric
from collaboratives.membership.models import Collaborative
from collaboratives.schedule.models import Event
from metrics.charts.selectors import Chart, center_charts
from metrics.values.models import MetricsSettings
from metrics.values.validation import collaborative_today
from pdsa.cycles.models import Cycle

CACHE_SECONDS = 6 * 3600


def cache_stamp(collaborative: Collaborative, **more: tuple[QuerySet[Any], str, str]) -> str:
    """Everything a cached chart or board depends on, in one small query; `more` adds what
    another cached result also depends on (see `summary_row`) to the same query.

    The metric catalogue is part of it: a chart draws its metric's name, goal and chart type,
    so changing one must not leave charts drawn from the old definition in the cache.
    """
    cycles = Cycle.objects.filter(ramp__center__collaborative=collaborative)
    sessions = Event.objects.filter(collaborative=collaborative, kind=Event.Kind.LEARNING_SESSION)
    catalogue = Metric.objects.filter(collaborative=collaborative)
    row = summary_row(
        collaborative,
        version=(
            MetricsSettings.objects.filter(collaborative=collaborative),
            "MAX",
            "data_version",
        ),
        catalogue_n=(catalogue, "COUNT", "id"),
        catalogue_last=(catalogue, "MAX", "updated_at"),
        cycles_n=(cycles, "COUNT", "id"),
        cycles_last=(cycles, "MAX", "updated_at"),
        sessions_n=(sessions, "COUNT", "id"),
        sessions_last=(sessions, "MAX", "start"),
        sessions_first=(sessions, "MIN", "start"),
        **more,
    )
    return repr(
        (
            collaborative.pk,
            sorted(row.items()),
            collaborative.created_at.timestamp(),
            collaborative_today(collaborative).isoformat(),
            get_language(),
        )
    )


def cached(stamp: str, *parts: Any, compute: Any) -> Any:
    """`compute()`'s value kept under `stamp` and `parts` (what else it depends on)."""
    return stamped("metrics", (stamp, parts), compute)


def _lighten(chart: Chart) -> Chart:
    """Keep what pages show: the drawn figure (chart, signals, data table) as HTML."""
    chart.figure_html = mark_safe(  # noqa: S308 - rendered by our own template
        render_to_string("metrics/charts/chart_figure.html", {"chart": chart})
    )
    chart.values, chart.rows, chart.svg = [], [], ""
    return chart


def center_charts_cached(
    access: Access,
    center: Center,
    metrics: Sequence[Metric],
    months: list[datetime.date],
    *,
    stamp: str | None = None,
    width: int = 640,
    height: int = 260,
) -> list[Chart]:
    stamp = stamp or cache_stamp(access.collaborative)
    return cached(
        stamp,
        "center",
        center.pk,
        [m.pk for m in metrics],
        months[0],
        months[-1],
        width,
        height,
        compute=lambda: [
            _lighten(chart)
            for chart in center_charts(access, center, metrics, months, width=width, height=height)
        ],
    )
