from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from centers.teams.models import Center
from collaboratives.framework.models import Metric
from collaboratives.membership.models import Collaborative
from collaboratives.schedule.models import Event
from metrics.charts.models import ChartExclusion, ChartPhase, ChartSetting
from metrics.charts.svg import Marker
from pdsa.cycles.models import Cycle


@dataclass
class Annotations:
    phases: dict[tuple[int, int], list[ChartPhase]] = field(default_factory=dict)
    exclusions: dict[tuple[int, int], list[ChartExclusion]] = field(default_factory=dict)
    charts: dict[tuple[int, int], str] = field(default_factory=dict)


def annotations_for(centers: Sequence[Center], metrics: Sequence[Metric]) -> Annotations:
    """IT's phases, exclusions and chart overrides for these centers, in three queries."""
    result = Annotations(defaultdict(list), defaultdict(list), {})
    center_ids = [c.pk for c in centers]
    metric_ids = [m.pk for m in metrics]
    for phase in ChartPhase.objects.filter(center__in=center_ids, metric__in=metric_ids):
        result.phases[(phase.center_id, phase.metric_id)].append(phase)
    for exclusion in ChartExclusion.objects.filter(center__in=center_ids, metric__in=metric_ids):
        result.exclusions[(exclusion.center_id, exclusion.metric_id)].append(exclusion)
    for setting in ChartSetting.objects.filter(center__in=center_ids, metric__in=metric_ids):
        result.charts[(setting.center_id, setting.metric_id)] = setting.chart
    return result


def _month_index(months: Sequence[datetime.date]) -> dict[datetime.date, int]:
    return {month: index for index, month in enumerate(months)}


def learning_session_markers(
    collaborative: Collaborative, months: Sequence[datetime.date]
) -> list[Marker]:
    index = _month_index(months)
    markers = []
    for event in Event.objects.filter(
        collaborative=collaborative, kind=Event.Kind.LEARNING_SESSION
    ).order_by("start"):
        month = event.start.date().replace(day=1)
        if month in index:
            markers.append(Marker(index[month], event.title, "learning_session"))
    return markers


def pdsa_markers(
    centers: Sequence[Center], months: Sequence[datetime.date]
) -> dict[int, list[Marker]]:
    """Each center's PDSA cycle start dates as markers, in one query."""
    index = _month_index(months)
    markers: dict[int, list[Marker]] = defaultdict(list)
    if not months:
        return markers
    cycles = (
        Cycle.objects.filter(
            ramp__center__in=[c.pk for c in centers],
            start_date__gte=months[0],
            start_date__lt=months[-1] + datetime.timedelta(days=31),
        )
        .select_related("ramp")
        .order_by("start_date")
    )
    for cycle in cycles:
        month = cycle.start_date.replace(day=1)
        if month in index:
            markers[cycle.ramp.center_id].append(
                Marker(
                    index[month],
                    _("PDSA %(ramp)s, cycle %(number)s starts %(date)s")
                    % {
                        "ramp": cycle.ramp.title,
                        "number": cycle.number,
                        "date": cycle.start_date.isoformat(),
                    },
                    "pdsa",
                )
            )
    return markers
