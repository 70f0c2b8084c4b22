"""Writes of the metrics app: values (with history), collection plans, chart phases and
exclusions, reminders on demand. Each is atomic, checks the acting person's right, and
leaves an audit or history row."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
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
class StaleValue:
    """One refused entry: the stored row (their version) and what the caller sent (yours)."""

    number: int
    current: MetricValue
    yours: dict[str, Any]


class MetricValueConflict(Exception):
    """Someone saved a cell after the caller loaded it; nothing of the batch was stored.

    `stale` lists each refused entry with the stored row and the caller's version, so the
    grid and the API can show both.
    """

    def __init__(self, stale: list[StaleValue]):
        super().__init__(stale)
        self.stale = stale

    @property
    def current(self) -> MetricValue:
        return self.stale[0].current

    @property
    def yours(self) -> dict[str, Any]:
        return self.stale[0].yours


@dataclass(frozen=True)
class Entry:
    """One month of one metric as sent. `version` is the cell's version the sender loaded (0
    for an empty cell); None leaves the save unchecked (CSV import, older API clients)."""

    metric: Metric | None
    data: dict[str, Any]
    version: int | str | None = None


def _version(raw: int | str | None) -> int | None:
    """A loaded version as sent by a form or client; ValueError unless a whole number >= 0."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise ValueError(raw)
    number = int(str(raw).strip())
    if number < 0:
        raise ValueError(raw)
    return number


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


def _fields(clean: CleanEntry) -> dict[str, Any]:
    return {
        "numerator": clean.numerator,
        "denominator": clean.denominator,
        "value": clean.value,
        "note": clean.note,
        "not_collected": clean.not_collected,
        "not_collected_reason": clean.not_collected_reason,
    }


def _insert(
    *,
    center: Center,
    metric: Metric,
    clean: CleanEntry,
    user: Any,
    source: str,
    now: datetime.datetime,
    on_behalf: bool = False,
) -> MetricValue | None:
    """Store a cell's first value; None when another save stored it first.

    The insert runs in a savepoint: when a concurrent first save of the same cell commits
    before it, the unique constraint refuses it (PostgreSQL waits for that save to finish),
    and only the savepoint is rolled back, so the caller can lock the winner's row and
    compare against it instead of failing with an IntegrityError.
    """
    row = MetricValue(
        center=center,
        metric=metric,
        month=clean.month,
        submitted_by=user,
        entered_on_behalf_by=user if on_behalf else None,
        first_submitted_at=now,
        submitted_at=now,
        version=1,
        **_fields(clean),
    )
    # The database enforces the one-value-per-cell constraint; checking it here with a query
    # would only race with a concurrent first save and refuse it with a confusing message.
    row.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        return None
    MetricValueHistory.objects.create(
        metric_value=row,
        changed_by=user,
        changed_at=now,
        old=None,
        new=row.snapshot(),
        source=source,
    )
    return row


def _update(
    *,
    existing: MetricValue,
    clean: CleanEntry,
    user: Any,
    source: str,
    now: datetime.datetime,
    on_behalf: bool = False,
) -> tuple[MetricValue, bool]:
    old = existing.snapshot()
    for name, value in _fields(clean).items():
        setattr(existing, name, value)
    new = existing.snapshot()
    if old == new:
        return existing, False
    existing.submitted_by = user
    existing.entered_on_behalf_by = user if on_behalf else None
    existing.submitted_at = now
    existing.version += 1
    existing.full_clean(validate_unique=False, validate_constraints=False)
    existing.save()
    MetricValueHistory.objects.create(
        metric_value=existing, changed_by=user, changed_at=now, old=old, new=new, source=source
    )
    return existing, True


