"""Writes for the timeline: events, standing call series, notes, attendance, the workplan and
calendar feeds. Each takes the acting `Access`, checks its right, runs in one transaction and
records an audit row."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bsc.audit import record_audit
from collaboratives.membership.dates import check_dates
from collaboratives.membership.models import Membership
from collaboratives.schedule.models import (
    CalendarFeed,
    Decision,
    Event,
    EventAttendance,
)
from collaboratives.schedule.recurrence import SERIES_TO_EVENT

if TYPE_CHECKING:
    from bsc.models import User
    from bsc.tenancy import Access
    from collaboratives.workplan.models import WorkplanTask

EVENT_FIELDS = [
    "kind",
    "number",
    "title",
    "start",
    "end",
    "location",
    "video_url",
    "description",
    "audience",
    "audience_center_role",
    "audience_center",
    "agenda",
    "discussion_questions",
    "materials",
    "notes",
    "reminder_days",
]


@dataclass(frozen=True)
class MovedTask:
    task: WorkplanTask
    old_due: datetime.date
    new_due: datetime.date
    # A task already done keeps the date it was due: re-dating it would rewrite history.
    # `new_due` is then the date it would have moved to, shown beside "kept".
    kept: bool = False


class AnchoredTasksExist(Exception):
    """An event with anchored tasks cannot simply be deleted; the tasks are listed."""

    def __init__(self, tasks: list[WorkplanTask]):
        super().__init__(_("Tasks are anchored to this event."))
        self.tasks = tasks


def local_date(event: Event | Any, tz_name: str) -> datetime.date:
    return event.start.astimezone(zoneinfo.ZoneInfo(tz_name)).date()


def _check_audience(collaborative_id: int, data: dict[str, Any], errors: dict[str, str]) -> None:
    audience = data.get("audience")
    if audience == Event.Audience.AFFINITY_GROUP and not data.get("audience_center_role"):
        errors["audience_center_role"] = _("Choose the affinity group (a role across centers).")
    if audience == Event.Audience.CENTER:
        center = data.get("audience_center")
        if center is None:
            errors["audience_center"] = _("Choose the center.")
        elif center.collaborative_id != collaborative_id:
            errors["audience_center"] = _("That center is not part of this collaborative.")
    if audience != Event.Audience.AFFINITY_GROUP:
        data["audience_center_role"] = ""
    if audience != Event.Audience.CENTER:
        data["audience_center"] = None


def _check_facilitators(access: Access, facilitators: Iterable[User]) -> list[User]:
    people = list(dict.fromkeys(facilitators))
    allowed = set(
        Membership.objects.filter(
            collaborative=access.collaborative,
            role__in=[Membership.Role.IMPLEMENTATION_TEAM, Membership.Role.FACULTY],
            user__in=people,
        ).values_list("user_id", flat=True)
    )
    if any(person.pk not in allowed for person in people):
        raise ValidationError(
            {
                "facilitators": _(
                    "Facilitators are members of the IT or faculty of this collaborative."
                )
            }
        )
    return people


def redate_anchored_tasks(event: Event) -> list[MovedTask]:
    """Re-compute the due date of every task anchored to the event (the domino effect).

    Tasks already done keep their date and are listed with `kept=True`, so the page that
    reports the move can say so instead of silently leaving them behind.
    """
    day = local_date(event, event.collaborative.timezone)
    moved = []
    for task in event.anchored_tasks.select_related("owner"):
        new_due = day + datetime.timedelta(days=task.offset_days)
        if new_due == task.due_date:
            continue
        if task.is_done:
            moved.append(MovedTask(task, task.due_date, new_due, kept=True))
            continue
        moved.append(MovedTask(task, task.due_date, new_due))
        task.due_date = new_due
        task.save(update_fields=["due_date"])
    return moved


def event_create(*, access: Access, facilitators: Iterable[User] = (), **data: Any) -> Event:
    """Schedule one event in the access's collaborative."""
    access.require("manage_schedule", access.collaborative)
    errors: dict[str, str] = {}
    _check_audience(access.collaborative.pk, data, errors)
    check_dates(access.collaborative, {"start": data.get("start"), "end": data.get("end")}, errors)
    if data.get("start") and data.get("end") and data["end"] <= data["start"]:
        errors.setdefault("end", _("The end must be after the start."))
    if errors:
        raise ValidationError(errors)
    people = _check_facilitators(access, facilitators)
    with transaction.atomic():
        event = Event(collaborative=access.collaborative, **data)
        event.full_clean()
        event.save()
        event.facilitators.set(people)
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="event.create",
            obj=event,
            changes={"title": event.title, "start": event.start.isoformat()},
        )
    return event


