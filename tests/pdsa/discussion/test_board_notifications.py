import datetime

import pytest
from django.core import mail
from django.utils import timezone

from bsc.models import Notification
from bsc.notifications import deliver_pending
from collaboratives.membership.models import Membership
from pdsa.board.models import Post
from pdsa.coaching.models import FacultyAssignment
from pdsa.cycles.models import Cycle
from pdsa.discussion.alerts import (
    COACHED_CENTER_CYCLE,
    COMMENT_ON_CYCLE,
    COMMENT_ON_POST,
    MENTION,
    record_daily_digests,
)
from pdsa.discussion.models import NotificationSetting

pytestmark = pytest.mark.django_db


def _cycle(center) -> Cycle:
    return Cycle.objects.filter(ramp__center=center).order_by("pk").first()


def test_comment_on_a_cycle_notifies_the_center_once(
    faculty_client, center_user, first_center, django_capture_on_commit_callbacks
):
    cycle = _cycle(first_center)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        faculty_client.post(
            f"/c/bsc-sel/pdsa/cycles/{cycle.public_id}/comments/", {"body": "Lovely test"}
        )
    members = Membership.objects.filter(center=first_center).count()
    rows = Notification.objects.filter(
        kind=COMMENT_ON_CYCLE, recipient__memberships__center=first_center
    )
    assert rows.count() == members
    assert Notification.objects.filter(kind=COMMENT_ON_CYCLE, recipient=center_user).count() == 1
    # Sent by the task right away (eager Celery) or by the dispatcher's next run (a broker).
    deliver_pending(timezone.now() + datetime.timedelta(minutes=1))
    to_center_user = [m for m in mail.outbox if m.to == [center_user.email]]
    assert len(to_center_user) == 1
    assert "commented on" in to_center_user[0].subject
    # A retried delivery sends nothing twice.
    assert deliver_pending(timezone.now() + datetime.timedelta(minutes=2)) == 0
    assert len([m for m in mail.outbox if m.to == [center_user.email]]) == 1


def test_the_author_is_not_notified_of_their_own_comment(center_client, center_user, first_center):
    cycle = _cycle(first_center)
    center_client.post(f"/c/bsc-sel/pdsa/cycles/{cycle.public_id}/comments/", {"body": "Note"})
    assert not Notification.objects.filter(kind=COMMENT_ON_CYCLE, recipient=center_user).exists()


def test_comment_on_a_post_notifies_its_author(other_center_client, center_user, demo):
    post = Post.objects.get(collaborative=demo, author=center_user)
    other_center_client.post(f"/c/bsc-sel/board/posts/{post.public_id}/comments/", {"body": "Hi"})
    assert Notification.objects.filter(kind=COMMENT_ON_POST, recipient=center_user).count() == 1


def test_mention_notifies_a_member(center_client, other_center_user, demo):
    post = Post.objects.filter(collaborative=demo).first()
    body = f"What do you think, @{other_center_user.full_name}?"
    center_client.post(f"/c/bsc-sel/board/posts/{post.public_id}/comments/", {"body": body})
    assert Notification.objects.filter(kind=MENTION, recipient=other_center_user).count() == 1


def test_mention_of_an_outsider_notifies_nobody(center_client, outsider, demo):
    post = Post.objects.filter(collaborative=demo).first()
    before = Notification.objects.filter(kind=MENTION).count()
    body = f"Hey @{outsider.full_name} and @{outsider.email}, look at this"
    center_client.post(f"/c/bsc-sel/board/posts/{post.public_id}/comments/", {"body": body})
    assert Notification.objects.filter(kind=MENTION).count() == before
    assert not Notification.objects.filter(recipient=outsider).exists()


def test_mention_in_a_post_notifies(center_client, faculty_user):
    center_client.post(
        "/c/bsc-sel/board/posts/new/",
        {"kind": "question", "title": "Ask", "body": f"@{faculty_user.full_name} any ideas?"},
    )
    assert Notification.objects.filter(kind=MENTION, recipient=faculty_user).count() == 1


def test_coach_is_told_when_their_center_posts_a_cycle(center_client, first_center, demo):
    period = FacultyAssignment.objects.filter(collaborative=demo).order_by("-period")[0].period
    coach = FacultyAssignment.objects.get(collaborative=demo, period=period, center=first_center)
    center_client.post(
        "/c/bsc-sel/pdsa/quick-start/",
        {"title": "Hello song", "objective": "Sing hello at arrival", "scale": "one_classroom"},
    )
    cycle = Cycle.objects.get(ramp__title="Hello song")
    row = Notification.objects.get(kind=COACHED_CENTER_CYCLE, recipient=coach.faculty)
    assert row.object_key == str(cycle.public_id)


