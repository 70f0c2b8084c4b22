"""The exactly-once notification record and its delivery.

`notify` writes one row per (kind, object_key, recipient) or finds the existing one, so a
reminder, mention or announcement computed twice is recorded, and sent, once. Delivery takes
one row at a time: a short transaction claims it with a lease (a second dispatcher skips it),
the e-mail is sent outside any transaction, and a second short transaction marks it. A sender
killed mid-send repeats at most the one message in flight, once its lease runs out, and with
the same Message-ID, so the receiving server can drop the copy.
"""

from __future__ import annotations

import datetime
import logging
import unicodedata
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import BadHeaderError, EmailMultiAlternatives
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from bsc.i18n import in_language_of
from bsc.models import Notification, User

if TYPE_CHECKING:
    from collaboratives.membership.models import Collaborative

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
SUBJECT_MAX_LENGTH = 200  # Notification.subject's max_length
# Control characters (Cc: \n, \r, \t, NUL…), line and paragraph separators (Zl, Zp) and lone
# surrogates (Cs, which cannot be encoded): none belongs in a one-line header. Format characters
# stay, since the zero-width joiner is part of many emoji.
_BREAKING_CATEGORIES = frozenset({"Cc", "Zl", "Zp", "Cs"})
Attachment = tuple[str, bytes, str]
# kind -> function(notification) -> attachments (filename, content, mimetype), e.g. an .ics.
ATTACHMENT_PROVIDERS: dict[str, Callable[[Notification], list[Attachment]]] = {}


def register_attachments(kind: str, provider: Callable[[Notification], list[Attachment]]) -> None:
    """Let an app attach files to the e-mails of one notification kind."""
    ATTACHMENT_PROVIDERS[kind] = provider


# kind -> function(notification) -> the HTML alternative of the plain-text body, or None.
HTML_PROVIDERS: dict[str, Callable[[Notification], str | None]] = {}


def register_html(kind: str, provider: Callable[[Notification], str | None]) -> None:
    """Let an app send the e-mails of one notification kind with an HTML alternative."""
    HTML_PROVIDERS[kind] = provider


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
        # Titles and names are typed by people and may hold line breaks; a header cannot.
        "subject": one_line(subject),
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


def _lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.NOTIFICATION_LEASE_SECONDS)


def _claim_one(now: datetime.datetime) -> Notification | None:
    """Take the next due notification for one send, in its own short transaction.

    The claim is committed before anything is sent: a sender killed after the send leaves only
    this row's lease behind, never the marks of messages already sent.
    """
    clock = timezone.now()
    with transaction.atomic():
        queryset = (
            Notification.objects.filter(
                status=Notification.Status.PENDING, due_at__lte=now, attempts__lt=MAX_ATTEMPTS
            )
            .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=clock))
            .order_by("due_at", "pk")
        )
        if connection.features.has_select_for_update_skip_locked:
            # A second sender skips the row this one is claiming.
            queryset = queryset.select_for_update(skip_locked=True, of=("self",))
        notification = queryset.select_related("recipient").first()
        if notification is None:
            return None
        notification.attempts += 1
        notification.lease_until = clock + _lease()
        notification.delivery_attempt = uuid.uuid4()
        notification.save(update_fields=["attempts", "lease_until", "delivery_attempt"])
    return notification


def _finish(notification: Notification, **changes: Any) -> bool:
    """Record the outcome of this attempt, unless another sender has since taken the row."""
    return bool(
        Notification.objects.filter(
            pk=notification.pk, delivery_attempt=notification.delivery_attempt
        ).update(lease_until=None, **changes)
    )


def one_line(text: str, max_length: int = SUBJECT_MAX_LENGTH) -> str:
    """`text` as one line fit for an e-mail header: control characters and line breaks become
    spaces, runs of spaces one, and a text longer than `max_length` ends with an ellipsis."""
    cleaned = "".join(
        " " if unicodedata.category(char) in _BREAKING_CATEGORIES else char for char in text
    )
    cleaned = " ".join(cleaned.split())
    if len(cleaned) > max_length:
        cleaned = cleaned[: max_length - 1].rstrip() + "…"
    return cleaned


