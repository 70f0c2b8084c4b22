"""Reads of the metrics app. Every selector takes its scope (an Access, or objects already
reached through it) and runs a fixed number of queries whatever the number of centers,
metrics or months, so pages cost the same with 8 or 160 centers."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from bsc.tenancy import Access
from centers.teams.models import Center
from collaboratives.framework.models import Metric
from collaboratives.membership.models import Collaborative
from metrics.charts.markers import (
    _month_index,
    annotations_for,
    learning_session_markers,
    pdsa_markers,
)
from metrics.charts.models import ChartExclusion, ChartPhase, ChartSetting
from metrics.charts.signals import Signal, describe_signals
from metrics.charts.svg import Marker, chart_data_rows, render_chart_svg
from metrics.spc import Analysis, analyze
from metrics.values.models import MetricValue, month_label
from metrics.values.selectors import values_for
from metrics.values.validation import collaborative_months, collaborative_today

# Above this mean denominator, p and u limits get too narrow for real-world variation and
# Laney's p′/u′ charts are the better choice (Laney 2002).
LANEY_DENOMINATOR = 1000


def chart_type_for(metric: Metric, override: str | None = None) -> str:
    return override or metric.chart


@dataclass
class Chart:
    """One metric's series for one center (or the aggregate), analysed and drawn."""

    metric: Metric
    center: Center | None
    chart: str
    months: list[datetime.date]
    values: list[MetricValue | None]
    analysis: Analysis
    signals: list[Signal]
    svg: str = ""
    rows: list[Any] = field(default_factory=list)
    phases: list[ChartPhase] = field(default_factory=list)
    exclusions: list[ChartExclusion] = field(default_factory=list)
    laney_suggested: bool = False
    figure_html: str = ""

    @property
    def last_value(self) -> float | None:
        for point in reversed(self.analysis.points):
            if point.y is not None:
                return point.y
        return None

    @property
    def baseline_center(self) -> float | None:
        return self.analysis.phases[0].center_line if self.analysis.phases else None

    @property
    def signal_kinds(self) -> set[str]:
        return {signal.kind for signal in self.signals}


def _unit_scale(metric: Metric) -> tuple[float, str]:
    if metric.metric_type == Metric.MetricType.PROPORTION:
        return 100, "%"
    return 1, metric.unit


def build_chart(
    *,
    metric: Metric,
    center: Center | None,
    months: list[datetime.date],
    values: list[MetricValue | None],
    chart: str,
    phases: Sequence[ChartPhase] = (),
    exclusions: Sequence[ChartExclusion] = (),
    markers: Sequence[Marker] = (),
    title: str = "",
    width: int = 640,
    height: int = 260,
    draw: bool = True,
    numerators: list[float | None] | None = None,
    denominators: list[float | None] | None = None,
    freeze: int | None = None,
    legend: bool = True,
    tooltips: bool = True,
) -> Chart:
    """Analyse one series with `metrics.spc.analyze` and draw it with the shared renderer."""
    labels = [month_label(month) for month in months]
    index = _month_index(months)
    multiply, unit = _unit_scale(metric)
    if numerators is None:
        numerators, denominators = [], []
        ratio = metric.metric_type in (Metric.MetricType.PROPORTION, Metric.MetricType.RATE)
        for row in values:
            if row is None or row.not_collected:
                numerators.append(None)
                denominators.append(None)
            elif ratio:
                numerators.append(None if row.numerator is None else float(row.numerator))
                denominators.append(None if row.denominator is None else float(row.denominator))
            else:
                numerators.append(None if row.value is None else float(row.value))
                denominators.append(None)
    has_denominators = denominators is not None and any(d is not None for d in denominators)
    if chart in ("p", "pp", "u", "up") and not has_denominators:
        chart = "c" if metric.metric_type == Metric.MetricType.COUNT else "i"
    if chart in ("c", "i") and has_denominators:
        chart = "p" if metric.metric_type == Metric.MetricType.PROPORTION else "u"
    if chart == "c" and any(v is not None and v != int(v) for v in numerators):
        chart = "i"
    parts = sorted({index[p.start_month] for p in phases if index.get(p.start_month, 0) > 0})
    excluded = sorted(index[e.month] for e in exclusions if e.month in index)
    use_denominators = has_denominators and chart in ("run", "i", "p", "pp", "u", "up")
    if chart not in ("p", "pp"):
        multiply = 1 if metric.metric_type != Metric.MetricType.PROPORTION else 100
    analysis = analyze(
        numerators,
        chart=chart,
        denominators=denominators if use_denominators else None,
        freeze=freeze if freeze and 2 <= freeze < len(months) else None,
        parts=parts or None,
        exclude=excluded or None,
        multiply=multiply,
    )
    sizes = [d for d in (denominators or []) if d]
    result = Chart(
        metric=metric,
        center=center,
        chart=chart,
        months=months,
        values=values,
        analysis=analysis,
        signals=describe_signals(analysis, labels),
        phases=list(phases),
        exclusions=list(exclusions),
        laney_suggested=bool(sizes) and sum(sizes) / len(sizes) >= LANEY_DENOMINATOR,
    )
    if draw:
        phase_reasons = {}
        for phase in phases:
            if phase.start_month in index:
                phase_reasons[index[phase.start_month]] = phase.reason
        excluded_reasons = {index[e.month]: e.reason for e in exclusions if e.month in index}
        goal = metric.goal
        if goal is not None and multiply == 100 and goal <= 1:
            goal *= 100  # a proportion's goal given as a fraction, drawn in percent
        result.svg = render_chart_svg(
            analysis,
            labels=labels,
            title=title or metric.name,
            description=_chart_description(metric, center, result),
            goal=goal,
            markers=list(markers),
            excluded_reasons=excluded_reasons,
            phase_reasons=phase_reasons,
            width=width,
            height=height,
            y_label=unit or metric.name,
            gettext=_,
            legend=legend,
            tooltips=tooltips,
        )
        result.rows = chart_data_rows(
            analysis, labels, excluded_reasons=excluded_reasons, gettext=_
        )
    return result


