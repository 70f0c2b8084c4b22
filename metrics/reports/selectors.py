from __future__ import annotations

from typing import Any

from django.db.models import Q

from bsc.tenancy import Access
from metrics.reports.models import Report, ReportBuildRequest


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


def pending_build_requests(access: Access) -> list[ReportBuildRequest]:
    """Builds asked for and not done yet, oldest first, for the reports page."""
    return list(
        ReportBuildRequest.objects.filter(
            collaborative=access.collaborative, done_at__isnull=True
        ).order_by("requested_at", "pk")[:50]
    )
