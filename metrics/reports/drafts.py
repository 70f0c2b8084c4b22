from __future__ import annotations

import datetime
import zoneinfo

from django.db import transaction

from collaboratives.membership.models import Collaborative
from collaboratives.schedule.models import Event
from metrics.completeness.reminders import _due_month
from metrics.reports.models import Report, ReportBuildRequest
from metrics.values.models import MetricsSettings, add_months

PROGRESS_DAYS_BEFORE_SESSION = 21


def build_due_reports(collaborative: Collaborative, now: datetime.datetime) -> bool:
    """Queue the month's metric reports once its due day has passed."""
    settings_row, _created = MetricsSettings.objects.get_or_create(collaborative=collaborative)
    today = now.astimezone(zoneinfo.ZoneInfo(collaborative.timezone)).date()
    month = _due_month(settings_row, today)
    if today <= settings_row.due_date(month) or month < collaborative.start_date.replace(day=1):
        return False
    if Report.objects.filter(
        collaborative=collaborative, kind=Report.Kind.COLLABORATIVE_METRICS, month=month
    ).exists():
        return False
    from metrics.reports.services import (
        report_build_request,
        report_build_request_queue,
        report_get_or_create,
    )

    # The collaborative report row marks the month as handled, so a second run queues nothing;
    # the build request is the record that survives a broker that does not take it.
    report_get_or_create(collaborative, Report.Kind.COLLABORATIVE_METRICS, month)
    request = report_build_request(collaborative, month, ReportBuildRequest.Kind.METRIC)
    transaction.on_commit(lambda: report_build_request_queue(request))
    return True


def build_progress_drafts(collaborative: Collaborative, now: datetime.datetime) -> bool:
    """Three weeks before each Learning Session, draft every center's progress report (data
    up to the month before) for IT to write its narrative and publish."""
    session = (
        Event.objects.filter(
            collaborative=collaborative,
            kind=Event.Kind.LEARNING_SESSION,
            start__gt=now,
            start__lte=now + datetime.timedelta(days=PROGRESS_DAYS_BEFORE_SESSION),
        )
        .order_by("start")
        .first()
    )
    if session is None:
        return False
    tz = zoneinfo.ZoneInfo(collaborative.timezone)
    month = add_months(session.start.astimezone(tz).date().replace(day=1), -1)
    if Report.objects.filter(
        collaborative=collaborative, kind=Report.Kind.PROGRESS, month=month
    ).exists():
        return False
    from metrics.reports.services import (
        progress_reports,
        report_build_request,
        report_build_request_queue,
    )

    # Creating the rows marks the session as handled: a second run queues nothing. The build
    # request is the record that survives a broker that does not take it.
    progress_reports(collaborative, month)
    request = report_build_request(collaborative, month, ReportBuildRequest.Kind.PROGRESS)
    transaction.on_commit(lambda: report_build_request_queue(request))
    return True
