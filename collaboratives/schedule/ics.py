"""iCalendar (RFC 5545) files: one event, or a person's whole feed."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as ICalEvent

from collaboratives.membership.models import Collaborative
from collaboratives.schedule.models import Event


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//BSC platform//Timeline//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def _component(event: Event, sequence: int = 0) -> ICalEvent:
    item = ICalEvent()
    item.add("uid", f"{event.public_id}@bsc")
    item.add("summary", event.title)
    item.add("dtstart", event.start.astimezone(datetime.UTC))
    item.add("dtend", event.end.astimezone(datetime.UTC))
    item.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    stamp = event.updated_at or event.start
    # A moved event gets a higher sequence so calendar apps replace the old time.
    item.add("sequence", sequence or int(stamp.timestamp()) // 60 % 2_000_000_000)
    if event.location or event.video_url:
        item.add("location", event.location or event.video_url)
    if event.video_url:
        item.add("url", event.video_url)
    lines = []
    if event.agenda_items:
        lines.append(_("Agenda:"))
        lines += [f"- {line}" for line in event.agenda_items]
    if event.question_items:
        lines.append(_("Questions to think about:"))
        lines += [f"- {line}" for line in event.question_items]
    lines.append(f"{settings.SITE_URL}{event.get_absolute_url()}")
    item.add("description", "\n".join(lines))
    if event.cancelled:
        item.add("status", "CANCELLED")
    return item


def event_ics(event: Event) -> bytes:
    calendar = _calendar(event.collaborative.name)
    calendar.add("method", "PUBLISH")
    calendar.add_component(_component(event))
    return calendar.to_ical()


def feed_ics(collaborative: Collaborative, events: Iterable[Event]) -> bytes:
    calendar = _calendar(collaborative.name)
    for event in events:
        event.collaborative = collaborative
        calendar.add_component(_component(event))
    return calendar.to_ical()