def event_update(
    *, access: Access, event: Event, facilitators: Iterable[User] | None = None, **data: Any
) -> list[MovedTask]:
    """Change an event; when it moves, its anchored tasks follow. Returns what moved."""
    access.require("manage_schedule", access.collaborative)
    errors: dict[str, str] = {}
    merged = {name: getattr(event, name) for name in EVENT_FIELDS} | data
    _check_audience(access.collaborative.pk, merged, errors)
    check_dates(access.collaborative, {"start": merged["start"], "end": merged["end"]}, errors)
    if merged["end"] <= merged["start"]:
        errors.setdefault("end", _("The end must be after the start."))
    if errors:
        raise ValidationError(errors)
    people = _check_facilitators(access, facilitators) if facilitators is not None else None
    old_start = event.start
    changes = {name: str(value) for name, value in merged.items() if getattr(event, name) != value}
    with transaction.atomic():
        for name, value in merged.items():
            setattr(event, name, value)
        if event.series_id and set(changes) & {"start", "end", *SERIES_TO_EVENT}:
            event.detached = True
        event.full_clean()
        # Never write the reminder bookkeeping: the dispatcher owns it.
        event.save(update_fields=[*EVENT_FIELDS, "detached", "updated_at"])
        if people is not None:
            event.facilitators.set(people)
        moved = redate_anchored_tasks(event) if event.start != old_start else []
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="event.update",
            obj=event,
            changes=changes | {"tasks_moved": len(moved)},
        )
    return moved


def event_move(*, access: Access, event: Event, by: datetime.timedelta) -> list[MovedTask]:
    """Shift an event (start and end) by a time span."""
    try:
        event.start + by, event.end + by
    except OverflowError as error:
        raise ValidationError({"start": _("That moves the event too far.")}) from error
    return event_update(access=access, event=event, start=event.start + by, end=event.end + by)


def event_cancel(*, access: Access, event: Event) -> None:
    """Cancel one event (a series keeps the cancelled occurrence so it is not re-made)."""
    access.require("manage_schedule", access.collaborative)
    with transaction.atomic():
        event.cancelled = True
        event.detached = bool(event.series_id)
        event.save(update_fields=["cancelled", "detached", "updated_at"])
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="event.cancel",
            obj=event,
        )


def _unanchor(tasks: Iterable[WorkplanTask]) -> int:
    count = 0
    for task in tasks:
        task.anchor_event = None
        task.offset_days = 0
        task.save(update_fields=["anchor_event", "offset_days"])
        count += 1
    return count


def event_delete(*, access: Access, event: Event, convert_tasks: bool = False) -> int:
    """Delete an event. Anchored tasks are never lost: without `convert_tasks` the deletion is
    refused and they are listed; with it they keep their current date as a fixed date."""
    access.require("manage_schedule", access.collaborative)
    tasks = list(event.anchored_tasks.all())
    if tasks and not convert_tasks:
        raise AnchoredTasksExist(tasks)
    with transaction.atomic():
        converted = _unanchor(tasks)
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="event.delete",
            obj=event,
            changes={"title": event.title, "tasks_fixed": converted},
        )
        event.delete()
    return converted


def decision_add(*, access: Access, event: Event, text: str, status: str) -> Decision:
    access.require("manage_schedule", access.collaborative)
    with transaction.atomic():
        decision = Decision(event=event, text=text.strip(), status=status, created_by=access.user)
        decision.full_clean()
        decision.save()
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="decision.add",
            obj=decision,
            changes={"event": str(event.public_id), "status": status},
        )
    return decision


def attendance_set(*, access: Access, event: Event, user_ids: Iterable[int]) -> int:
    """Record who attended (replacing the previous record); returns how many."""
    access.require("manage_schedule", access.collaborative)
    members = {
        m.user_id: m
        for m in Membership.objects.filter(collaborative=access.collaborative, user_id__in=user_ids)
    }
    with transaction.atomic():
        # Ticking replaces who attended; an excused person stays excused unless ticked.
        event.attendance.filter(
            Q(status=EventAttendance.Status.ATTENDED) | Q(user_id__in=list(members))
        ).delete()
        EventAttendance.objects.bulk_create(
            [
                EventAttendance(event=event, user_id=uid, center_id=m.center_id)
                for uid, m in members.items()
            ]
        )
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="event.attendance",
            obj=event,
            changes={"attended": len(members)},
        )
    return len(members)


def feed_for(*, access: Access) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(
        user=access.user, collaborative=access.collaborative, revoked_at__isnull=True
    ).first()


def feed_renew(*, access: Access) -> CalendarFeed:
    """Revoke the person's current feed URL (if any) and make a new one."""
    with transaction.atomic():
        feed_revoke(access=access)
        feed = CalendarFeed.objects.create(user=access.user, collaborative=access.collaborative)
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="calendar_feed.create",
            obj=feed,
        )
    return feed


def feed_revoke(*, access: Access) -> int:
    return CalendarFeed.objects.filter(
        user=access.user, collaborative=access.collaborative, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())


def event_agenda_add(*, access: Access, event: Event, item: str) -> Event:
    """Add a line to the agenda of an event of the collaborative (once: the same line again
    changes nothing). An occurrence of a series keeps its agenda apart from the series."""
    access.require("manage_schedule", access.collaborative)
    item = " ".join(item.split())
    if event.collaborative_id != access.collaborative.pk:
        raise ValidationError({"event": _("Choose an event of this collaborative.")})
    if not item:
        raise ValidationError({"agenda": _("An agenda item needs a title.")})
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if item in event.agenda_items:
            return event
        event.agenda = "\n".join([*event.agenda_items, item])
        event.detached = bool(event.series_id)
        event.save(update_fields=["agenda", "detached", "updated_at"])
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="event.agenda_add",
            obj=event,
            changes={"item": item},
        )
    return event
