"""Handing work to the broker without making a request wait for it.

The database row is the truth, the broker a shortcut: whatever it does not take now, the
periodic dispatcher (`bsc.tasks.send_due_notifications`) finds in the database on its next
run. So a failed enqueue is logged and reported as False, never raised, and one failure
makes the next enqueues of this process skip the broker for a few seconds: a comment that
records five notifications then pays for one refused connection, not five.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from celery import Task

logger = logging.getLogger(__name__)

# Long enough to cover the rest of a request (and the next few), short enough that work
# reaches the broker soon after it is back.
SKIP_SECONDS = 10.0

_skip_until = 0.0


def enqueue(task: Task, *args: Any) -> bool:
    """Send `task(*args)` to the broker; False when the broker did not take it."""
    global _skip_until
    if task.app.conf.task_always_eager:
        # In process (the embedded default): the task runs here and its errors are real.
        task.apply_async(args)
        return True
    if time.monotonic() < _skip_until:
        return False
    try:
        # No publish retries and no result subscription: the result backend's reconnect
        # loop alone took 19 s with Redis down. Nobody waits for these results.
        task.apply_async(args, retry=False, ignore_result=True)
    except Exception:  # noqa: BLE001 - any broker failure: the dispatcher sends it later
        _skip_until = time.monotonic() + SKIP_SECONDS
        logger.warning("The broker did not take %s; the dispatcher will.", task.name, exc_info=True)
        return False
    return True


def forget_broker_failure() -> None:
    """Try the broker again at the next enqueue (after it is back, and between tests)."""
    global _skip_until
    _skip_until = 0.0