def message_id(notification: Notification) -> str:
    """The same Message-ID for every attempt at one notification, so a receiving server that
    already has the message drops the copy a crashed sender repeats."""
    domain = urlparse(settings.SITE_URL).hostname or "bsc.local"
    return f"<notification-{notification.public_id}@{domain}>"


def send_notification_email(notification: Notification, **extra: Any) -> None:
    url = notification.url
    if url.startswith("/"):
        url = f"{settings.SITE_URL}{url}"
    body = notification.body + (f"\n\n{url}\n" if url else "")
    message = EmailMultiAlternatives(
        # Rows recorded before subjects were cleaned may still hold a line break.
        subject=one_line(notification.subject),
        body=body,
        to=[notification.recipient.email],
        headers={"Message-ID": message_id(notification)},
    )
    attachments = list(extra.get("attachments", []))
    provider = ATTACHMENT_PROVIDERS.get(notification.kind)
    if provider is not None:
        # An attachment (e.g. an .ics) is written at sending time, for this recipient.
        with in_language_of(notification.recipient, notification.collaborative):
            attachments += provider(notification)
    for attachment in attachments:
        message.attach(*attachment)
    html_provider = HTML_PROVIDERS.get(notification.kind)
    html = html_provider(notification) if html_provider is not None else None
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


# Errors that come from the message we built, not from the mail server: sending the same row
# again fails the same way, so it is marked failed at once for the IT to see and resend.
PERMANENT_ERRORS: tuple[type[Exception], ...] = (
    BadHeaderError,
    ValidationError,
    ValueError,
    TypeError,
)


def _deliver_one(notification: Notification, now: datetime.datetime) -> bool:
    try:
        send_notification_email(notification)
    except PERMANENT_ERRORS as error:
        logger.error("Notification %s cannot be sent: %s", notification.pk, error)
        _finish(notification, status=Notification.Status.FAILED, last_error=str(error)[:2000])
        return False
    except Exception as error:  # noqa: BLE001 - a mail server failure is retried later
        logger.warning("Sending notification %s failed: %s", notification.pk, error)
        changes: dict[str, Any] = {
            "last_error": str(error)[:2000],
            # Back off: try again later, up to MAX_ATTEMPTS, keeping the row pending.
            "due_at": now + datetime.timedelta(minutes=5 * 2 ** (notification.attempts - 1)),
        }
        if notification.attempts >= MAX_ATTEMPTS:
            changes["status"] = Notification.Status.FAILED
        _finish(notification, **changes)
        return False
    _finish(notification, status=Notification.Status.SENT, sent_at=timezone.now(), last_error="")
    return True


def _fail_abandoned() -> int:
    """Mark failed the rows whose every attempt ended with the sender gone (killed, out of
    memory): they are never claimed again, and must show on the IT's failed list, not stay
    pending for ever."""
    return Notification.objects.filter(
        status=Notification.Status.PENDING,
        attempts__gte=MAX_ATTEMPTS,
        lease_until__lt=timezone.now(),
    ).update(
        status=Notification.Status.FAILED,
        lease_until=None,
        last_error=_("The sender stopped during each of %(count)s attempts.")
        % {"count": MAX_ATTEMPTS},
    )


def deliver_pending(now: datetime.datetime | None = None, limit: int | None = None) -> int:
    """Send the pending notifications that are due (at most `limit`); returns how many were sent.

    Each one is claimed, sent and marked on its own, so a crash repeats at most the message in
    flight (with the same Message-ID); what was sent before stays marked sent.
    """
    now = now or timezone.now()
    _fail_abandoned()
    sent = 0
    tried = 0
    # Ends: a tried row is sent, failed, or due again only later than `now`.
    while limit is None or tried < limit:
        notification = _claim_one(now)
        if notification is None:
            break
        tried += 1
        sent += _deliver_one(notification, now)
    return sent


def resend(notifications: QuerySet[Notification]) -> int:
    """Put failed notifications back in the queue, due now, with their attempts reset;
    returns how many. The IT uses it once the cause (a title, an address) is fixed."""
    return notifications.filter(status=Notification.Status.FAILED).update(
        status=Notification.Status.PENDING,
        attempts=0,
        due_at=timezone.now(),
        lease_until=None,
        delivery_attempt=None,
    )
