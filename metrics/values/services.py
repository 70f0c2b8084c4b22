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
from django.utils import timezone
from django.utils.translation import gettext as _

from bsc.audit import record_audit
from bsc.tenancy import Access
from centers.teams.models import Center
from collaboratives.framework.models import Metric
from metrics.values.models import (
    DataCollectionPlan,
    MetricsSettings,
    MetricValue,
    MetricValueHistory,
    month_label,
)
from metrics.values.validation import (
    CleanEntry,
    clean_entry,
    collaborative_today,
    first_month,
    nul_error,
)


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
    refused = {
        field: [message]
        for field in ("who_collects", "how", "tool", "when")
        if (message := nul_error(str(data.get(field, ""))))
    }
    if refused:
        raise ValidationError(refused)
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
