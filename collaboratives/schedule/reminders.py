"""Event reminders, updates when an event moves, cancellations and the weekly IT digest.

Everything goes through `bsc.notifications.notify`, whose row is unique per (kind, object_key,
recipient): a reminder's key names the event and the start it announces
("event:<public_id>:<start>"), so a dispatcher run twice, a retried task or two workers at
once record, and send, each reminder once; a moved event gets a new key and so one update.
"""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bsc import formatting
from bsc.i18n import in_language_of
from bsc.models import Notification
from bsc.notifications import Attachment, notify, register_attachments
from collaboratives.membership.models import Collaborative
from collaboratives.schedule.ics import event_ics
from collaboratives.schedule.models import Event
from collaboratives.schedule.selectors import audience_members

REMINDER = "event_reminder"


UPDATE = "event_update"


CANCELLED = "event_cancelled"


DIGEST = "workplan_digest"


HORIZON = datetime.timedelta(days=61)  # longer than any reminder lead time


def _key(event: Event) -> str:
    return f"event:{event.public_id}:{event.start.astimezone(datetime.UTC).isoformat()}"


def _when(event: Event, tz_name: str) -> str:
    tz = zoneinfo.ZoneInfo(tz_name)
    with timezone.override(tz):
        start, end = event.start.astimezone(tz), event.end.astimezone(tz)
        if start.date() == end.date():
            return f"{formatting.moment(start)}–{formatting.clock(end)} ({tz_name})"
        return f"{formatting.moment(start)} – {formatting.moment(end)} ({tz_name})"


def _body(event: Event, person: Any, lead: str) -> str:
    lines = [lead, "", _("When: %(when)s") % {"when": _when(event, person.timezone)}]
    if person.timezone != event.collaborative.timezone:
        lines.append(
            _("(%(when)s for the collaborative)")
            % {"when": _when(event, event.collaborative.timezone)}
        )
    if event.location:
        lines.append(_("Where: %(place)s") % {"place": event.location})
    if event.video_url:
        lines.append(_("Video link: %(url)s") % {"url": event.video_url})
    if event.agenda_items:
        lines += ["", _("Agenda:")] + [
            f"  {n}. {item}" for n, item in enumerate(event.agenda_items, 1)
        ]
    if event.question_items:
        lines += ["", _("Questions to think about before the call:")]
        lines += [f"  - {q}" for q in event.question_items]
    if event.material_items:
        lines += ["", _("Materials:")] + [f"  - {m}" for m in event.material_items]
    return "\n".join(lines)


def _url(event: Event) -> str:
    return reverse(
        "collaboratives:event-detail",
        kwargs={"slug": event.collaborative.slug, "event": event.public_id},
    )


def _announce(event: Event, kind: str, now: datetime.datetime) -> int:
    """Record one notification of `kind` for everyone invited; returns how many were new."""
    created = 0
    key = _key(event) if kind != CANCELLED else f"event:{event.public_id}"
    for membership in audience_members(event):
        person = membership.user
        with in_language_of(person, event.collaborative):
            if kind == REMINDER:
                subject = _("Reminder: %(title)s on %(day)s")
                lead = _("You are invited to %(title)s.")
            elif kind == UPDATE:
                subject = _("New time: %(title)s on %(day)s")
                lead = _("%(title)s has moved. The new time is below.")
            else:
                subject = _("Cancelled: %(title)s on %(day)s")
                lead = _("%(title)s is cancelled.")
            with timezone.override(zoneinfo.ZoneInfo(person.timezone)):
                day = formatting.month_day(event.start)
            _row, new = notify(
                kind=kind,
                object_key=key,
                recipient=person,
                subject=subject % {"title": event.title, "day": day},
                body=_body(event, person, lead % {"title": event.title}),
                url=_url(event),
                collaborative=event.collaborative,
                due_at=now,
            )
            created += new
    return created


def _events_to_consider(collaborative: Collaborative, now: datetime.datetime):
    moved = Q(reminded_start__isnull=False) & ~Q(reminded_start=F("start"))
    events = Event.objects.filter(collaborative=collaborative, start__gt=now).filter(
        Q(start__lte=now + HORIZON, cancelled=False)
        | moved
        | Q(cancelled=True, reminded_start__isnull=False)
    )
    if connection.features.has_select_for_update_skip_locked:
        # A second dispatcher skips the rows the first is working on.
        events = events.select_for_update(skip_locked=True, of=("self",))
    return events


def send_event_reminders(now: datetime.datetime) -> int:
    """Record the reminders, updates and cancellations that are due; returns how many."""
    count = 0
    for collaborative in Collaborative.objects.exclude(status=Collaborative.Status.ARCHIVED):
        with transaction.atomic():
            for event in _events_to_consider(collaborative, now):
                event.collaborative = collaborative
                count += _handle(event, now)
    return count


def _handle(event: Event, now: datetime.datetime) -> int:
    """`reminded_start` is the start people were last told about; `updated_start` the start
    for which no reminder is needed any more."""
    due = event.start - datetime.timedelta(days=event.reminder_days)
    told, covered = event.reminded_start, event.updated_start
    if event.cancelled:
        count = _announce(event, CANCELLED, now) if told is not None else 0
        event.reminded_start = None
        event.save(update_fields=["reminded_start"])
        return count
    if told is not None and told != event.start:
        count = _announce(event, UPDATE, now)
        event.reminded_start = event.start
        # The reminder for the new date still comes if the date is more than its lead ahead.
        event.updated_start = event.start if now >= due else None
        event.save(update_fields=["reminded_start", "updated_start"])
        return count
    if covered != event.start and now >= due:
        count = _announce(event, REMINDER, now)
        event.reminded_start = event.updated_start = event.start
        event.save(update_fields=["reminded_start", "updated_start"])
        return count
    return 0


def _ics_attachment(notification: Notification) -> list[Attachment]:
    parts = notification.object_key.split(":", 2)
    if len(parts) < 2:
        return []
    event = (
        Event.objects.select_related("collaborative")
        .filter(public_id=parts[1], collaborative_id=notification.collaborative_id)
        .first()
    )
    if event is None:
        return []
    return [("invite.ics", event_ics(event), "text/calendar")]


for _kind in (REMINDER, UPDATE, CANCELLED):
    register_attachments(_kind, _ics_attachment)
