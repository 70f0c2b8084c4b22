"""Writes of the metrics app: values (with history), collection plans, chart phases and
exclusions, reminders on demand. Each is atomic, checks the acting person's right, and
leaves an audit or history row."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bsc.audit import record_audit
from bsc.notifications import notify
from bsc.tenancy import Access
from centers.models import Center
from collaboratives.models import Membership, Metric

from .models import (
    ChartExclusion,
    ChartPhase,
    ChartSetting,
    DataCollectionPlan,
    MetricsSettings,
    MetricValue,
    MetricValueHistory,
    month_label,
)
from .validation import CleanEntry, clean_entry, collaborative_today, first_month


class EntryErrors(Exception):
    """Some rows of a batch failed validation; nothing was stored.

    `rows` holds (row number, {field: [messages]}) for each failing row.
    """

    def __init__(self, rows: list[tuple[int, dict[str, list[str]]]]):
        super().__init__(rows)
        self.rows = rows


@dataclass(frozen=True)
class Entry:
    metric: Metric | None
    data: dict[str, Any]


def metrics_settings_for(collaborative: Any) -> MetricsSettings:
    settings_row, _created = MetricsSettings.objects.get_or_create(collaborative=collaborative)
    return settings_row


def data_changed(collaborative: Any) -> None:
    """Invalidate the collaborative's cached charts and boards (call inside the write)."""
    updated = MetricsSettings.objects.filter(collaborative=collaborative).update(
        data_version=F("data_version") + 1
    )
    if not updated:
        MetricsSettings.objects.get_or_create(collaborative=collaborative)


def _apply(
    *,
    center: Center,
    metric: Metric,
    clean: CleanEntry,
    user: Any,
    source: str,
    now: datetime.datetime,
    existing: MetricValue | None,
) -> tuple[MetricValue, bool]:
    fields = {
        "numerator": clean.numerator,
        "denominator": clean.denominator,
        "value": clean.value,
        "note": clean.note,
        "not_collected": clean.not_collected,
        "not_collected_reason": clean.not_collected_reason,
    }
    if existing is None:
        row = MetricValue(
            center=center,
            metric=metric,
            month=clean.month,
            submitted_by=user,
            first_submitted_at=now,
            submitted_at=now,
            **fields,
        )
        row.full_clean(validate_unique=False)
        row.save()
        MetricValueHistory.objects.create(
            metric_value=row,
            changed_by=user,
            changed_at=now,
            old=None,
            new=row.snapshot(),
            source=source,
        )
        return row, True
    old = existing.snapshot()
    for name, value in fields.items():
        setattr(existing, name, value)
    new = existing.snapshot()
    if old == new:
        return existing, False
    existing.submitted_by = user
    existing.submitted_at = now
    existing.full_clean(validate_unique=False)
    existing.save()
    MetricValueHistory.objects.create(
        metric_value=existing, changed_by=user, changed_at=now, old=old, new=new, source=source
    )
    return existing, True


