"""Reads of the metrics app. Every selector takes its scope (an Access, or objects already
reached through it) and runs a fixed number of queries whatever the number of centers,
metrics or months, so pages cost the same with 8 or 160 centers."""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max, Min, Q
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from bsc.tenancy import Access
from centers.models import Center
from collaboratives.models import Collaborative, Event, Metric
from pdsa.models import Cycle

from .charts import Marker, chart_data_rows, render_chart_svg
from .models import (
    ChartExclusion,
    ChartPhase,
    ChartSetting,
    MetricsSettings,
    MetricValue,
    Report,
    month_label,
)
from .spc import Analysis, analyze
from .validation import collaborative_months, collaborative_today

# Above this mean denominator, p and u limits get too narrow for real-world variation and
# Laney's p′/u′ charts are the better choice (Laney 2002).
LANEY_DENOMINATOR = 1000


def metrics_of(access: Access) -> list[Metric]:
    return list(Metric.objects.filter(collaborative=access.collaborative).order_by("order", "name"))


def values_for(
    centers: Sequence[Center], metrics: Sequence[Metric], months: Sequence[datetime.date]
) -> dict[tuple[int, int, datetime.date], MetricValue]:
    """(center id, metric id, month) → value, in one query."""
    if not centers or not metrics or not months:
        return {}
    rows = MetricValue.objects.filter(
        center__in=[c.pk for c in centers],
        metric__in=[m.pk for m in metrics],
        month__gte=months[0],
        month__lte=months[-1],
    ).select_related("submitted_by")
    return {(row.center_id, row.metric_id, row.month): row for row in rows}


@dataclass
class Annotations:
    phases: dict[tuple[int, int], list[ChartPhase]] = field(default_factory=dict)
    exclusions: dict[tuple[int, int], list[ChartExclusion]] = field(default_factory=dict)
    charts: dict[tuple[int, int], str] = field(default_factory=dict)


def annotations_for(centers: Sequence[Center], metrics: Sequence[Metric]) -> Annotations:
    """IT's phases, exclusions and chart overrides for these centers, in three queries."""
    result = Annotations(defaultdict(list), defaultdict(list), {})
    center_ids = [c.pk for c in centers]
    metric_ids = [m.pk for m in metrics]
    for phase in ChartPhase.objects.filter(center__in=center_ids, metric__in=metric_ids):
        result.phases[(phase.center_id, phase.metric_id)].append(phase)
    for exclusion in ChartExclusion.objects.filter(center__in=center_ids, metric__in=metric_ids):
        result.exclusions[(exclusion.center_id, exclusion.metric_id)].append(exclusion)
    for setting in ChartSetting.objects.filter(center__in=center_ids, metric__in=metric_ids):
        result.charts[(setting.center_id, setting.metric_id)] = setting.chart
    return result


def _month_index(months: Sequence[datetime.date]) -> dict[datetime.date, int]:
    return {month: index for index, month in enumerate(months)}


def learning_session_markers(
    collaborative: Collaborative, months: Sequence[datetime.date]
) -> list[Marker]:
    index = _month_index(months)
    markers = []
    for event in Event.objects.filter(
        collaborative=collaborative, kind=Event.Kind.LEARNING_SESSION
    ).order_by("start"):
        month = event.start.date().replace(day=1)
        if month in index:
            markers.append(Marker(index[month], event.title, "learning_session"))
    return markers


def pdsa_markers(
    centers: Sequence[Center], months: Sequence[datetime.date]
) -> dict[int, list[Marker]]:
    """Each center's PDSA cycle start dates as markers, in one query."""
    index = _month_index(months)
    markers: dict[int, list[Marker]] = defaultdict(list)
    if not months:
        return markers
    cycles = (
        Cycle.objects.filter(
            ramp__center__in=[c.pk for c in centers],
            start_date__gte=months[0],
            start_date__lt=months[-1] + datetime.timedelta(days=31),
        )
        .select_related("ramp")
        .order_by("start_date")
    )
    for cycle in cycles:
        month = cycle.start_date.replace(day=1)
        if month in index:
            markers[cycle.ramp.center_id].append(
                Marker(
                    index[month],
                    _("PDSA %(ramp)s, cycle %(number)s starts %(date)s")
                    % {
                        "ramp": cycle.ramp.title,
                        "number": cycle.number,
                        "date": cycle.start_date.isoformat(),
                    },
                    "pdsa",
                )
            )
    return markers


def chart_type_for(metric: Metric, override: str | None = None) -> str:
    return override or metric.chart


@dataclass
class Signal:
    kind: str  # "shift", "crossings" or "outside"
    text: str


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


