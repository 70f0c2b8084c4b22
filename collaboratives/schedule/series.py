"""Writes for standing call series: create one, change it (this and later occurrences)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bsc.audit import record_audit
from collaboratives.membership.dates import check_dates
from collaboratives.schedule.models import (
    CallSeries,
    Event,
)
from collaboratives.schedule.recurrence import (
    SERIES_TO_EVENT,
    _occurrence_event,
    series_occurrences,
)
from collaboratives.schedule.services import (
    MovedTask,
    _check_audience,
    _check_facilitators,
    _unanchor,
    redate_anchored_tasks,
)

if TYPE_CHECKING:
    from bsc.models import User
    from bsc.tenancy import Access

SERIES_FIELDS = [
    "kind",
    "title",
    "rule",
    "first_date",
    "until",
    "start_time",
    "end_time",
    "location",
    "video_url",
    "audience",
    "audience_center_role",
    "audience_center",
    "agenda",
    "discussion_questions",
    "reminder_days",
]


def series_create(
    *, access: Access, facilitators: Iterable[User] = (), **data: Any
) -> tuple[CallSeries, list[Event]]:
    """Create a standing call series and its events."""
    access.require("manage_schedule", access.collaborative)
    errors: dict[str, str] = {}
    _check_audience(access.collaborative.pk, data, errors)
    check_dates(
        access.collaborative,
        {"first_date": data.get("first_date"), "until": data.get("until")},
        errors,
    )
    if errors:
        raise ValidationError(errors)
    found = series_occurrences(access.collaborative, data)
    people = _check_facilitators(access, facilitators)
    with transaction.atomic():
        series = CallSeries(collaborative=access.collaborative, **data)
        series.full_clean()
        series.save()
        series.facilitators.set(people)
        events = Event.objects.bulk_create(
            [_occurrence_event(series, key, start, end) for key, start, end in found]
        )
        through = Event.facilitators.through
        through.objects.bulk_create(
            [through(event_id=e.pk, user_id=p.pk) for e in events for p in people]
        )
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="series.create",
            obj=series,
            changes={"rule": series.rule, "events": len(events)},
        )
    return series, events


@dataclass
class SeriesChange:
    created: int = 0
    updated: int = 0
    removed: int = 0
    kept: int = 0  # occurrences changed one by one and left alone
    moved_tasks: list[MovedTask] | None = None


def series_update(
    *,
    access: Access,
    series: CallSeries,
    scope: str,
    facilitators: Iterable[User] | None = None,
    now: datetime.datetime | None = None,
    **data: Any,
) -> SeriesChange:
    """Change a series. Past occurrences never change. `scope` says what happens to future
    ones: "all" re-makes every future occurrence (also those moved or cancelled one by one),
    "unchanged" spares occurrences changed one by one, "none" changes only the series record
    (future occurrences keep their details; new dates from a new rule are not made)."""
    access.require("manage_schedule", access.collaborative)
    if scope not in ("all", "unchanged", "none"):
        raise ValidationError({"scope": _("Choose what happens to future calls.")})
    now = now or timezone.now()
    merged = {name: getattr(series, name) for name in SERIES_FIELDS} | data
    errors: dict[str, str] = {}
    _check_audience(access.collaborative.pk, merged, errors)
    check_dates(
        access.collaborative,
        {"first_date": merged.get("first_date"), "until": merged.get("until")},
        errors,
    )
    if errors:
        raise ValidationError(errors)
    found = series_occurrences(access.collaborative, merged)
    people = _check_facilitators(access, facilitators) if facilitators is not None else None
    change = SeriesChange(moved_tasks=[])
    with transaction.atomic():
        for name, value in merged.items():
            setattr(series, name, value)
        series.full_clean()
        series.save()
        if people is not None:
            series.facilitators.set(people)
        if scope != "none":
            future = {
                e.series_key: e
                for e in series.events.filter(start__gte=now).select_related("collaborative")
            }
            wanted = {key: (start, end) for key, start, end in found if start >= now}
            for key, event in future.items():
                if event.detached and scope == "unchanged":
                    change.kept += 1
                    continue
                if key not in wanted:
                    _unanchor(event.anchored_tasks.all())
                    event.delete()
                    change.removed += 1
                    continue
                start, end = wanted[key]
                old_start = event.start
                for name in SERIES_TO_EVENT:
                    setattr(event, name, getattr(series, name))
                event.start, event.end = start, end
                event.detached = event.cancelled = False
                event.save(
                    update_fields=[
                        *SERIES_TO_EVENT,
                        "start",
                        "end",
                        "detached",
                        "cancelled",
                        "updated_at",
                    ]
                )
                if people is not None:
                    event.facilitators.set(people)
                if start != old_start:
                    change.moved_tasks.extend(redate_anchored_tasks(event))
                change.updated += 1
            new = [
                _occurrence_event(series, key, start, end)
                for key, (start, end) in wanted.items()
                if key not in future
            ]
            created = Event.objects.bulk_create(new)
            chosen = people if people is not None else list(series.facilitators.all())
            through = Event.facilitators.through
            through.objects.bulk_create(
                [through(event_id=e.pk, user_id=p.pk) for e in created for p in chosen]
            )
            change.created = len(created)
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="series.update",
            obj=series,
            changes={
                "scope": scope,
                "created": change.created,
                "updated": change.updated,
                "removed": change.removed,
            },
        )
    return change