def test_daily_digest_choice_sends_one_summary(
    faculty_client, center_user, first_center, django_capture_on_commit_callbacks
):
    NotificationSetting.objects.create(user=center_user, kind=COMMENT_ON_CYCLE, mode="daily")
    cycle = _cycle(first_center)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        faculty_client.post(f"/c/bsc-sel/pdsa/cycles/{cycle.public_id}/comments/", {"body": "A"})
        faculty_client.post(f"/c/bsc-sel/pdsa/cycles/{cycle.public_id}/comments/", {"body": "B"})
    assert not [m for m in mail.outbox if m.to == [center_user.email]]
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    assert record_daily_digests(tomorrow) >= 1
    assert record_daily_digests(tomorrow) == 0  # recorded once
    deliver_pending(tomorrow)
    digests = [m for m in mail.outbox if m.to == [center_user.email]]
    assert len(digests) == 1
    assert digests[0].body.count("commented on") == 2


def test_settings_page_saves_a_choice_per_kind(center_client, center_user):
    data = {
        "pdsa__comment_on_cycle": "daily",
        "pdsa__comment_on_post": "immediate",
        "pdsa__mention": "none",
        "pdsa__coached_center_cycle": "immediate",
        "pdsa__group_post": "daily",
    }
    assert center_client.post("/c/bsc-sel/notifications/settings/", data).status_code == 302
    assert NotificationSetting.objects.get(user=center_user, kind="pdsa.mention").mode == "none"
    assert NotificationSetting.objects.get(user=center_user, kind="pdsa.group_post").mode == "daily"
    response = center_client.post(
        "/c/bsc-sel/notifications/settings/", {**data, "pdsa__mention": "loud"}
    )
    assert response.status_code == 200 and "errorlist" in response.content.decode()


def test_unread_count_and_mark_read(faculty_client, center_client, center_user, first_center):
    cycle = _cycle(first_center)
    faculty_client.post(f"/c/bsc-sel/pdsa/cycles/{cycle.public_id}/comments/", {"body": "Hi"})
    badge = center_client.get("/c/bsc-sel/notifications/unread/", HTTP_HX_REQUEST="true")
    assert "unread:" in badge.content.decode()
    page = center_client.get("/c/bsc-sel/notifications/").content.decode()
    assert "commented on" in page
    center_client.post("/c/bsc-sel/notifications/read/")
    badge = center_client.get("/c/bsc-sel/notifications/unread/").content.decode()
    assert "unread:" not in badge


def test_header_loads_the_badge(center_client):
    page = center_client.get("/c/bsc-sel/").content.decode()
    assert 'hx-get="/c/bsc-sel/notifications/unread/"' in page


def test_notifications_are_private(outsider_client):
    assert outsider_client.get("/c/bsc-sel/notifications/").status_code == 404
    assert outsider_client.get("/c/bsc-sel/notifications/unread/").status_code == 404


def test_opening_a_notification_marks_it_read(
    faculty_client, center_client, center_user, first_center
):
    cycle = _cycle(first_center)
    faculty_client.post(f"/c/bsc-sel/pdsa/cycles/{cycle.public_id}/comments/", {"body": "Hey"})
    row = Notification.objects.filter(kind=COMMENT_ON_CYCLE, recipient=center_user).latest("pk")
    response = center_client.get(f"/c/bsc-sel/notifications/{row.public_id}/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"/c/bsc-sel/pdsa/cycles/{cycle.public_id}/")
    row.refresh_from_db()
    assert row.read_at is not None


def test_someone_elses_notification_is_404(
    faculty_client, other_center_client, center_user, first_center
):
    cycle = _cycle(first_center)
    faculty_client.post(f"/c/bsc-sel/pdsa/cycles/{cycle.public_id}/comments/", {"body": "Hey"})
    row = Notification.objects.filter(kind=COMMENT_ON_CYCLE, recipient=center_user).latest("pk")
    assert other_center_client.get(f"/c/bsc-sel/notifications/{row.public_id}/").status_code == 404
    row.refresh_from_db()
    assert row.read_at is None
