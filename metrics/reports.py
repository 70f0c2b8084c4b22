"""Monthly metric reports (per center and for the whole collaborative) and progress reports:
their content, their HTML (one template for the page and the PDF) and their PDF builds.

Builds run in Celery tasks (`metrics.tasks`) or synchronously (`manage.py build_reports`);
each build is kept as a new `ReportFile`, and each report's readers are notified once.
"""

from __future__ import annotations

import datetime
import time
from collections import defaultdict
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bsc.notifications import notify
from centers.models import Center
from collaboratives.models import Collaborative, Membership, Metric
from pdsa.models import Cycle, Ramp

from .models import MetricValue, Report, ReportFile, add_months, month_label
from .selectors import (
    STATUS_LABELS,
    center_charts,
    collaborative_charts,
    completeness,
)
from .validation import first_month


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


def report_get_or_create(
    collaborative: Collaborative, kind: str, month: datetime.date, center: Center | None = None
) -> Report:
    report, _created = Report.objects.get_or_create(
        collaborative=collaborative, center=center, kind=kind, month=month
    )
    return report


# Content -----------------------------------------------------------------------------------


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
    }


def collaborative_metrics_context(report: Report) -> dict[str, Any]:
    collaborative, month = report.collaborative, report.month
    scope = _scope(collaborative)
    metrics = list(Metric.objects.filter(collaborative=collaborative).order_by("order", "name"))
    centers = list(Center.objects.filter(collaborative=collaborative).order_by("name"))
    months = report_months(collaborative, month)
    sections = []
    summary: dict[int, dict[int, Any]] = {}
    for metric in metrics:
        aggregate, multiples, summary = collaborative_charts(
            scope, metric, centers, metrics, months, width=240, height=140
        )
        sections.append({"metric": metric, "aggregate": aggregate, "multiples": multiples})
    board = completeness(scope, centers, months[-6:], today=timezone.localdate())
    return {
        "report": report,
        "collaborative": collaborative,
        "month": month,
        "sections": sections,
        "metrics": metrics,
        "summary_rows": [(c, [summary.get(c.pk, {}).get(m.pk) for m in metrics]) for c in centers],
        "board": board,
        "board_months": months[-6:],
        "status_labels": STATUS_LABELS,
    }


def self_assessment_rounds(center: Center) -> dict[str, Any] | None:
    """Self-assessment scores across rounds, when the centers app has self-assessments."""
    try:
        assessment_model = apps.get_model("centers", "SelfAssessment")
        rating_model = apps.get_model("centers", "Rating")
    except LookupError:
        return None
    assessments = list(
        assessment_model.objects.filter(center=center, status="submitted")
        .select_related("round")
        .order_by("round__number")
    )
    if not assessments:
        return {"rounds": [], "rows": []}
    rounds = [a.round for a in assessments]
    column = {a.pk: index for index, a in enumerate(assessments)}
    rows: dict[Any, list[Any]] = {}
    for rating in rating_model.objects.filter(assessment__in=assessments).select_related(
        "driver", "driver__primary"
    ):
        cells = rows.setdefault(rating.driver, [None] * len(rounds))
        cells[column[rating.assessment_id]] = rating.score
    ordered = sorted(rows.items(), key=lambda item: (item[0].primary.number, item[0].number))
    return {"rounds": rounds, "rows": ordered}


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


def report_html(report: Report, context: dict[str, Any] | None = None) -> str:
    """The standalone HTML document the PDF is printed from."""
    context = context or report_context(report)
    return render_to_string(
        "metrics/reports/document.html",
        {**context, "body_template": BODY_TEMPLATES[report.kind], "built_at": timezone.now()},
    )


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=None).write_pdf()


@dataclass
class BuildResult:
    file: ReportFile
    html_seconds: float
    pdf_seconds: float


