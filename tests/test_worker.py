"""Round trips through a real Celery worker and the real Redis broker (REDIS_URL).

The worker runs as a subprocess on the test database, so the tests that need it to read rows
use `transactional_db` (the rows are committed).
"""

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL"),
]
ROOT = Path(__file__).resolve().parent.parent


def _database_url(settings_dict: dict) -> str:
    name = settings_dict["NAME"]
    if settings_dict["ENGINE"].endswith("sqlite3"):
        if not name or "memory" in str(name):
            pytest.skip("the test database is in memory: a worker process cannot reach it")
        return f"sqlite:///{name}"
    user = settings_dict.get("USER") or ""
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{host}:{port}/{name}"


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker, tmp_path_factory):
    """A `celery -A bsc worker` on the test database and REDIS_URL; stopped at the end."""
    from bsc.celery import app

    with django_db_blocker.unblock():
        database_url = _database_url(connection.settings_dict)
    var_dir = tmp_path_factory.mktemp("worker-var")
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": settings.REDIS_URL,
        "VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "bsc.settings",
    }
    env.pop("EMAIL_URL", None)  # the worker writes e-mail as files we can count
    app.control.purge()  # messages left by an earlier, interrupted run
    celery = shutil.which("celery", path=str(Path(sys.executable).parent)) or "celery"
    name = f"test-{uuid.uuid4().hex[:8]}@%h"
    log = (var_dir / "worker.log").open("w")
    process = subprocess.Popen(
        [
            celery,
            "-A",
            "bsc",
            "worker",
            "--pool=prefork",
            "--concurrency=2",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=info",
            "-n",
            name,
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=1):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("The worker did not start:\n" + (var_dir / "worker.log").read_text())
        yield {"var_dir": var_dir, "process": process}
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


def test_ping_round_trips_through_redis(celery_worker):
    from bsc.tasks import ping

    result = ping.delay("hello")
    assert result.get(timeout=30) == "pong:hello"
    assert result.successful()


def test_due_notification_is_sent_once_even_if_the_task_runs_twice(transactional_db, celery_worker):
    from bsc.models import Notification, User
    from bsc.tasks import send_due_notifications

    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
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
