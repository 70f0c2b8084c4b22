import datetime

from celery import shared_task
from django.utils import timezone

from bsc.notifications import deliver_pending


@shared_task(name="bsc.tasks.ping")
def ping(value: str) -> str:
    """Round-trip check used by the worker test and operators."""
    return f"pong:{value}"


@shared_task(name="bsc.tasks.send_due_notifications", bind=True, max_retries=5)
def send_due_notifications(self, now_iso: str | None = None) -> int:
    """The periodic dispatcher: finds what is due in the database and sends it."""
    now = datetime.datetime.fromisoformat(now_iso) if now_iso else timezone.now()
    from bsc.dispatch import run_dispatchers

    run_dispatchers(now)
    return deliver_pending(now)
