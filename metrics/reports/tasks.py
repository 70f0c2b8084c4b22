"""Background work for metric reports: thin tasks that take ids and call the reports module."""

from __future__ import annotations

import datetime

from celery import shared_task

from collaboratives.membership.models import Collaborative
from metrics.reports.models import Report


@shared_task(name="metrics.reports.tasks.build_report", bind=True, max_retries=3)
def build_report(self, report_id: int) -> str:
    from metrics.reports.services import report_build

    report = Report.objects.select_related("collaborative", "center").get(pk=report_id)
    try:
        return report_build(report).file.file.name
    except OSError as error:  # storage hiccup: try again later
        raise self.retry(exc=error, countdown=30) from error


@shared_task(name="metrics.reports.tasks.build_reports_for_month")
def build_reports_for_month(collaborative_id: int, month_iso: str, kind: str = "metric") -> int:
    """Create the month's reports and queue one build per report."""
    from metrics.reports.services import build_month_reports

    collaborative = Collaborative.objects.get(pk=collaborative_id)
    month = datetime.date.fromisoformat(month_iso).replace(day=1)
    return build_month_reports(collaborative, month, kind)


@shared_task(name="metrics.reports.tasks.build_requested_reports")
def build_requested_reports(request_id: int) -> int:
    """Build a recorded `ReportBuildRequest` (once, however often it was handed over)."""
    from metrics.reports.services import report_build_request_run

    return report_build_request_run(request_id)
