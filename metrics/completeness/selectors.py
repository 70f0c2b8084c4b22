from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from bsc.tenancy import Access
from centers.teams.models import Center
from metrics.charts.selectors import LATE, MISSING, NOT_COLLECTED, ON_TIME, OPEN, PARTIAL
from metrics.values.models import MetricsSettings, MetricValue
from metrics.values.selectors import metrics_of, values_for
from metrics.values.validation import collaborative_today

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


def centers_behind(
    access: Access, month: datetime.date, today: datetime.date | None = None
) -> tuple[int, datetime.date]:
    """(how many centers have missing or partial metrics for `month`, its due day), counted
    by the database: the same verdict as `completeness` without loading every value."""
    from django.db.models import Count, Q

    from bsc.tenancy import centers_visible_to

    collaborative = access.collaborative
    today = today or collaborative_today(collaborative)
    settings_row = MetricsSettings.objects.filter(collaborative=collaborative).first()
    settings_row = settings_row or MetricsSettings(collaborative=collaborative)
    due = settings_row.due_date(month)
    metrics = [m for m in metrics_of(access) if m.required] or metrics_of(access)
    if today <= due or not metrics:
        return 0, due
    behind = (
        centers_visible_to(access)
        .annotate(
            entered=Count(
                "metric_values",
                filter=Q(
                    metric_values__month=month,
                    metric_values__metric__in=[m.pk for m in metrics],
                ),
            )
        )
        .filter(entered__lt=len(metrics))
        .count()
    )
    return behind, due