def describe_signals(analysis: Analysis, labels: Sequence[str]) -> list[Signal]:
    """Plain-language reasons for each signal, as shown on hover and in the reports."""
    signals = []
    centre = _("median") if analysis.chart == "run" else _("centre line")
    for phase in analysis.phases:
        if phase.long_run_signal:
            side = ""
            for point in analysis.points[phase.first_index : phase.last_index + 1]:
                if point.run_length == phase.longest_run and point.y is not None and point.cl:
                    side = _("above") if point.y > point.cl else _("below")
                    break
            signals.append(
                Signal(
                    "shift",
                    _("%(n)s points in a row %(side)s the %(centre)s")
                    % {"n": phase.longest_run, "side": side, "centre": centre},
                )
            )
        if phase.few_crossings_signal:
            signals.append(
                Signal(
                    "crossings",
                    ngettext(
                        "Only %(n)s crossing of the %(centre)s (at least %(min)s expected)",
                        "Only %(n)s crossings of the %(centre)s (at least %(min)s expected)",
                        phase.crossings or 0,
                    )
                    % {"n": phase.crossings, "centre": centre, "min": phase.crossings_min},
                )
            )
    for point in analysis.points:
        if point.outside and point.included:
            signals.append(
                Signal(
                    "outside",
                    _("%(month)s is outside the control limits") % {"month": labels[point.index]},
                )
            )
    return signals


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
            )
            summary[center.pk][each.pk] = chart
            if drawn:
                multiples.append(chart)
    return aggregate, multiples, summary


# Completeness -----------------------------------------------------------------------------

ON_TIME, LATE, MISSING, NOT_COLLECTED, OPEN, PARTIAL = (
    "on_time",
    "late",
    "missing",
    "not_collected",
    "open",
    "partial",
)
STATUS_LABELS = {
    ON_TIME: _("on time"),
    LATE: _("late"),
    MISSING: _("missing"),
    NOT_COLLECTED: _("not collected"),
    OPEN: _("not yet due"),
    PARTIAL: _("partly submitted"),
}


@dataclass
class CompletenessCell:
    center: Center
    month: datetime.date
    status: str
    due: datetime.date
    submitted: int
    required: int

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self.status])


def month_status(
    rows: Iterable[MetricValue | None],
    required: int,
    due: datetime.date,
    today: datetime.date,
    tz: Any,
) -> tuple[str, int]:
    present = [r for r in rows if r is not None]
    if len(present) < required:
        if today <= due:
            return OPEN, len(present)
        return (PARTIAL if present else MISSING), len(present)
    if all(r.not_collected for r in present):
        return NOT_COLLECTED, len(present)
    late = any(r.first_submitted_at.astimezone(tz).date() > due for r in present)
    return (LATE if late else ON_TIME), len(present)


def completeness(
    access: Access,
    centers: Sequence[Center],
    months: list[datetime.date],
    today: datetime.date | None = None,
) -> list[tuple[Center, list[CompletenessCell]]]:
    """Centers × months: on time / late / missing / not collected, in a fixed number of
    queries."""
    import zoneinfo

    collaborative = access.collaborative
    tz = zoneinfo.ZoneInfo(collaborative.timezone)
    today = today or collaborative_today(collaborative)
    settings_row = MetricsSettings.objects.filter(collaborative=collaborative).first()
    settings_row = settings_row or MetricsSettings(collaborative=collaborative)
    metrics = [m for m in metrics_of(access) if m.required] or metrics_of(access)
    values = values_for(centers, metrics, months)
    board = []
    for center in centers:
        cells = []
        for month in months:
            due = settings_row.due_date(month)
            status, count = month_status(
                [values.get((center.pk, m.pk, month)) for m in metrics],
                len(metrics),
                due,
                today,
                tz,
            )
            cells.append(CompletenessCell(center, month, status, due, count, len(metrics)))
        board.append((center, cells))
    return board


def reports_visible_to(access: Access) -> Any:
    """Reports a person may list: IT and faculty all; center members their center's metric
    reports and (senior leaders) its published progress reports."""
    reports = Report.objects.filter(collaborative=access.collaborative).select_related("center")
    if access.is_it or access.is_faculty:
        return reports
    own = reports.filter(Q(center_id=access.center_id) | Q(center__isnull=True))
    if access.is_senior_leader:
        return own.exclude(kind=Report.Kind.PROGRESS, published_at__isnull=True)
    return own.exclude(kind=Report.Kind.PROGRESS)


# Caching ----------------------------------------------------------------------------------
# Charts and boards are recomputed only when their data changes: the key carries the
# collaborative's data version (bumped by every metrics write), its PDSA cycles' and Learning
# Sessions' latest change, today's date and the language, so a stale entry is never served.

CACHE_SECONDS = 6 * 3600


def cache_stamp(collaborative: Collaborative) -> str:
    """Everything a cached chart or board depends on, in three small queries."""
    version = (
        MetricsSettings.objects.filter(collaborative=collaborative)
        .values_list("data_version", flat=True)
        .first()
    )
    cycles = Cycle.objects.filter(ramp__center__collaborative=collaborative).aggregate(
        n=Count("id"), last=Max("updated_at")
    )
    sessions = Event.objects.filter(
        collaborative=collaborative, kind=Event.Kind.LEARNING_SESSION
    ).aggregate(n=Count("id"), last=Max("start"), first=Min("start"))
    return repr(
        (
            collaborative.pk,
            collaborative.created_at.timestamp(),
            version,
            sorted(cycles.items()),
            sorted(sessions.items()),
            collaborative_today(collaborative).isoformat(),
            get_language(),
        )
    )


def cached(stamp: str, *parts: Any, compute: Any) -> Any:
    key = "metrics:" + hashlib.sha256(repr((stamp, parts)).encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def _lighten(chart: Chart) -> Chart:
    """Keep what pages show: the drawn figure (chart, signals, data table) as HTML."""
    chart.figure_html = mark_safe(  # noqa: S308 - rendered by our own template
        render_to_string("metrics/chart_figure.html", {"chart": chart})
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
