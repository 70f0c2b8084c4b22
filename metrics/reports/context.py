from __future__ import annotations

import base64
import datetime
import re
from collections import defaultdict
from html import unescape
from types import SimpleNamespace
from typing import Any

from django.apps import apps
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from centers.teams.models import Center
from collaboratives.framework.models import Metric
from collaboratives.framework.versions import version_drivers
from collaboratives.membership.models import Collaborative
from metrics.charts.selectors import center_charts, collaborative_analysis
from metrics.charts.signals import new_signal_kinds
from metrics.charts.sparkline import sparkline_svg
from metrics.completeness.selectors import STATUS_LABELS, completeness
from metrics.equity.selectors import report_sections
from metrics.reports.models import Report
from metrics.values.models import add_months
from metrics.values.validation import first_month
from pdsa.action_plans.selectors import plans_for_report
from pdsa.cycles.models import Cycle, Ramp


def _scope(collaborative: Collaborative) -> Any:
    """What the selectors need from an Access, for work done on the collaborative's behalf."""
    return SimpleNamespace(collaborative=collaborative)


def report_months(collaborative: Collaborative, month: datetime.date) -> list[datetime.date]:
    months = []
    current = first_month(collaborative)
    while current <= month:
        months.append(current)
        current = add_months(current, 1)
    return months or [month]


def center_metrics_context(report: Report) -> dict[str, Any]:
    collaborative, center, month = report.collaborative, report.center, report.month
    assert center is not None
    scope = _scope(collaborative)
    metrics = list(Metric.objects.filter(collaborative=collaborative).order_by("order", "name"))
    months = report_months(collaborative, month)
    charts = center_charts(scope, center, metrics, months, width=680, height=250)
    board = completeness(scope, [center], months[-6:], today=timezone.localdate())
    # Cycles that ran during the month: started before its end and not finished before it.
    cycles = (
        Cycle.objects.filter(ramp__center=center, start_date__lt=add_months(month, 1))
        .filter(Q(end_date__gte=month) | Q(end_date__isnull=True, start_date__gte=month))
        .select_related("ramp")
        .order_by("start_date")
    )
    return {
        "report": report,
        "center": center,
        "collaborative": collaborative,
        "month": month,
        "charts": charts,
        "status": board[0][1][-1] if board else None,
        "recent_status": board[0][1] if board else [],
        "cycles": list(cycles),
        "equity": report_sections(scope, month, center),
    }


_SVG_TEXT = re.compile(r"<title[^>]*>(.*?)</title>\s*<desc[^>]*>(.*?)</desc>", re.S)


def svg_as_image(svg: str, *, width: int, height: int) -> str:
    """The chart as an ``<img>`` of itself, its title and description as the text alternative.

    WeasyPrint parses and styles every node of an inline SVG as part of the HTML document; an
    image is parsed apart, once. Printing the all-collaborative report's ~500 small charts
    this way takes about 18 s of CPU instead of 25."""
    found = _SVG_TEXT.search(svg)
    alt = f"{unescape(found[1])}. {unescape(found[2])}" if found else ""
    source = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")
    return format_html(
        '<img class="spc-chart" src="{}" alt="{}" width="{}" height="{}">',
        source,
        alt,
        width,
        height,
    )


# A center's chart is drawn in full in the all-collaborative report when a signal began in
# the report's last quarter: what changed lately is what the month's reader acts on.
RECENT_MONTHS = 3


def collaborative_metrics_context(report: Report) -> dict[str, Any]:
    """The all-collaborative report: one table a reader can scan (each center's signals,
    latest value and a sparkline per metric), the completeness board, then full charts only
    where there is something new to look at: the collaborative aggregate of each metric, and
    each center's charts where a signal began in the last `RECENT_MONTHS` months. 160
    centers × 6 metrics drawn in full would be 960 charts nobody reads one by one, and over
    two years most series signal at some point; older and lasting signals stay named in the
    table (and were drawn in the month they began)."""
    collaborative, month = report.collaborative, report.month
    scope = _scope(collaborative)
    metrics = list(Metric.objects.filter(collaborative=collaborative).order_by("order", "name"))
    centers = list(Center.objects.filter(collaborative=collaborative).order_by("name"))
    months = report_months(collaborative, month)
    analysis = collaborative_analysis(scope, centers, metrics, months)
    summary_rows = []
    signalled: list[dict[str, Any]] = []
    for center in centers:
        cells = []
        drawn = []
        for metric in metrics:
            chart = analysis.charts[(center.pk, metric.pk)]
            values = [point.y for point in chart.analysis.points]
            chart.sparkline = sparkline_svg(
                values,
                label=_("%(metric)s at %(center)s, last value %(value)s")
                % {"metric": metric.name, "center": center.name, "value": chart.last_value},
            )
            chart.new_signal = bool(new_signal_kinds(chart.analysis, RECENT_MONTHS))
            cells.append(chart)
            if chart.new_signal:
                # Small multiples carry no legend of their own (the section has one shared key):
                # at this size a legend and a marker key leave the plot a few pixels tall.
                # Hover titles are left out too: hundreds of charts are made to be printed.
                small = analysis.draw(
                    center, metric, width=330, height=170, legend=False, tooltips=False
                )
                small.image = svg_as_image(small.svg, width=330, height=170)
                drawn.append(small)
        summary_rows.append((center, cells))
        if drawn:
            signalled.append({"center": center, "charts": drawn})
    board = completeness(scope, centers, months[-6:], today=timezone.localdate())
    return {
        "report": report,
        "collaborative": collaborative,
        "month": month,
        "aggregates": [analysis.aggregate(metric, width=680, height=250) for metric in metrics],
        "metrics": metrics,
        "summary_rows": summary_rows,
        "signalled": signalled,
        "quiet_count": len(centers) - len(signalled),
        "recent_months": RECENT_MONTHS,
        "board": board,
        "board_months": months[-6:],
        "status_labels": STATUS_LABELS,
        "equity": report_sections(scope, month),
    }


