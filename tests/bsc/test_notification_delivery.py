"""Delivery of notifications, one message at a time: what a crash, a broken title or a broken
attachment leaves behind, and what the recipient receives."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from bsc import notifications
from bsc.models import Notification, User
from bsc.notifications import deliver_pending, notify, one_line, resend


@pytest.fixture
def people(db):
    return [User.objects.create_user(email=f"person{n}@example.org") for n in range(5)]


def _notify(person, key="k", subject="Hello", kind="test.delivery"):
    row, _created = notify(kind=kind, object_key=key, recipient=person, subject=subject)
    return row


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("A\nB", "A B"),
        ("A\r\nB", "A B"),
        ("Tab\tseparated\ttitle", "Tab separated title"),
        ("NUL\x00inside", "NUL inside"),
        ("  leading and trailing \n", "leading and trailing"),
        ("Line\u2028separator and\u2029paragraph", "Line separator and paragraph"),
        ("Vertical\x0btab and form\x0cfeed", "Vertical tab and form feed"),
        ("Café ☕ 👩‍⚕️ stays", "Café ☕ 👩‍⚕️ stays"),
    ],
)
def test_one_line_turns_breaks_and_control_characters_into_single_spaces(raw, expected):
    assert one_line(raw) == expected


def test_one_line_shortens_a_very_long_text_with_an_ellipsis():
    cleaned = one_line("word " * 100, max_length=200)
    assert len(cleaned) == 200
    assert cleaned.endswith("…") and "\n" not in cleaned
    assert one_line("x" * 200) == "x" * 200  # exactly the limit stays whole


def test_a_subject_with_a_newline_is_recorded_and_sent_on_one_line(people):
    _notify(people[0], subject="Reminder: Kick-off\ncall on 05 Jan")
    assert deliver_pending() == 1
    assert [m.subject for m in mail.outbox] == ["Reminder: Kick-off call on 05 Jan"]
    assert Notification.objects.get(kind="test.delivery").status == Notification.Status.SENT


def test_a_row_stored_before_cleaning_with_a_newline_is_still_delivered(people):
    row = _notify(people[0])
    Notification.objects.filter(pk=row.pk).update(subject="Old\nsubject")
    assert deliver_pending() == 1
    assert mail.outbox[0].subject == "Old subject"


def test_each_message_carries_a_message_id_made_from_its_notification(people, settings):
    settings.SITE_URL = "https://bsc.example.org"
    row = _notify(people[0])
    deliver_pending()
    message = mail.outbox[0].message()
    assert message["Message-ID"] == f"<notification-{row.public_id}@bsc.example.org>"


def test_a_crash_after_some_sends_repeats_at_most_the_message_in_flight(people, settings):
    """The worker dies (SystemExit stands for the kill) right after the third e-mail left: the
    two before stay marked sent, and the next run sends the rest, repeating only the third."""
    settings.NOTIFICATION_LEASE_SECONDS = 60
    for person in people:
        _notify(person)
    real_send = notifications.EmailMultiAlternatives.send
    calls = {"n": 0}

    def send_then_die(message, *args, **kwargs):
        result = real_send(message, *args, **kwargs)
        calls["n"] += 1
        if calls["n"] == 3:
            raise SystemExit("killed")
        return result

    with (
        mock.patch.object(notifications.EmailMultiAlternatives, "send", send_then_die),
        pytest.raises(SystemExit),
    ):
        deliver_pending()
    assert (
        Notification.objects.filter(kind="test.delivery", status=Notification.Status.SENT).count()
        == 2
    )
    # The message in flight waits for its lease to run out before anyone sends it again.
    assert deliver_pending() == 2
    later = timezone.now() + datetime.timedelta(seconds=61)
    with mock.patch("bsc.notifications.timezone.now", return_value=later):
        assert deliver_pending(later) == 1

    assert (
        Notification.objects.filter(kind="test.delivery", status=Notification.Status.SENT).count()
        == 5
    )
    ids = [m.message()["Message-ID"] for m in mail.outbox]
    assert len(ids) == 6 and len(set(ids)) == 5  # one repeat, with the same Message-ID
    assert sorted(m.to[0] for m in mail.outbox if ids.count(m.message()["Message-ID"]) == 1) == [
        p.email for p in people if p.email != mail.outbox[2].to[0]
    ]


def test_a_message_our_data_cannot_build_is_failed_at_once_with_its_reason(people):
    def broken_invite(notification):
        raise ValueError("the invite of this event cannot be built")

    notifications.register_attachments("test.broken", broken_invite)
    try:
        row = _notify(people[0], kind="test.broken")
        assert deliver_pending() == 0
        row.refresh_from_db()
        assert row.status == Notification.Status.FAILED
        assert row.attempts == 1
        assert "cannot be built" in row.last_error
        assert mail.outbox == []
    finally:
        del notifications.ATTACHMENT_PROVIDERS["test.broken"]

    # Once the cause is fixed, a resend delivers it.
    assert resend(Notification.objects.filter(pk=row.pk)) == 1
    assert deliver_pending() == 1
    row.refresh_from_db()
    assert row.status == Notification.Status.SENT and row.last_error == ""
    assert len(mail.outbox) == 1


def test_a_row_whose_sender_died_on_every_attempt_is_failed_not_left_pending(people):
    row = _notify(people[0])
    Notification.objects.filter(pk=row.pk).update(
        attempts=notifications.MAX_ATTEMPTS,
        lease_until=timezone.now() - datetime.timedelta(seconds=1),
    )
    assert deliver_pending() == 0
    row.refresh_from_db()
    assert row.status == Notification.Status.FAILED
    assert row.last_error == "The sender stopped during each of 5 attempts."
    assert mail.outbox == []
