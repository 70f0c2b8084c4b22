"""The "what moved" page: shown after a redirect, so a reload never re-submits the change.

The POST that moved an event (or a series) keeps a summary of the moved tasks in the session;
the GET page reads it. The summary stays until the next move, so reloading shows it again.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest

from collaboratives.schedule.services import MovedTask

SESSION_KEY = "schedule.moved"


def remember_moved(request: HttpRequest, key: str, moved: list[MovedTask]) -> None:
    """Keep what moved for the page of `key` (an event's or a series' public id)."""
    request.session[SESSION_KEY] = {
        "key": key,
        "tasks": [
            {
                "title": m.task.title,
                "owner": str(m.task.owner) if m.task.owner_id else "",
                "old_due": m.old_due.isoformat(),
                "new_due": m.new_due.isoformat(),
                "kept": m.kept,
            }
            for m in moved
        ],
    }


def recall_moved(request: HttpRequest, key: str) -> list[dict[str, Any]] | None:
    """What the last move of `key` changed, or None when this session did not move it."""
    saved = request.session.get(SESSION_KEY)
    if not saved or saved.get("key") != key:
        return None
    return [
        row
        | {
            "old_due": datetime.date.fromisoformat(row["old_due"]),
            "new_due": datetime.date.fromisoformat(row["new_due"]),
        }
        for row in saved["tasks"]
    ]
