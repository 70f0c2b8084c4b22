from __future__ import annotations

import datetime

from django.db.models import Count
from django.utils import timezone

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


def _upcoming(access: Access, limit: int) -> list[Event]:
    events = list(
        events_invited(access)
        .filter(start__gte=timezone.now(), cancelled=False)
        .order_by("start")[:limit]
    )
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
