"""Round trips through a real Celery worker and the real Redis broker (REDIS_URL).

The worker runs as a subprocess on the test database, so the tests that need it to read rows
use `transactional_db` (the rows are committed).
"""

import os
import uuid
from pathlib import Path

import pytest

from tests import demo_snapshot

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL"),
]
ROOT = Path(__file__).resolve().parents[2]


def test_ping_round_trips_through_redis(celery_worker):
    from bsc.tasks import ping

    result = ping.delay("hello")
    assert result.get(timeout=30) == "pong:hello"
    assert result.successful()


def test_due_notification_is_sent_once_even_if_the_task_runs_twice(transactional_db, celery_worker):
    from bsc.models import Notification, User
    from bsc.tasks import send_due_notifications

    demo_snapshot.load_demo()
    marker = uuid.uuid4().hex
    notification = Notification.objects.create(
        kind="test.worker",
        object_key=marker,
        recipient=User.objects.get(email="faculty@demo.test"),
        subject=f"Worker round trip {marker}",
        body="Sent by the worker.",
        due_at="2020-01-01T00:00:00Z",
        send_email=True,
        status=Notification.Status.PENDING,
    )
    first = send_due_notifications.delay()
    second = send_due_notifications.delay()
    sent = first.get(timeout=60) + second.get(timeout=60)

    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert notification.attempts == 1
    assert sent >= 1
    mail_dir = celery_worker["var_dir"] / "mail"
    messages = [p for p in mail_dir.glob("*.log") if marker in p.read_text()]
    assert len(messages) == 1
    assert f"Worker round trip {marker}" in messages[0].read_text()
