"""Every notification reaches its recipient once, even when the worker is killed mid-batch.

A real Celery worker on Redis delivers a batch of reminders; after a counted number of e-mails
it is killed with SIGKILL (its whole process group), a new worker is started and the dispatcher
runs again. Needs REDIS_URL and a PostgreSQL DATABASE_URL (the worker shares the test database).
"""

import collections
import email
import os
import signal
import time
import uuid

import pytest

from bsc.models import Notification, User
from bsc.notifications import message_id, notify

pytestmark = [
    pytest.mark.worker,
    pytest.mark.faults,
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL")
        or not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs REDIS_URL and a PostgreSQL DATABASE_URL",
    ),
]
EVENTS, MEMBERS = 5, 52  # 260 reminders
KILL_AFTER = 100  # e-mails written before the kill
LEASE_SECONDS = 3  # how long the message in flight waits before it is sent again
SEPARATOR = b"-" * 79  # what Django's file backend writes after each message


def _delivered(mail_dir) -> collections.Counter:
    """(recipient, Message-ID) -> how many copies arrived, read from the e-mail files."""
    copies: collections.Counter = collections.Counter()
    for path in mail_dir.glob("*.log"):
        for raw in path.read_bytes().split(SEPARATOR):
            if raw.strip():
                message = email.message_from_bytes(raw.strip())
                copies[(message["To"], message["Message-ID"])] += 1
    return copies


def _wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"Timed out waiting for {what}")
        time.sleep(0.005)


def test_worker_killed_mid_batch_delivers_every_reminder_once(worker_factory, tmp_path):
    from bsc.tasks import send_due_notifications

    started = time.monotonic()
    members = User.objects.bulk_create(
        User(email=f"member{n:02d}@example.org") for n in range(MEMBERS)
    )
    titles = [f"Learning session {n}" for n in range(EVENTS - 1)] + ["Coaching\ncall"]
    rows = [
        notify(
            kind="crash_test.reminder",
            object_key=f"crash-test:{n}",
            recipient=person,
            subject=f"Reminder: {title}",
            body="You are invited.",
        )[0]
        for n, title in enumerate(titles)
        for person in members
    ]
    expected = {(row.recipient.email, message_id(row)) for row in rows}
    # The dispatcher also sends what the demo data has due; only this batch's mail is counted.
    ours = {person.email for person in members}
    mail_dir = tmp_path / "mail"
    # A queue of its own: a worker another test started does not take these tasks.
    queue = f"crash-{uuid.uuid4().hex[:8]}"
    env = {"NOTIFICATION_LEASE_SECONDS": str(LEASE_SECONDS)}

    def worker(name: str):
        return worker_factory(f"{name}-{queue}@%h", queues=queue, extra_env=env)

    first = worker("first")
    kills = 0
    send_due_notifications.apply_async(queue=queue)
    _wait_for(lambda: len(list(mail_dir.glob("*.log"))) >= KILL_AFTER, 45, "the first sends")
    os.killpg(first.pid, signal.SIGKILL)  # the worker and its pool children, mid-batch
    first.wait(timeout=10)
    kills += 1
    sent_before_restart = sum(n for key, n in _delivered(mail_dir).items() if key[0] in ours)
    killed_at = time.monotonic()

    worker("second")
    # The message in flight at the kill is claimed until its lease runs out.
    time.sleep(max(0.0, killed_at + LEASE_SECONDS + 0.5 - time.monotonic()))
    send_due_notifications.apply_async(queue=queue).get(timeout=45)

    copies = collections.Counter(
        {key: count for key, count in _delivered(mail_dir).items() if key[0] in ours}
    )
    files = sum(copies.values())
    repeated = sum(count - 1 for count in copies.values() if count > 1)
    lost = expected - set(copies)
    unexpected = set(copies) - expected
    print(
        f"\ndelivery through a worker crash: messages={len(rows)} kills={kills} "
        f"(SIGKILL after {sent_before_restart} e-mails) e-mails written={files} "
        f"duplicates={repeated} (a repeat carries its original's Message-ID) "
        f"lost={len(lost)} "
        f"time={time.monotonic() - started:.1f}s"
    )
    assert len(rows) >= 200
    assert sent_before_restart < len(rows)  # the kill came in the middle of the batch
    assert not lost and not unexpected
    # Each (recipient, notification) arrived under one Message-ID; a crash may repeat only the
    # one message it interrupted, never the ones already marked sent.
    assert repeated <= kills
    statuses = Notification.objects.filter(pk__in=[row.pk for row in rows])
    assert set(statuses.values_list("status", flat=True)) == {"sent"}
    assert time.monotonic() - started < 90
