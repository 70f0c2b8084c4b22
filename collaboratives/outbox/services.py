from __future__ import annotations

from django.db import transaction

from bsc.models import Notification
from bsc.notifications import resend
from bsc.tenancy import Access
from collaboratives.outbox.selectors import failed_deliveries


def resend_failed(access: Access, notification: Notification | None = None) -> int:
    """Queue one failed notification of this collaborative again (or all of them, with none
    given) and start a delivery; returns how many were queued."""
    access.require("resend_notifications", access.collaborative)
    rows = failed_deliveries(access)
    if notification is not None:
        rows = rows.filter(pk=notification.pk)
    with transaction.atomic():
        count = resend(rows)
        if count:
            transaction.on_commit(_deliver_soon)
    return count


def _deliver_soon() -> None:
    from bsc.tasks import send_due_notifications

    try:
        send_due_notifications.delay()
    except Exception:  # noqa: BLE001 - the broker being down must not break the page
        # The periodic dispatcher sends them on its next run.
        return
