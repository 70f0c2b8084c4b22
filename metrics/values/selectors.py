from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.http import Http404

from bsc.tenancy import Access
from centers.teams.models import Center
from collaboratives.framework.models import Metric
from metrics.values.models import MetricValue
from metrics.values.validation import parse_month


def month_from_url(access: Access, text: str) -> datetime.date:
    try:
        return parse_month(text)
    except ValueError:
        raise Http404 from None


def metric_from_url(access: Access, slug: str) -> Metric:
    metric = Metric.objects.filter(collaborative=access.collaborative, slug=slug).first()
    if metric is None:
        raise Http404
    return metric


def metrics_of(access: Access) -> list[Metric]:
    return list(Metric.objects.filter(collaborative=access.collaborative).order_by("order", "name"))


def values_for(
    centers: Sequence[Center], metrics: Sequence[Metric], months: Sequence[datetime.date]
) -> dict[tuple[int, int, datetime.date], MetricValue]:
    """(center id, metric id, month) → value, in one query."""
    if not centers or not metrics or not months:
        return {}
    rows = MetricValue.objects.filter(
        center__in=[c.pk for c in centers],
        metric__in=[m.pk for m in metrics],
        month__gte=months[0],
        month__lte=months[-1],
    ).select_related("submitted_by")
    return {(row.center_id, row.metric_id, row.month): row for row in rows}
