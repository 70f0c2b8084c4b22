from __future__ import annotations

import datetime
import zoneinfo

from django.urls import reverse
from django.utils.translation import gettext as _

from bsc import formatting
from bsc.i18n import in_language_of
from bsc.notifications import notify
from centers.teams.models import Center
from collaboratives.framework.models import Metric
from collaboratives.membership.models import Collaborative, Membership
from metrics.values.models import MetricsSettings, MetricValue, add_months, month_label


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
            with in_language_of(membership.user, collaborative):
                if escalate:
                    subject = _("Overdue: %(center)s's metrics for %(month)s") % {
                        "center": center.name,
                        "month": formatting.month(month),
                    }
                else:
                    subject = _("Reminder: %(center)s's metrics for %(month)s are due %(due)s") % {
                        "center": center.name,
                        "month": formatting.month(month),
                        "due": formatting.day(due),
                    }
                body = _("Enter the month's values in the monthly metrics page.")
            _row, created = notify(
                kind=kind,
                object_key=f"{center.public_id}:{month_label(month)}",
                recipient=membership.user,
                subject=subject,
                body=body,
                url=url,
                collaborative=collaborative,
                due_at=now,
            )
            sent += created
    return sent