def _clean_snapshot(center: Center, metric: Metric, clean: CleanEntry) -> dict[str, Any]:
    """The entry as it would be stored, in the form of MetricValue.snapshot()."""
    return MetricValue(center=center, metric=metric, month=clean.month, **_fields(clean)).snapshot()


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
    # The IT's data lead entering a center's numbers: marked, in the history and the audit.
    on_behalf = not access.can("change_center_work", center)
    if on_behalf:
        source = f"{source}_on_behalf"[:16]
    collaborative = access.collaborative
    cleaned: list[tuple[int, Metric, CleanEntry, int | None]] = []
    failures: list[tuple[int, dict[str, list[str]]]] = []
    seen: dict[tuple[int, datetime.date], int] = {}
    first = first_month(collaborative)
    today = today or collaborative_today(collaborative)
    for number, entry in enumerate(entries, start=1):
        try:
            expected = _version(entry.version)
        except ValueError:
            failures.append((number, {"version": [_("Send the version you loaded, e.g. 3.")]}))
            continue
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
        cleaned.append((number, entry.metric, clean, expected))
    if failures:
        raise EntryErrors(failures)
    now = timezone.now()
    results: list[tuple[MetricValue, bool]] = []
    stale: list[StaleValue] = []
    with transaction.atomic():
        # Lock only the value rows (no ordering join), so saves of other centers' cells of the
        # same metric never wait on each other.
        existing = {
            (row.metric_id, row.month): row
            for row in MetricValue.objects.select_for_update(of=("self",))
            .filter(
                center=center,
                metric__in={metric.pk for _n, metric, _clean, _v in cleaned},
                month__in={clean.month for _n, _metric, clean, _v in cleaned},
            )
            .order_by()
        }
        for number, metric, clean, expected in cleaned:
            row = existing.get((metric.pk, clean.month))
            if row is None and expected in (None, 0):
                inserted = _insert(
                    center=center,
                    metric=metric,
                    clean=clean,
                    user=access.user,
                    source=source,
                    now=now,
                    on_behalf=on_behalf,
                )
                if inserted is not None:
                    results.append((inserted, True))
                    continue
            if row is None:
                # Someone stored this cell since the batch read it: lock and compare with theirs.
                row = (
                    MetricValue.objects.select_for_update(of=("self",))
                    .filter(center=center, metric=metric, month=clean.month)
                    .order_by()
                    .first()
                )
            if row is None:  # the cell was loaded with a value that has since been deleted
                row = MetricValue(center=center, metric=metric, month=clean.month, version=0)
            yours = _clean_snapshot(center, metric, clean)
            # A stale save is refused only when it would change what the other person saved:
            # sending the very same value twice (a double click, a retry) is no conflict.
            if expected is not None and expected != row.version and yours != row.snapshot():
                stale.append(StaleValue(number=number, current=row, yours=yours))
                continue
            if row.pk is None:
                inserted = _insert(
                    center=center,
                    metric=metric,
                    clean=clean,
                    user=access.user,
                    source=source,
                    now=now,
                    on_behalf=on_behalf,
                )
                if inserted is None:
                    raise MetricValueConflict([StaleValue(number=number, current=row, yours=yours)])
                results.append((inserted, True))
                continue
            results.append(
                _update(
                    existing=row,
                    clean=clean,
                    user=access.user,
                    source=source,
                    now=now,
                    on_behalf=on_behalf,
                )
            )
        if stale:
            # All or nothing, like validation errors: leaving the block undoes the other rows.
            raise MetricValueConflict(stale)
        changed = [row for row, was_changed in results if was_changed]
        if changed:
            data_changed(collaborative)
            record_audit(
                actor=access.user,
                collaborative=collaborative,
                action="metric_values.submit_on_behalf" if on_behalf else "metric_values.submit",
                obj=center,
                changes={
                    "source": source,
                    **(
                        {"entered_by": access.user.get_full_name(), "for_center": center.name}
                        if on_behalf
                        else {}
                    ),
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
    version: int | str | None = None,
) -> tuple[MetricValue, bool]:
    """Store one month of one metric; raises ValidationError with field errors and
    MetricValueConflict when `version` (the version loaded, 0 for an empty cell) is stale."""
    try:
        return metric_values_submit(
            access=access,
            center=center,
            entries=[Entry(metric, data, version)],
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
