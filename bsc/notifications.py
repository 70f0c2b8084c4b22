"""The exactly-once notification record and its delivery.

`notify` writes one row per (kind, object_key, recipient) or finds the existing one, so a
reminder, mention or announcement computed twice is recorded, and sent, once. Delivery claims
pending rows with a row lock (skipped by a second dispatcher) and marks each sent in the same
transaction as the send attempt, so a retried task sends nothing twice.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from bsc.models import Notification, User

if TYPE_CHECKING:
    from collaboratives.membership.models import Collaborative

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
Attachment = tuple[str, bytes, str]
# kind -> function(notification) -> attachments (filename, content, mimetype), e.g. an .ics.
ATTACHMENT_PROVIDERS: dict[str, Callable[[Notification], list[Attachment]]] = {}


def register_attachments(kind: str, provider: Callable[[Notification], list[Attachment]]) -> None:
    """Let an app attach files to the e-mails of one notification kind."""
    ATTACHMENT_PROVIDERS[kind] = provider


def notify(
    *,
    kind: str,
    object_key: str,
    recipient: User,
    subject: str,
    body: str = "",
    url: str = "",
    collaborative: Collaborative | None = None,
    due_at: datetime.datetime | None = None,
    send_email: bool | None = None,
) -> tuple[Notification, bool]:
    """Record a notification once; returns (row, created). An existing row is left as it is."""
    if send_email is None:
        send_email = recipient.notification_preference != User.NotificationPreference.NONE
    defaults: dict[str, Any] = {
        "subject": subject[:200],
        "body": body,
        "url": url,
        "collaborative": collaborative,
        "due_at": due_at or timezone.now(),
        "send_email": send_email,
        "status": Notification.Status.PENDING if send_email else Notification.Status.SKIPPED,
    }
    try:
        with transaction.atomic():
            return Notification.objects.get_or_create(
                kind=kind, object_key=object_key, recipient=recipient, defaults=defaults
            )
    except IntegrityError:
        # Two writers raced on the unique constraint: the other one's row stands.
        return Notification.objects.get(
            kind=kind, object_key=object_key, recipient=recipient
        ), False


def _claim(now: datetime.datetime, limit: int) -> list[Notification]:
    queryset = Notification.objects.filter(
        status=Notification.Status.PENDING, due_at__lte=now, attempts__lt=MAX_ATTEMPTS
    ).order_by("due_at")
    if connection.features.has_select_for_update_skip_locked:
        queryset = queryset.select_for_update(skip_locked=True)
    return list(queryset.select_related("recipient")[:limit])


def send_notification_email(notification: Notification, **extra: Any) -> None:
    url = notification.url
    if url.startswith("/"):
        url = f"{settings.SITE_URL}{url}"
    body = notification.body + (f"\n\n{url}\n" if url else "")
    message = EmailMultiAlternatives(
        subject=notification.subject, body=body, to=[notification.recipient.email]
    )
    attachments = list(extra.get("attachments", []))
    provider = ATTACHMENT_PROVIDERS.get(notification.kind)
    if provider is not None:
        attachments += provider(notification)
    for attachment in attachments:
        message.attach(*attachment)
    message.send()


def deliver_pending(now: datetime.datetime | None = None, limit: int = 500) -> int:
    """Send every pending notification that is due; returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    while True:
        with transaction.atomic():
            batch = _claim(now, limit)
            if not batch:
                return sent
            for notification in batch:
                notification.attempts += 1
                try:
                    send_notification_email(notification)
                except Exception as error:  # noqa: BLE001 - any mail failure is retried later
                    logger.warning("Sending notification %s failed: %s", notification.pk, error)
                    notification.last_error = str(error)[:2000]
                    # Back off: try again later, up to MAX_ATTEMPTS, keeping the row pending.
                    notification.due_at = now + datetime.timedelta(
                        minutes=5 * 2 ** (notification.attempts - 1)
                    )
                    if notification.attempts >= MAX_ATTEMPTS:
                        notification.status = Notification.Status.FAILED
                else:
                    notification.status = Notification.Status.SENT
                    notification.sent_at = timezone.now()
                    sent += 1
                notification.save(
                    update_fields=["attempts", "last_error", "due_at", "status", "sent_at"]
                )
        if len(batch) < limit:
            return sent
