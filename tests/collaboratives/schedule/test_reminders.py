import datetime
import io
import zoneinfo
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from bsc.models import Notification
from bsc.notifications import deliver_pending
from bsc.tenancy import get_access
from collaboratives.dispatch import dispatch
from collaboratives.schedule import services as schedule
from collaboratives.schedule.selectors import audience_members

NY = zoneinfo.ZoneInfo("America/New_York")


@pytest.fixture
def it_access(it_user, demo):
    return get_access(it_user, demo.slug)


@pytest.fixture
def call(demo):
    """An all-team call more than two weeks ahead."""
    return (
        demo.events.filter(kind="all_team_call", start__gt=timezone.now() + datetime.timedelta(14))
        .order_by("start")
        .first()
    )


def _rows(event, kind="event_reminder"):
    return Notification.objects.filter(kind=kind, object_key__startswith=f"event:{event.public_id}")


def test_reminder_one_week_ahead_once_even_when_dispatched_twice(call):
    invited = audience_members(call).count()
    dispatch(call.start - datetime.timedelta(days=8))
    assert not _rows(call).exists()  # not due yet
    now = call.start - datetime.timedelta(days=6)
    mail.outbox.clear()
    dispatch(now)
    dispatch(now)
    call_command("send_due_notifications", "--now", now.isoformat(), stdout=io.StringIO())
    assert _rows(call).count() == invited
    deliver_pending(now)
    deliver_pending(now)
    mine = [m for m in mail.outbox if "All-team call" in m.subject]
    assert len(mine) == _rows(call).filter(send_email=True).count() > 0
    message = mine[0]
    assert "11:00" in message.body and "video.example.org" in message.body
    assert "Agenda:" in message.body and "What is one change" in message.body
    name, content, mimetype = message.attachments[0]
    assert name == "invite.ics" and mimetype.startswith("text/calendar")
    assert "BEGIN:VEVENT" in (content.decode() if isinstance(content, bytes) else content)


def test_reminder_shows_time_in_the_persons_time_zone(call, center_user):
    center_user.timezone = "Europe/London"
    center_user.save()
    dispatch(call.start - datetime.timedelta(days=6))
    row = _rows(call).get(recipient=center_user)
    london = call.start.astimezone(zoneinfo.ZoneInfo("Europe/London"))
    assert f"{london:%-I:%M %p}" in row.body and "Europe/London" in row.body
    assert "11:00" in row.body  # and the collaborative's own time


def test_in_app_only_people_get_a_record_but_no_email(call, center_user):
    center_user.notification_preference = "none"
    center_user.save()
    now = call.start - datetime.timedelta(days=6)
    dispatch(now)
    row = _rows(call).get(recipient=center_user)
    assert row.status == Notification.Status.SKIPPED and not row.send_email


def test_event_moved_after_reminder_gets_one_update_and_later_a_new_reminder(call, it_access):
    invited = audience_members(call).count()
    now = call.start - datetime.timedelta(days=6)
    dispatch(now)
    schedule.event_move(access=it_access, event=call, by=datetime.timedelta(weeks=2))
    dispatch(now + datetime.timedelta(hours=1))
    dispatch(now + datetime.timedelta(hours=2))
    assert _rows(call, "event_update").count() == invited
    assert _rows(call).count() == invited  # no second reminder yet
    # The new date was more than a week ahead: its reminder comes a week before it.
    call.refresh_from_db()
    dispatch(call.start - datetime.timedelta(days=6))
    dispatch(call.start - datetime.timedelta(days=5))
    assert _rows(call).count() == 2 * invited
    assert _rows(call, "event_update").count() == invited


def test_event_moved_within_lead_time_gets_update_but_no_second_reminder(call, it_access):
    invited = audience_members(call).count()
    now = call.start - datetime.timedelta(days=6)
    dispatch(now)
    schedule.event_move(access=it_access, event=call, by=datetime.timedelta(days=-2))
    dispatch(now + datetime.timedelta(hours=1))
    call.refresh_from_db()
    dispatch(call.start - datetime.timedelta(days=1))
    assert _rows(call, "event_update").count() == invited
    assert _rows(call).count() == invited
    update = _rows(call, "event_update").first()
    assert "has moved" in update.body


def test_moved_before_any_reminder_sends_no_update(call, it_access):
    schedule.event_move(access=it_access, event=call, by=datetime.timedelta(days=3))
    call.refresh_from_db()
    dispatch(call.start - datetime.timedelta(days=6))
    assert not _rows(call, "event_update").exists()
    assert _rows(call).count() == audience_members(call).count()


def test_cancelled_after_reminder_sends_one_cancellation(call, it_access):
    now = call.start - datetime.timedelta(days=6)
    dispatch(now)
    schedule.event_cancel(access=it_access, event=call)
    dispatch(now + datetime.timedelta(hours=1))
    dispatch(now + datetime.timedelta(hours=2))
    assert _rows(call, "event_cancelled").count() == audience_members(call).count()


def test_email_failure_is_retried_with_back_off_and_kept_pending(call):
    now = call.start - datetime.timedelta(days=6)
    dispatch(now)
    row = _rows(call).filter(send_email=True).first()
    Notification.objects.exclude(pk=row.pk).filter(status="pending").update(status="sent")
    with mock.patch("bsc.notifications.EmailMultiAlternatives.send", side_effect=OSError("down")):
        assert deliver_pending(now) == 0
    row.refresh_from_db()
    assert row.status == "pending" and row.attempts == 1 and "down" in row.last_error
    first_retry = row.due_at
    assert first_retry > now
    assert deliver_pending(now) == 0  # not due again yet
    with mock.patch("bsc.notifications.EmailMultiAlternatives.send", side_effect=OSError("down")):
        deliver_pending(first_retry)
    row.refresh_from_db()
    assert row.attempts == 2 and row.due_at - first_retry > first_retry - now
    mail.outbox.clear()
    assert deliver_pending(row.due_at) == 1
    row.refresh_from_db()
    assert row.status == "sent" and len(mail.outbox) == 1


def test_weekly_digest_once_per_week(demo, it_user):
    tuesday = timezone.now().astimezone(NY)
    tuesday = tuesday + datetime.timedelta(days=(1 - tuesday.weekday()) % 7)
    dispatch(tuesday)
    dispatch(tuesday + datetime.timedelta(hours=3))
    rows = Notification.objects.filter(kind="workplan_digest", recipient=it_user)
    assert rows.count() == 1
    assert "due this week" in rows.get().subject
    dispatch(tuesday + datetime.timedelta(days=7))
    assert rows.count() == 2


def test_reminder_about_an_event_titled_with_a_newline_reaches_everyone(call):
    call.title = "A\nB"
    call.save(update_fields=["title"])
    now = call.start - datetime.timedelta(days=6)
    mail.outbox.clear()
    dispatch(now)
    deliver_pending(now)
    rows = _rows(call).filter(send_email=True)
    assert rows.count() > 0
    assert rows.filter(status="sent").count() == rows.count()
    mine = [m for m in mail.outbox if m.subject.startswith("Reminder: A B on ")]
    assert len(mine) == rows.count()
    assert "You are invited to A\nB." in mine[0].body