def _chart_description(metric: Metric, center: Center | None, chart: Chart) -> str:
    whom = center.name if center else _("all centers")
    kind = dict(ChartSetting.Chart.choices).get(chart.chart, chart.chart)
    parts = [
        _("%(kind)s of %(metric)s for %(whom)s, %(n)s months.")
        % {"kind": kind, "metric": metric.name, "whom": whom, "n": len(chart.months)}
    ]
    if chart.signals:
        parts.append(_("Signals: %(list)s.") % {"list": "; ".join(s.text for s in chart.signals)})
    else:
        parts.append(_("No signal."))
    return " ".join(parts)


def chart_months(collaborative: Collaborative, today: datetime.date | None = None) -> list:
    """The months a chart shows: the collaborative's months up to last month (the newest that
    can be complete); this month too once a value for it exists is not needed on charts."""
    today = today or collaborative_today(collaborative)
    months = collaborative_months(collaborative, today)
    return months or [collaborative.start_date.replace(day=1)]


def center_charts(
    access: Access,
    center: Center,
    metrics: Sequence[Metric],
    months: list[datetime.date],
    *,
    width: int = 640,
    height: int = 260,
    legend: bool = True,
) -> list[Chart]:
    """Every metric's chart for one center: a fixed number of queries."""
    values = values_for([center], metrics, months)
    notes = annotations_for([center], metrics)
    sessions = learning_session_markers(access.collaborative, months)
    markers = sessions + pdsa_markers([center], months).get(center.pk, [])
    charts = []
    for metric in metrics:
        key = (center.pk, metric.pk)
        charts.append(
            build_chart(
                metric=metric,
                center=center,
                months=months,
                values=[values.get((center.pk, metric.pk, m)) for m in months],
                chart=chart_type_for(metric, notes.charts.get(key)),
                phases=notes.phases.get(key, []),
                exclusions=notes.exclusions.get(key, []),
                markers=markers,
                title=f"{metric.name} — {center.name}",
                width=width,
                height=height,
                legend=legend,
            )
        )
    return charts


def aggregate_chart(
    access: Access,
    metric: Metric,
    centers: Sequence[Center],
    months: list[datetime.date],
    values: dict[tuple[int, int, datetime.date], MetricValue],
    *,
    width: int = 640,
    height: int = 260,
) -> Chart:
    """All centers pooled: a proportion's numerators over its denominators, a count per
    reporting center (so a month with fewer reports does not look like an improvement)."""
    numerators: list[float | None] = []
    denominators: list[float | None] = []
    for month in months:
        rows = [values.get((c.pk, metric.pk, month)) for c in centers]
        rows = [r for r in rows if r is not None and not r.not_collected]
        if not rows:
            numerators.append(None)
            denominators.append(None)
        elif metric.metric_type in (Metric.MetricType.PROPORTION, Metric.MetricType.RATE):
            numerators.append(sum(float(r.numerator or 0) for r in rows))
            denominators.append(sum(float(r.denominator or 0) for r in rows))
        else:
            numerators.append(sum(float(r.value or 0) for r in rows))
            denominators.append(float(len(rows)))
    chart = "p" if metric.metric_type == Metric.MetricType.PROPORTION else "u"
    if metric.metric_type == Metric.MetricType.MEASUREMENT:
        chart = "i"
        numerators = [
            None if n is None or not d else n / d
            for n, d in zip(numerators, denominators, strict=True)
        ]
        denominators = [None] * len(months)
    sessions = learning_session_markers(access.collaborative, months)
    return build_chart(
        metric=metric,
        center=None,
        months=months,
        values=[None] * len(months),
        chart=chart,
        markers=sessions,
        title=_("%(metric)s — all centers") % {"metric": metric.name},
        width=width,
        height=height,
        numerators=numerators,
        denominators=denominators,
    )