def report_build(report: Report, *, announce: bool = True) -> BuildResult:
    """Render and store a new PDF of the report (older builds stay), then notify its readers
    once per report (unless `announce` is off, as for the demo's ready-made reports)."""
    started = time.perf_counter()
    html = report_html(report)
    html_done = time.perf_counter()
    pdf = html_to_pdf(html)
    pdf_done = time.perf_counter()
    built_at = timezone.now()
    whom = report.center.slug if report.center else report.collaborative.slug
    name = f"{report.kind}-{whom}-{month_label(report.month)}-{built_at:%Y%m%dT%H%M%S%f}.pdf"
    with transaction.atomic():
        record = ReportFile(
            report=report, built_at=built_at, size=len(pdf), seconds=pdf_done - started
        )
        record.file.save(name, ContentFile(pdf), save=False)
        record.save()
        if announce and report.kind != Report.Kind.PROGRESS:
            notify_report_readers(report)
    return BuildResult(record, html_done - started, pdf_done - html_done)


def notify_report_readers(report: Report) -> int:
    """The center's team (for its report) and the Implementation Team hear once per report."""
    memberships = list(
        Membership.objects.filter(
            collaborative=report.collaborative, role=Membership.Role.IMPLEMENTATION_TEAM
        ).select_related("user")
    )
    if report.center is not None:
        memberships += list(Membership.objects.filter(center=report.center).select_related("user"))
    url = reverse("metrics:report", args=[report.collaborative.slug, report.public_id])
    created = 0
    for membership in memberships:
        _row, was_created = notify(
            kind="metric_report_built",
            object_key=str(report.public_id),
            recipient=membership.user,
            subject=_("%(report)s for %(month)s is ready")
            % {"report": report.get_kind_display(), "month": report.month.strftime("%B %Y")},
            url=url,
            collaborative=report.collaborative,
        )
        created += was_created
    return created


def month_reports(collaborative: Collaborative, month: datetime.date) -> list[Report]:
    """The month's metric reports: one per center and the all-collaborative one."""
    reports = [
        report_get_or_create(collaborative, Report.Kind.CENTER_METRICS, month, center)
        for center in Center.objects.filter(collaborative=collaborative).order_by("name")
    ]
    reports.append(report_get_or_create(collaborative, Report.Kind.COLLABORATIVE_METRICS, month))
    return reports


def progress_reports(collaborative: Collaborative, month: datetime.date) -> list[Report]:
    return [
        report_get_or_create(collaborative, Report.Kind.PROGRESS, month, center)
        for center in Center.objects.filter(collaborative=collaborative).order_by("name")
    ]


def report_publish(*, access: Any, report: Report, narrative: str | None = None) -> ReportFile:
    """IT publishes a progress report: build its PDF, then tell the center's senior leaders
    (once)."""
    access.require("manage_reports", report)
    if narrative is not None:
        report.narrative = narrative.strip()
    report.published_at = timezone.now()
    report.published_by = access.user
    report.save(update_fields=["narrative", "published_at", "published_by"])
    result = report_build(report)
    from bsc.audit import record_audit

    record_audit(
        actor=access.user,
        collaborative=report.collaborative,
        action="progress_report.publish",
        obj=report,
    )
    url = reverse("metrics:report", args=[report.collaborative.slug, report.public_id])
    for membership in Membership.objects.filter(
        center=report.center, center_role=Membership.CenterRole.SENIOR_LEADER
    ).select_related("user"):
        notify(
            kind="progress_report_published",
            object_key=str(report.public_id),
            recipient=membership.user,
            subject=_("Progress report for %(center)s is ready") % {"center": report.center},
            body=_("The Implementation Team published your center's progress report."),
            url=url,
            collaborative=report.collaborative,
        )
    return result.file


def build_demo_reports(collaborative: Collaborative, month: datetime.date) -> None:
    """Demo: the last month's metric reports and one published progress report, built."""
    if not MetricValue.objects.filter(center__collaborative=collaborative).exists():
        return
    for report in month_reports(collaborative, month):
        if not report.files.exists():
            report_build(report, announce=False)
    sunrise = Center.objects.filter(collaborative=collaborative).order_by("name").first()
    sunrise = Center.objects.filter(collaborative=collaborative, slug="sunrise").first() or sunrise
    progress = report_get_or_create(collaborative, Report.Kind.PROGRESS, month, sunrise)
    if not progress.files.exists():
        progress.narrative = (
            "The Sunrisers have tested a family communication log and visual schedules. "
            "Two-way communication rose from under half of families to about three in four, "
            "and challenging behaviors dropped after visual schedules were adopted in every "
            "classroom. Next: spread the log to the infant rooms."
        )
        progress.published_at = timezone.now()
        progress.save()
        report_build(progress, announce=False)
