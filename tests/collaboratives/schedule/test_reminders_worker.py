"""The dispatcher on a real Redis broker and Celery worker: run twice at once, each reminder is
recorded and sent once. Needs REDIS_URL and a PostgreSQL DATABASE_URL (the worker process shares
the test database)."""

import datetime
import os

import pytest
from django.utils import timezone

from tests import demo_snapshot

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL")
        or not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs REDIS_URL and a PostgreSQL DATABASE_URL",
    ),
]


@pytest.fixture
def worker(transactional_db, celery_worker):
    demo_snapshot.load_demo()


def test_dispatcher_twice_on_real_worker_sends_each_reminder_once(worker):
    from bsc.models import Notification
    from bsc.tasks import send_due_notifications
    from collaboratives.membership.models import Collaborative
    from collaboratives.schedule.selectors import audience_members

    demo = Collaborative.objects.get(slug="bsc-sel")
    call = (
        demo.events.filter(kind="all_team_call", start__gt=timezone.now() + datetime.timedelta(8))
        .order_by("start")
        .first()
    )
    now = (call.start - datetime.timedelta(days=6)).isoformat()
    results = [send_due_notifications.delay(now), send_due_notifications.delay(now)]
    sent = sum(result.get(timeout=90) for result in results)
    rows = Notification.objects.filter(
        kind="event_reminder", object_key__startswith=f"event:{call.public_id}"
    )
    assert rows.count() == audience_members(call).count()
    assert rows.filter(status="sent").count() == rows.filter(send_email=True).count()
    assert sent >= rows.filter(status="sent").count()
    # A third run later sends nothing new for this call.
    send_due_notifications.delay(now).get(timeout=90)
    assert rows.count() == audience_members(call).count()
