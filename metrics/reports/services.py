"""Monthly metric reports (per center and for the whole collaborative) and progress reports:
their content, their HTML (one template for the page and the PDF) and their PDF builds.

Builds run in Celery tasks (`metrics.reports.tasks`) or synchronously (`manage.py build_reports`);
each build is kept as a new `ReportFile`, and each report's readers are notified once. A month's
build is first recorded as a `ReportBuildRequest`, so one the broker did not take is built once
it is back (the dispatcher hands it over again).
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bsc import formatting
from bsc.enqueue import enqueue
from bsc.i18n import in_language_of, recipient_language, supported
from bsc.notifications import notify
from centers.teams.models import Center
from collaboratives.framework.versions import current_version
from collaboratives.membership.models import Collaborative, Membership
from metrics.reports.context import report_body, report_html
from metrics.reports.models import Report, ReportBuildRequest, ReportFile
from metrics.values.models import MetricValue, month_label


def report_get_or_create(
    collaborative: Collaborative, kind: str, month: datetime.date, center: Center | None = None
) -> Report:
    report, _created = Report.objects.get_or_create(
        collaborative=collaborative, center=center, kind=kind, month=month
    )
    return report


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=None).write_pdf()


@dataclass
class BuildResult:
    file: ReportFile
    html_seconds: float
    pdf_seconds: float


def report_languages(report: Report) -> list[str]:
    """The languages its readers read (the collaborative's default first): one PDF each."""
    collaborative = report.collaborative
    readers = Membership.objects.filter(
        collaborative=collaborative, role=Membership.Role.IMPLEMENTATION_TEAM
    )
    if report.center is not None:
        readers = readers | Membership.objects.filter(center=report.center)
    languages = [recipient_language(None, collaborative)]
    for code in readers.values_list("user__language", flat=True).distinct():
        language = recipient_language(None, collaborative) if not code else supported(code)
        if language and language not in languages:
            languages.append(language)
    return languages


def report_build(report: Report, *, announce: bool = True) -> BuildResult:
    """Render and store a new PDF of the report in each of its readers' languages (older
    builds stay), then notify its readers once per report (unless `announce` is off, as for
    the demo's ready-made reports). The result is the build in the collaborative's language."""
    results = []
    for language in report_languages(report):
        with translation.override(language):
            results.append(_build_one(report, language))
    if announce and report.kind != Report.Kind.PROGRESS:
        notify_report_readers(report)
    return results[0]


def _build_one(report: Report, language: str) -> BuildResult:
    started = time.perf_counter()
    body = report_body(report)
    html = report_html(report, body)
    html_done = time.perf_counter()
    pdf = html_to_pdf(html)
    pdf_done = time.perf_counter()
    built_at = timezone.now()
    whom = report.center.slug if report.center else report.collaborative.slug
    name = (
        f"{report.kind}-{whom}-{month_label(report.month)}-{language}-"
        f"{built_at:%Y%m%dT%H%M%S%f}.pdf"
    )
    with transaction.atomic():
        record = ReportFile(
            report=report,
            built_at=built_at,
            size=len(pdf),
            seconds=pdf_done - started,
            html=body,
            language=language,
            framework_version=current_version(report.collaborative),
        )
        record.file.save(name, ContentFile(pdf), save=False)
        record.save()
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
        with in_language_of(membership.user, report.collaborative):
            subject = _("%(report)s for %(month)s is ready") % {
                "report": report.get_kind_display(),
                "month": formatting.month(report.month),
            }
        _row, was_created = notify(
            kind="metric_report_built",
            object_key=str(report.public_id),
            recipient=membership.user,
            subject=subject,
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


# A request taken by the broker (or started) this long ago without being done was lost with a
# worker or a broker restart: the dispatcher hands it over again.
BUILD_REQUEST_STALE_AFTER = datetime.timedelta(minutes=30)


def build_month_reports(collaborative: Collaborative, month: datetime.date, kind: str) -> int:
    """Create the month's reports (metric or progress) and build each, on a worker when the
    broker takes it, here otherwise: this runs in the background already."""
    from metrics.reports.tasks import build_report

    reports = (
        progress_reports(collaborative, month)
        if kind == ReportBuildRequest.Kind.PROGRESS
        else month_reports(collaborative, month)
    )
    for report in reports:
        if not enqueue(build_report, report.pk):
            report_build(report)
    return len(reports)


def report_build_request(
    collaborative: Collaborative,
    month: datetime.date,
    kind: str,
    *,
    requested_by: Any = None,
) -> ReportBuildRequest:
    """Record that the month's reports are to be built; a request for the same month and kind
    that has not started yet is reused, so asking twice while the broker is down builds once."""
    pending = ReportBuildRequest.objects.filter(
        collaborative=collaborative,
        month=month.replace(day=1),
        kind=kind,
        done_at__isnull=True,
        started_at__isnull=True,
    ).first()
    if pending is not None:
        return pending
    return ReportBuildRequest.objects.create(
        collaborative=collaborative,
        month=month.replace(day=1),
        kind=kind,
        requested_by=requested_by,
    )


def report_build_request_queue(request: ReportBuildRequest) -> bool:
    """Hand the request to the broker; False when it did not take it (the row stays pending)."""
    from metrics.reports.tasks import build_requested_reports

    if not enqueue(build_requested_reports, request.pk):
        return False
    ReportBuildRequest.objects.filter(pk=request.pk).update(queued_at=timezone.now())
    return True


def report_build_request_run(request_id: int, now: datetime.datetime | None = None) -> int:
    """Build a recorded request once: claimed by one worker, marked done afterwards. Returns the
    number of reports, 0 when it was done, taken by another worker, or is not committed yet."""
    now = now or timezone.now()
    claimed = (
        ReportBuildRequest.objects.filter(pk=request_id, done_at__isnull=True)
        .filter(Q(started_at__isnull=True) | Q(started_at__lt=now - BUILD_REQUEST_STALE_AFTER))
        .update(started_at=now)
    )
    if not claimed:
        return 0
    request = ReportBuildRequest.objects.select_related("collaborative").get(pk=request_id)
    count = build_month_reports(request.collaborative, request.month, request.kind)
    ReportBuildRequest.objects.filter(pk=request_id).update(done_at=timezone.now())
    return count


def report_build_requests_hand_over(
    collaborative: Collaborative, now: datetime.datetime
) -> list[ReportBuildRequest]:
    """The dispatcher's part: every request of the collaborative the broker never took, or
    took so long ago that it was lost, goes to the broker again. Returns those it took."""
    stale = now - BUILD_REQUEST_STALE_AFTER
    waiting = ReportBuildRequest.objects.filter(
        collaborative=collaborative, done_at__isnull=True
    ).filter(
        (Q(queued_at__isnull=True) | Q(queued_at__lt=stale))
        & (Q(started_at__isnull=True) | Q(started_at__lt=stale))
    )
    return [request for request in waiting if report_build_request_queue(request)]


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
        with in_language_of(membership.user, report.collaborative):
            subject = _("Progress report for %(center)s is ready") % {"center": report.center}
            body = _("The Implementation Team published your center's progress report.")
        notify(
            kind="progress_report_published",
            object_key=str(report.public_id),
            recipient=membership.user,
            subject=subject,
            body=body,
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