def collaborative_charts(
    access: Access,
    metric: Metric,
    centers: Sequence[Center],
    metrics: Sequence[Metric],
    months: list[datetime.date],
    *,
    width: int = 300,
    height: int = 160,
    draw_multiples: bool = True,
) -> tuple[Chart, list[Chart], dict[int, dict[int, Chart]]]:
    """The aggregate and one small multiple per center for `metric`, plus the analysis of
    every metric for every center (for the summary table), in a fixed number of queries."""
    values = values_for(centers, metrics, months)
    notes = annotations_for(centers, metrics)
    cycle_markers = pdsa_markers(centers, months)
    ls_markers = learning_session_markers(access.collaborative, months)
    aggregate = aggregate_chart(access, metric, centers, months, values)
    multiples = []
    summary: dict[int, dict[int, Chart]] = defaultdict(dict)
    for center in centers:
        for each in metrics:
            key = (center.pk, each.pk)
            drawn = each.pk == metric.pk
            chart = build_chart(
                metric=each,
                center=center,
                months=months,
                values=[values.get((center.pk, each.pk, m)) for m in months],
                chart=chart_type_for(each, notes.charts.get(key)),
                phases=notes.phases.get(key, []),
                exclusions=notes.exclusions.get(key, []),
                markers=ls_markers + cycle_markers.get(center.pk, []),
                title=center.name,
                width=width,
                height=height,
                draw=drawn and draw_multiples,
                legend=False,
            )
            summary[center.pk][each.pk] = chart
            if drawn:
                multiples.append(chart)
    return aggregate, multiples, summary


@dataclass
class CollaborativeAnalysis:
    """Every center's series of every metric analysed (not drawn), loaded in a fixed number
    of queries; `draw` and `aggregate` draw one chart from the same data on demand."""

    access: Any
    centers: Sequence[Center]
    months: list[datetime.date]
    values: dict[tuple[int, int, datetime.date], MetricValue]
    notes: Any
    cycle_markers: dict[int, list[Marker]]
    ls_markers: list[Marker]
    charts: dict[tuple[int, int], Chart] = field(default_factory=dict)

    def _build(self, center: Center, metric: Metric, **drawing: Any) -> Chart:
        key = (center.pk, metric.pk)
        return build_chart(
            metric=metric,
            center=center,
            months=self.months,
            values=[self.values.get((center.pk, metric.pk, m)) for m in self.months],
            chart=chart_type_for(metric, self.notes.charts.get(key)),
            phases=self.notes.phases.get(key, []),
            exclusions=self.notes.exclusions.get(key, []),
            markers=self.ls_markers + self.cycle_markers.get(center.pk, []),
            title=f"{metric.name} — {center.name}",
            **drawing,
        )

    def draw(self, center: Center, metric: Metric, **drawing: Any) -> Chart:
        """One center's chart, drawn with `build_chart`'s drawing options (width, height,
        legend, tooltips)."""
        return self._build(center, metric, draw=True, **drawing)

    def aggregate(self, metric: Metric, *, width: int, height: int) -> Chart:
        return aggregate_chart(
            self.access, metric, self.centers, self.months, self.values, width=width, height=height
        )


def collaborative_analysis(
    access: Access,
    centers: Sequence[Center],
    metrics: Sequence[Metric],
    months: list[datetime.date],
) -> CollaborativeAnalysis:
    result = CollaborativeAnalysis(
        access=access,
        centers=centers,
        months=months,
        values=values_for(centers, metrics, months),
        notes=annotations_for(centers, metrics),
        cycle_markers=pdsa_markers(centers, months),
        ls_markers=learning_session_markers(access.collaborative, months),
    )
    for center in centers:
        for metric in metrics:
            result.charts[(center.pk, metric.pk)] = result._build(center, metric, draw=False)
    return result


ON_TIME, LATE, MISSING, NOT_COLLECTED, OPEN, PARTIAL = (
    "on_time",
    "late",
    "missing",
    "not_collected",
    "open",
    "partial",
)