def self_assessment_rounds(center: Center) -> dict[str, Any] | None:
    """Self-assessment scores across rounds, when the centers app has self-assessments.

    Each driver is worded as the newest of those assessments' framework versions words it,
    not as the live (draft) framework does now.
    """
    try:
        assessment_model = apps.get_model("centers", "SelfAssessment")
        rating_model = apps.get_model("centers", "Rating")
    except LookupError:
        return None
    from centers.assessments.selectors import assessment_version

    assessments = list(
        assessment_model.objects.filter(center=center, status="submitted")
        .select_related("round__framework_version", "round__collaborative", "framework_version")
        .order_by("round__number")
    )
    if not assessments:
        return {"rounds": [], "rows": []}
    rounds = [a.round for a in assessments]
    column = {a.pk: index for index, a in enumerate(assessments)}
    labels: dict[str, tuple[tuple[int, int], str]] = {}
    for assessment in assessments:  # oldest first, so the newest wording wins
        for primary in version_drivers(assessment_version(assessment.round, assessment)):
            for secondary in primary.secondaries:
                labels[secondary.public_id] = ((primary.number, secondary.number), str(secondary))
    rows: dict[str, list[Any]] = {}
    for rating in rating_model.objects.filter(assessment__in=assessments).select_related(
        "driver", "driver__primary"
    ):
        key = str(rating.driver.public_id)
        if key not in labels:
            driver = rating.driver
            labels[key] = ((driver.primary.number, driver.number), str(driver))
        cells = rows.setdefault(key, [None] * len(rounds))
        cells[column[rating.assessment_id]] = rating.score
    ordered = sorted(rows.items(), key=lambda item: labels[item[0]][0])
    return {"rounds": rounds, "rows": [(labels[key][1], cells) for key, cells in ordered]}


def progress_context(report: Report) -> dict[str, Any]:
    collaborative, center, month = report.collaborative, report.center, report.month
    assert center is not None
    scope = _scope(collaborative)
    metrics = list(Metric.objects.filter(collaborative=collaborative).order_by("order", "name"))
    months = report_months(collaborative, month)
    ramps = list(
        Ramp.objects.filter(center=center)
        .prefetch_related("secondary_drivers__primary", "cycles")
        .order_by("title")
    )
    by_driver: dict[Any, list[Ramp]] = defaultdict(list)
    for ramp in ramps:
        primaries = {sd.primary for sd in ramp.secondary_drivers.all()}
        for primary in primaries or {None}:
            by_driver[primary].append(ramp)
    groups = sorted(
        by_driver.items(), key=lambda item: (item[0] is None, getattr(item[0], "number", 0))
    )
    return {
        "report": report,
        "center": center,
        "collaborative": collaborative,
        "month": month,
        "charts": center_charts(scope, center, metrics, months, width=680, height=250),
        "ramp_groups": [
            {"driver": driver, "ramps": [(r, len(r.cycles.all())) for r in group]}
            for driver, group in groups
        ],
        "assessment": self_assessment_rounds(center),
        "equity": report_sections(scope, month, center),
        "action_plans": plans_for_report(center),
    }


CONTEXTS = {
    Report.Kind.CENTER_METRICS: center_metrics_context,
    Report.Kind.COLLABORATIVE_METRICS: collaborative_metrics_context,
    Report.Kind.PROGRESS: progress_context,
}


BODY_TEMPLATES = {
    Report.Kind.CENTER_METRICS: "metrics/reports/center_metrics.html",
    Report.Kind.COLLABORATIVE_METRICS: "metrics/reports/collaborative_metrics.html",
    Report.Kind.PROGRESS: "metrics/reports/progress.html",
}


def report_context(report: Report) -> dict[str, Any]:
    return CONTEXTS[report.kind](report)


def report_body(report: Report, context: dict[str, Any] | None = None) -> str:
    """The report's content as HTML: stored with each build, shown on screen and printed."""
    context = context or report_context(report)
    return render_to_string(BODY_TEMPLATES[report.kind], context)


def report_html(report: Report, body: str | None = None) -> str:
    """The standalone HTML document the PDF is printed from, around the report's body."""
    body = body if body is not None else report_body(report)
    return render_to_string(
        "metrics/reports/document.html",
        {
            "report": report,
            "collaborative": report.collaborative,
            "body_html": mark_safe(body),  # noqa: S308 - rendered by our own templates
            "built_at": timezone.now(),
        },
    )