def metric_values_submit(
    *,
    access: Access,
    center: Center,
    entries: Sequence[Entry],
    source: str = "web",
    today: datetime.date | None = None,
) -> list[tuple[MetricValue, bool]]:
    """Store several months/metrics for one center at once, all or nothing.

    Re-submitting a month updates it and keeps the earlier value in its history; an identical
    re-submission changes nothing. Raises EntryErrors (1-based row numbers) if any entry fails.
    """
    access.require("submit_metrics", center)
    collaborative = access.collaborative
    cleaned: list[tuple[Metric, CleanEntry]] = []
    failures: list[tuple[int, dict[str, list[str]]]] = []
    seen: dict[tuple[int, datetime.date], int] = {}
    first = first_month(collaborative)
    today = today or collaborative_today(collaborative)
    for number, entry in enumerate(entries, start=1):
        try:
            clean = clean_entry(
                collaborative=collaborative,
                metric=entry.metric,
                data=entry.data,
                today=today,
                first=first,
            )
        except ValidationError as error:
            failures.append((number, error.message_dict))
            continue
        assert entry.metric is not None
        key = (entry.metric.pk, clean.month)
        if key in seen:
            failures.append(
                (
                    number,
                    {"month": [_("Row %(row)s already gives this month.") % {"row": seen[key]}]},
                )
            )
            continue
        seen[key] = number
        cleaned.append((entry.metric, clean))
    if failures:
        raise EntryErrors(failures)
    now = timezone.now()
    results = []
    with transaction.atomic():
        existing = {
            (row.metric_id, row.month): row
            for row in MetricValue.objects.select_for_update().filter(
                center=center,
                metric__in={metric.pk for metric, _clean in cleaned},
                month__in={clean.month for _metric, clean in cleaned},
            )
        }
        for metric, clean in cleaned:
            results.append(
                _apply(
                    center=center,
                    metric=metric,
                    clean=clean,
                    user=access.user,
                    source=source,
                    now=now,
                    existing=existing.get((metric.pk, clean.month)),
                )
            )
        changed = [row for row, was_changed in results if was_changed]
        if changed:
            data_changed(collaborative)
            record_audit(
                actor=access.user,
                collaborative=collaborative,
                action="metric_values.submit",
                obj=center,
                changes={
                    "source": source,
                    "values": [f"{row.metric.slug}:{month_label(row.month)}" for row in changed],
                },
            )
    return results


def metric_value_submit(
    *,
    access: Access,
    center: Center,
    metric: Metric,
    data: dict[str, Any],
    source: str = "web",
    today: datetime.date | None = None,
) -> tuple[MetricValue, bool]:
    """Store one month of one metric; raises ValidationError with field errors."""
    try:
        return metric_values_submit(
            access=access,
            center=center,
            entries=[Entry(metric, data)],
            source=source,
            today=today,
        )[0]
    except EntryErrors as error:
        raise ValidationError(error.rows[0][1]) from None


def collection_plan_save(
    *, access: Access, center: Center, metric: Metric, data: dict[str, str]
) -> DataCollectionPlan:
    """Create or update a center's data collection plan for one metric."""
    access.require("submit_metrics", center)
    if metric.collaborative_id != access.collaborative.pk:
        raise ValidationError({"metric": [_("This metric is not part of this collaborative.")]})
    with transaction.atomic():
        plan, _created = DataCollectionPlan.objects.select_for_update().get_or_create(
            center=center, metric=metric
        )
        for field in ("who_collects", "how", "tool", "when"):
            setattr(plan, field, str(data.get(field, "")).strip())
        plan.updated_by = access.user
        plan.full_clean()
        plan.save()
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="collection_plan.save",
            obj=center,
            changes={"metric": metric.slug},
        )
    return plan


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


def reminder_recipients(center: Center) -> list[Any]:
    """The center's data point people and team leaders: who hears about a missing month."""
    memberships = Membership.objects.filter(center=center).select_related("user")
    chosen = [
        m.user
        for m in memberships
        if m.data_point_person or m.center_role == Membership.CenterRole.TEAM_LEADER
    ]
    return list({user.pk: user for user in chosen}.values())


def reminder_send_now(
    *, access: Access, center: Center, month: datetime.date, today: datetime.date
) -> int:
    """IT's one-click reminder for one center and month: at most one a day per person."""
    access.require("remind_centers", center)
    url = reverse("metrics:entry", args=[access.collaborative.slug, center.slug])
    sent = 0
    for user in reminder_recipients(center):
        _row, created = notify(
            kind="metric_reminder_manual",
            object_key=f"{center.public_id}:{month_label(month)}:{today.isoformat()}",
            recipient=user,
            subject=_("Please submit %(center)s's metrics for %(month)s")
            % {"center": center.name, "month": month.strftime("%B %Y")},
            body=_("The Implementation Team is waiting for this month's values."),
            url=url,
            collaborative=access.collaborative,
        )
        sent += created
    record_audit(
        actor=access.user,
        collaborative=access.collaborative,
        action="metric_reminder.send",
        obj=center,
        changes={"month": month_label(month), "recipients": sent},
    )
    return sent
