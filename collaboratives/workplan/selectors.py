from __future__ import annotations

import datetime
import hashlib

from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone

from bsc.stamps import counts_row
from bsc.tenancy import (
    Access,
)
from collaboratives.schedule.models import Event
from collaboratives.schedule.selectors import events_invited
from collaboratives.schedule.views import _today, _tz
from collaboratives.workplan.models import WorkplanTask


def upcoming_for(access: Access, limit: int = 5) -> list[Event]:
    """The person's next events (home panel), read once per request and limit."""
    return access.once(("upcoming_for", limit), lambda: _upcoming(access, limit))


# What a person's next events depend on besides the clock: the collaborative's events (any
# save touches updated_at; a new or removed one changes the count) and their facilitators.
EVENTS_STAMP = """
SELECT
  (SELECT COUNT(*) FROM collaboratives_event WHERE collaborative_id = %(collaborative)s),
  (SELECT MAX(updated_at) FROM collaboratives_event WHERE collaborative_id = %(collaborative)s),
  (SELECT COUNT(*) FROM collaboratives_event_facilitators f
    JOIN collaboratives_event e ON e.id = f.event_id WHERE e.collaborative_id = %(collaborative)s),
  (SELECT MAX(f.id) FROM collaboratives_event_facilitators f
    JOIN collaboratives_event e ON e.id = f.event_id WHERE e.collaborative_id = %(collaborative)s)
"""
UPCOMING_SECONDS = 6 * 3600


def _upcoming(access: Access, limit: int) -> list[Event]:
    """Kept between views under a stamp of the events and of who is invited: the list holds
    what started after it was read, so it is read again once its first event has begun."""
    membership = access.membership
    stamp = (
        access.collaborative.pk,
        access.user.pk,
        membership.role,
        membership.center_role,
        membership.center_id,
        limit,
        counts_row(EVENTS_STAMP, {"collaborative": access.collaborative.pk}),
    )
    key = "upcoming:" + hashlib.sha256(repr(stamp).encode()).hexdigest()
    now = timezone.now()
    events = cache.get(key)
    if events is None or any(event.start < now for event in events):
        events = list(
            events_invited(access).filter(start__gte=now, cancelled=False).order_by("start")[:limit]
        )
        cache.set(key, events, UPCOMING_SECONDS)
    tz = _tz(access)
    for event in events:
        event.collaborative = access.collaborative
        event.local = event.start.astimezone(tz)
    return events


def it_task_counts(access: Access) -> dict[str, int]:
    """Open workplan tasks overdue, due this week and the person's own, once per request."""
    return access.once("it_task_counts", lambda: _task_counts(access))


def _task_counts(access: Access) -> dict[str, int]:
    today = _today(access)
    tasks = WorkplanTask.objects.filter(collaborative=access.collaborative).exclude(
        status=WorkplanTask.Status.DONE
    )
    from django.db.models import Q

    return tasks.aggregate(
        overdue=Count("pk", filter=Q(due_date__lt=today)),
        week=Count(
            "pk",
            filter=Q(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=6)),
        ),
        mine=Count("pk", filter=Q(owner=access.user)),
    )
