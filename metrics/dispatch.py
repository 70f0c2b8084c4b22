"""Monthly metric reminders and automatic report builds, found in the database at each run.

For each active collaborative and the month whose values are due next: a reminder to each
center's data point people and team leaders N days before the due day, and one escalation
(also to the senior leaders) a few days after it, each recorded once through
`bsc.notifications.notify`; centers that have submitted every required metric get neither.
Once a month's due day has passed, its metric reports are built (once).
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from bsc.notifications import notify
from centers.models import Center
from collaboratives.models import Collaborative, Event, Membership, Metric

from .models import MetricsSettings, MetricValue, Report, add_months, month_label


def _due_month(settings_row: MetricsSettings, today: datetime.date) -> datetime.date:
    """The month whose values are due this month (last month's)."""
    return add_months(today.replace(day=1), -1)


def _missing_centers(collaborative: Collaborative, month: datetime.date) -> list[Center]:
    metrics = list(Metric.objects.filter(collaborative=collaborative, required=True))
    if not metrics:
        return []
    submitted: dict[int, int] = {}
    for center_id in MetricValue.objects.filter(
        center__collaborative=collaborative, metric__in=metrics, month=month
    ).values_list("center_id", flat=True):
        submitted[center_id] = submitted.get(center_id, 0) + 1
    centers = Center.objects.filter(
        collaborative=collaborative, status__in=[Center.Status.ACTIVE, Center.Status.SELECTED]
    )
    return [c for c in centers if submitted.get(c.pk, 0) < len(metrics)]


def _recipients(centers: list[Center], escalate: bool) -> dict[int, list[Membership]]:
    by_center: dict[int, list[Membership]] = {c.pk: [] for c in centers}
    roles = {Membership.CenterRole.TEAM_LEADER}
    if escalate:
        roles.add(Membership.CenterRole.SENIOR_LEADER)
    for membership in Membership.objects.filter(center__in=centers).select_related("user"):
        if membership.data_point_person or membership.center_role in roles:
            by_center[membership.center_id].append(membership)
    return by_center


def send_metric_reminders(collaborative: Collaborative, now: datetime.datetime) -> int:
    settings_row, _created = MetricsSettings.objects.get_or_create(collaborative=collaborative)
    today = now.astimezone(zoneinfo.ZoneInfo(collaborative.timezone)).date()
    month = _due_month(settings_row, today)
    if not (settings_row.first_month() <= month <= collaborative.end_date.replace(day=1)):
        return 0
    due = settings_row.due_date(month)
    remind_from = due - datetime.timedelta(days=settings_row.reminder_days_before)
    escalate_from = due + datetime.timedelta(days=max(settings_row.escalation_days_after, 1))
    if today < remind_from or (due < today < escalate_from):
        return 0
    escalate = today >= escalate_from
    centers = _missing_centers(collaborative, month)
    sent = 0
    kind = "metric_escalation" if escalate else "metric_reminder"
    for center in centers:
        url = reverse("metrics:entry", args=[collaborative.slug, center.slug])
        for membership in _recipients([center], escalate)[center.pk]:
            if escalate:
                subject = _("Overdue: %(center)s's metrics for %(month)s") % {
                    "center": center.name,
                    "month": month.strftime("%B %Y"),
                }
            else:
                subject = _("Reminder: %(center)s's metrics for %(month)s are due %(due)s") % {
                    "center": center.name,
                    "month": month.strftime("%B %Y"),
                    "due": due.isoformat(),
                }
            _row, created = notify(
                kind=kind,
                object_key=f"{center.public_id}:{month_label(month)}",
                recipient=membership.user,
                subject=subject,
                body=_("Enter the month's values in the monthly metrics page."),
                url=url,
                collaborative=collaborative,
                due_at=now,
            )
            sent += created
    return sent


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
    from .reports import report_get_or_create
    from .tasks import build_reports_for_month

    # The collaborative report row marks the month as handled, so a second run queues nothing.
    report_get_or_create(collaborative, Report.Kind.COLLABORATIVE_METRICS, month)
    collaborative_id = collaborative.pk
    transaction.on_commit(
        lambda: build_reports_for_month.delay(collaborative_id, month.isoformat(), "metric")
    )
    return True


PROGRESS_DAYS_BEFORE_SESSION = 21


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
    from .reports import progress_reports
    from .tasks import build_report

    # Creating the rows marks the session as handled: a second run queues nothing.
    ids = [report.pk for report in progress_reports(collaborative, month)]
    transaction.on_commit(lambda: [build_report.delay(pk) for pk in ids])
    return True


def dispatch(now: datetime.datetime) -> None:
    for collaborative in Collaborative.objects.filter(status=Collaborative.Status.ACTIVE):
        send_metric_reminders(collaborative, now)
        build_due_reports(collaborative, now)
        build_progress_drafts(collaborative, now)
