"""Report pages: the list, one report on screen, its PDF (served through this tenant-checked
view, never from MEDIA_URL), IT's narrative, publishing and builds on demand."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bsc.tenancy import Access, collaborative_view
from bsc.uploads import serve_upload
from metrics.reports.context import report_body
from metrics.reports.models import Report, ReportBuildRequest, ReportFile
from metrics.reports.selectors import pending_build_requests, reports_visible_to
from metrics.reports.services import (
    report_build_request,
    report_build_request_queue,
    report_publish,
)
from metrics.values.validation import collaborative_today, parse_month


def _report_for(access: Access, public_id: str) -> Report:
    try:
        report = reports_visible_to(access).filter(public_id=public_id).first()
    except ValidationError:
        report = None
    if report is None:
        raise Http404
    report.collaborative = access.collaborative
    return report


@collaborative_view()
def report_list(request: HttpRequest, access: Access) -> HttpResponse:
    reports = list(
        reports_visible_to(access)
        .prefetch_related("files")
        .order_by("-month", "kind", "center__name")[:300]
    )
    last_month = collaborative_today(access.collaborative).replace(day=1) - datetime.timedelta(
        days=1
    )
    return render(
        request,
        "metrics/reports/report_list.html",
        {
            "reports": reports,
            "can_manage": access.can("manage_reports"),
            "pending_builds": (
                pending_build_requests(access) if access.can("manage_reports") else []
            ),
            "default_month": last_month.strftime("%Y-%m"),
        },
    )


@collaborative_view()
def report_detail(request: HttpRequest, access: Access, report: str) -> HttpResponse:
    """The report on screen: the body stored with its newest PDF, so the page says exactly
    what the PDF says; a report never built is drawn from today's data."""
    report_obj = _report_for(access, report)
    if report_obj.kind == Report.Kind.PROGRESS:
        access.require("view_progress_report", report_obj)
    files = list(report_obj.files.select_related("framework_version"))
    shown = _in_reader_language(files)
    stored = shown.html if shown is not None and shown.html else None
    body = stored if stored is not None else report_body(report_obj)
    return render(
        request,
        "metrics/reports/report_detail.html",
        {
            "report": report_obj,
            "collaborative": access.collaborative,
            "body_html": mark_safe(body),  # noqa: S308 - rendered by our own templates
            "from_build": stored is not None,
            "files": files,
            "can_manage": access.can("manage_reports", report_obj),
        },
    )


def _in_reader_language(files: list[ReportFile]) -> ReportFile | None:
    """The newest build in the reader's language, else the newest build."""
    language = get_language()
    return next((f for f in files if f.language == language), files[0] if files else None)


def _serve(record: ReportFile) -> HttpResponse:
    try:
        handle = record.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = record.file.name.rsplit("/", 1)[-1]
    return serve_upload(handle, content_type="application/pdf", filename=name)


@collaborative_view()
def report_pdf(request: HttpRequest, access: Access, report: str) -> HttpResponse:
    """The newest PDF of the report."""
    report_obj = _report_for(access, report)
    if report_obj.kind == Report.Kind.PROGRESS:
        access.require("view_progress_report", report_obj)
    record = _in_reader_language(list(report_obj.files.all()))
    if record is None:
        raise Http404
    return _serve(record)


@collaborative_view()
def report_file(request: HttpRequest, access: Access, report: str, file: str) -> HttpResponse:
    """An older build of the report, kept for the record."""
    report_obj = _report_for(access, report)
    if report_obj.kind == Report.Kind.PROGRESS:
        access.require("view_progress_report", report_obj)
    try:
        record = report_obj.files.filter(public_id=file).first()
    except ValidationError:
        record = None
    if record is None:
        raise Http404
    return _serve(record)


@collaborative_view(permission="manage_reports")
@require_POST
def report_edit(request: HttpRequest, access: Access, report: str) -> HttpResponse:
    """IT saves a progress report's narrative, and publishes it when asked."""
    report_obj = _report_for(access, report)
    if report_obj.kind != Report.Kind.PROGRESS:
        raise Http404
    narrative = request.POST.get("narrative", "")
    if request.POST.get("action") == "publish":
        report_publish(access=access, report=report_obj, narrative=narrative)
        messages.success(request, _("Published: the center's senior leaders are notified."))
    else:
        report_obj.narrative = narrative.strip()
        report_obj.save(update_fields=["narrative"])
        messages.success(request, _("The narrative is saved."))
    return redirect("metrics:report", slug=access.collaborative.slug, report=report_obj.public_id)


@collaborative_view(permission="manage_reports")
@require_POST
def report_build_now(request: HttpRequest, access: Access) -> HttpResponse:
    """Record a build of the month's metric reports (or progress reports) and hand it to the
    background workers; with the broker down it stays recorded and is built once it is back."""
    try:
        month = parse_month(request.POST.get("month"))
    except ValueError:
        messages.error(request, _("Enter the month as YYYY-MM, e.g. 2026-03."))
        return redirect("metrics:reports", slug=access.collaborative.slug)
    kind = (
        ReportBuildRequest.Kind.PROGRESS
        if request.POST.get("kind") == "progress"
        else ReportBuildRequest.Kind.METRIC
    )
    with transaction.atomic():
        build = report_build_request(access.collaborative, month, kind, requested_by=access.user)
    # Handed over after the commit, so a worker finds the row.
    if report_build_request_queue(build):
        messages.success(request, _("The reports are being built; they appear here when ready."))
    else:
        messages.warning(
            request,
            _(
                "Your request is recorded. The background workers are unavailable right now; "
                "the reports are built as soon as they are back."
            ),
        )
    return redirect("metrics:reports", slug=access.collaborative.slug)
