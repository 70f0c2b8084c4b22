from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bsc.audit import record_audit
from bsc.tenancy import Access
from centers.teams.models import Center
from collaboratives.framework.models import Metric
from metrics.charts.models import ChartExclusion, ChartPhase, ChartSetting
from metrics.values.models import (
    month_label,
)
from metrics.values.services import data_changed


def chart_setting_set(*, access: Access, center: Center, metric: Metric, chart: str) -> None:
    """Override the catalogue's chart for one center and metric ('' goes back to it)."""
    access.require("manage_metric_charts", center)
    with transaction.atomic():
        if not chart:
            ChartSetting.objects.filter(center=center, metric=metric).delete()
        else:
            if chart not in ChartSetting.Chart.values:
                raise ValidationError({"chart": [_("Choose a chart type.")]})
            ChartSetting.objects.update_or_create(
                center=center, metric=metric, defaults={"chart": chart}
            )
        data_changed(access.collaborative)
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="chart_setting.set",
            obj=center,
            changes={"metric": metric.slug, "chart": chart},
        )


def chart_phase_add(
    *, access: Access, center: Center, metric: Metric, start_month: datetime.date, reason: str
) -> ChartPhase:
    """Start a new phase (a new baseline) from `start_month`, with the reason."""
    access.require("manage_metric_charts", center)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the chart gets a new baseline.")]})
    if ChartPhase.objects.filter(center=center, metric=metric, start_month=start_month).exists():
        raise ValidationError({"start_month": [_("A phase already starts in this month.")]})
    with transaction.atomic():
        phase = ChartPhase(
            center=center,
            metric=metric,
            start_month=start_month,
            reason=reason,
            created_by=access.user,
        )
        phase.full_clean()
        phase.save()
        data_changed(access.collaborative)
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="chart_phase.add",
            obj=phase,
            changes={"metric": metric.slug, "from": month_label(start_month), "reason": reason},
        )
    return phase


def chart_exclusion_add(
    *, access: Access, center: Center, metric: Metric, month: datetime.date, reason: str
) -> ChartExclusion:
    """Leave one month out of the analysis, with the reason."""
    access.require("manage_metric_charts", center)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why this month is left out.")]})
    if ChartExclusion.objects.filter(center=center, metric=metric, month=month).exists():
        raise ValidationError({"month": [_("This month is already left out.")]})
    with transaction.atomic():
        exclusion = ChartExclusion(
            center=center, metric=metric, month=month, reason=reason, created_by=access.user
        )
        exclusion.full_clean()
        exclusion.save()
        data_changed(access.collaborative)
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="chart_exclusion.add",
            obj=exclusion,
            changes={"metric": metric.slug, "month": month_label(month), "reason": reason},
        )
    return exclusion


def chart_annotation_remove(*, access: Access, annotation: ChartPhase | ChartExclusion) -> None:
    access.require("manage_metric_charts", annotation.center)
    with transaction.atomic():
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action=f"{annotation._meta.model_name}.remove",
            obj=annotation,
            changes={"reason": annotation.reason},
        )
        annotation.delete()
        data_changed(access.collaborative)
