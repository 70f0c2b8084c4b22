import datetime

import pytest
from django.utils import timezone

from pdsa.board.models import BoardEntry, Post
from pdsa.coaching.models import FacultyAssignment
from pdsa.cycles.models import Cycle
from pdsa.discussion.models import Comment

pytestmark = pytest.mark.django_db

PAYLOAD = (
    '<script>alert("x")</script> <img src=x onerror="alert(1)"> '
    '[click](javascript:alert(1)) <a href="https://ok.example" onclick="steal()">ok</a> **bold**'
)


def _assert_inert(html: str) -> None:
    lowered = html.lower()
    assert "<script" not in lowered
    assert "onerror" not in lowered and "onclick" not in lowered
    assert "javascript:" not in lowered


def test_post_markdown_is_sanitised(center_client):
    response = center_client.post(
        "/c/bsc-sel/board/posts/new/",
        {"kind": "discussion", "title": "Payload", "body": PAYLOAD},
        follow=True,
    )
    post = Post.objects.get(title="Payload")
    _assert_inert(post.body_html)
    assert "<strong>bold</strong>" in post.body_html
    page = response.content.decode()
    body = page[page.index('class="post-body"') :]
    body = body[: body.index("</div>")]
    _assert_inert(body)


def test_comment_payload_is_inert(faculty_client, first_center):
    cycle = Cycle.objects.filter(ramp__center=first_center).first()
    faculty_client.post(f"/c/bsc-sel/pdsa/cycles/{cycle.public_id}/comments/", {"body": PAYLOAD})
    comment = Comment.objects.get(cycle=cycle, body=PAYLOAD)
    _assert_inert(comment.body_html)
    page = faculty_client.get(f"/c/bsc-sel/pdsa/cycles/{cycle.public_id}/").content.decode()
    section = page[page.index(f'id="comment-{comment.public_id}"') :]
    _assert_inert(section[: section.index("</li>")])


def test_only_it_posts_announcements_and_pins(center_client, faculty_client, it_client, demo):
    response = center_client.post(
        "/c/bsc-sel/board/posts/new/",
        {"kind": "announcement", "title": "Fake announcement", "body": "x", "pinned": "on"},
    )
    assert response.status_code == 200  # the choice is not offered: a form error
    assert not Post.objects.filter(title="Fake announcement").exists()
    post = Post.objects.filter(collaborative=demo, pinned=False).first()
    assert (
        center_client.post(
            f"/c/bsc-sel/board/posts/{post.public_id}/pin/", {"pinned": "1"}
        ).status_code
        == 403
    )
    pin_url = f"/c/bsc-sel/board/posts/{post.public_id}/pin/"
    assert faculty_client.post(pin_url, {"pinned": "1"}).status_code == 403
    post.refresh_from_db()
    assert not post.pinned
    it_client.post(f"/c/bsc-sel/board/posts/{post.public_id}/pin/", {"pinned": "1"})
    post.refresh_from_db()
    assert post.pinned
    it_client.post(
        "/c/bsc-sel/board/posts/new/",
        {"kind": "announcement", "title": "Real announcement", "body": "Hello"},
    )
    assert Post.objects.get(title="Real announcement").pinned


def test_post_is_edited_only_by_its_author(center_client, other_center_client, demo):
    post = Post.objects.get(collaborative=demo, title="How do you cover Take Five breaks?")
    url = f"/c/bsc-sel/board/posts/{post.public_id}/edit/"
    assert other_center_client.get(url).status_code == 403
    response = center_client.post(url, {"title": "Covering breaks", "body": "Any tips?"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "Covering breaks"


def test_replies_are_one_level_deep(center_client, other_center_client, demo):
    post = Post.objects.get(collaborative=demo, title="How do you cover Take Five breaks?")
    first = Comment.objects.get(post=post)
    url = f"/c/bsc-sel/board/posts/{post.public_id}/comments/"
    other_center_client.post(url, {"body": "Reply", "parent": str(first.public_id)})
    reply = Comment.objects.get(post=post, body="Reply")
    center_client.post(url, {"body": "Reply to reply", "parent": str(reply.public_id)})
    nested = Comment.objects.get(post=post, body="Reply to reply")
    assert reply.parent == first and nested.parent == first


def test_comment_edit_window(center_client, other_center_client, demo):
    post = Post.objects.get(collaborative=demo, title="How do you cover Take Five breaks?")
    center_client.post(f"/c/bsc-sel/board/posts/{post.public_id}/comments/", {"body": "Typo hre"})
    comment = Comment.objects.get(body="Typo hre")
    url = f"/c/bsc-sel/comments/{comment.public_id}/edit/"
    assert other_center_client.post(url, {"body": "Hijack"}).status_code == 403
    assert center_client.post(url, {"body": "Typo here"}).status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Typo here" and comment.edited_at is not None
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=30)
    )
    response = center_client.post(url, {"body": "Too late"})
    comment.refresh_from_db()
    assert comment.body == "Typo here"
    assert "only be edited in the first 15 minutes" in response.content.decode()


def test_empty_comment_is_refused(center_client, first_center):
    cycle = Cycle.objects.filter(ramp__center=first_center).first()
    before = Comment.objects.count()
    response = center_client.post(
        f"/c/bsc-sel/pdsa/cycles/{cycle.public_id}/comments/", {"body": ""}, follow=True
    )
    assert Comment.objects.count() == before
    assert "This field is required." in response.content.decode()


def test_htmx_comment_returns_the_comments_block(center_client, demo):
    post = Post.objects.filter(collaborative=demo).first()
    response = center_client.post(
        f"/c/bsc-sel/board/posts/{post.public_id}/comments/",
        {"body": "Inline hello"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Inline hello" in html and "<html" not in html


def test_board_feed_is_newest_first_and_paginated(center_client, demo):
    page = center_client.get("/c/bsc-sel/board/").content.decode()
    newest = BoardEntry.objects.filter(collaborative=demo).order_by("-updated_at").first()
    assert "Page 1 of" in page
    if newest.kind == "cycle":
        assert newest.cycle.ramp.title in page
    second = center_client.get("/c/bsc-sel/board/?page=2")
    assert second.status_code == 200


def test_board_filters(center_client, demo):
    page = center_client.get("/c/bsc-sel/board/?center=maple-street&kind=cycle").content.decode()
    assert "Maple Street Head Start" in page
    assert "Sunrise Child Development Center</span>" not in page
    waiting = center_client.get("/c/bsc-sel/board/?no_feedback=1&kind=cycle").content.decode()
    assert "No feedback yet" in waiting
    garbage = center_client.get("/c/bsc-sel/board/?primary=not-a-uuid")
    assert garbage.status_code == 200


def test_board_filter_by_driver_and_status(center_client, demo):
    from collaboratives.framework.models import PrimaryDriver

    family = PrimaryDriver.objects.get(framework__collaborative=demo, number=3)
    page = center_client.get(f"/c/bsc-sel/board/?primary={family.public_id}&kind=cycle")
    html = page.content.decode()
    assert "Family communication log" in html
    assert "Visual schedules for transitions" not in html
    html = center_client.get("/c/bsc-sel/board/?status=abandoned&kind=cycle").content.decode()
    assert "Nothing here yet." in html


def test_board_htmx_returns_the_feed_only(center_client):
    response = center_client.get("/c/bsc-sel/board/?kind=post", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'id="feed"' in html and "<html" not in html


def test_feedback_queue_is_for_faculty_and_it(
    faculty_client, it_client, center_client, outsider_client
):
    assert faculty_client.get("/c/bsc-sel/feedback/").status_code == 200
    assert it_client.get("/c/bsc-sel/feedback/").status_code == 200
    assert center_client.get("/c/bsc-sel/feedback/").status_code == 403
    assert outsider_client.get("/c/bsc-sel/feedback/").status_code == 404


def test_feedback_queue_lists_old_cycles_without_feedback_oldest_first(it_client, demo):
    from bsc.models import User
    from bsc.tenancy import get_access
    from pdsa.feedback.selectors import feedback_queue

    access = get_access(User.objects.get(email="it@demo.test"), "bsc-sel")
    queue = list(feedback_queue(access))
    assert queue, "the demo leaves some cycles waiting"
    assert [c.activity_at for c in queue] == sorted(c.activity_at for c in queue)
    for cycle in queue:
        assert cycle.feedback_at is None or cycle.feedback_at < cycle.activity_at
    fresh = Cycle.objects.filter(ramp__center__collaborative=demo).first()
    Cycle.objects.filter(pk=fresh.pk).update(activity_at=timezone.now(), feedback_at=None)
    assert fresh.pk not in [c.pk for c in feedback_queue(access)]  # not N days old yet


def test_faculty_comment_takes_a_cycle_out_of_the_queue(
    faculty_client, center_client, faculty_user, center_user, demo
):
    from bsc.tenancy import get_access
    from pdsa.feedback.selectors import feedback_queue

    # A cycle of the commenting center's own that waits long enough to be in the queue.
    center = get_access(center_user, "bsc-sel").membership.center
    cycle = next(
        c for c in feedback_queue(get_access(faculty_user, "bsc-sel")) if c.ramp.center == center
    )
    page = faculty_client.get("/c/bsc-sel/feedback/").content.decode()
    assert str(cycle.public_id) in page
    center_client.post(f"/c/bsc-sel/pdsa/cycles/{cycle.public_id}/comments/", {"body": "Us"})
    assert str(cycle.public_id) in faculty_client.get("/c/bsc-sel/feedback/").content.decode()
    faculty_client.post(f"/c/bsc-sel/pdsa/cycles/{cycle.public_id}/comments/", {"body": "Nice"})
    assert str(cycle.public_id) not in faculty_client.get("/c/bsc-sel/feedback/").content.decode()


def test_faculty_sees_assigned_centers_first(faculty_client, faculty_user, demo):
    from bsc.tenancy import get_access
    from pdsa.feedback.selectors import feedback_queue

    queue = list(feedback_queue(get_access(faculty_user, "bsc-sel")))
    period = FacultyAssignment.objects.filter(collaborative=demo).order_by("-period")[0].period
    mine = set(
        FacultyAssignment.objects.filter(
            collaborative=demo, period=period, faculty=faculty_user
        ).values_list("center_id", flat=True)
    )
    flags = [c.ramp.center_id in mine for c in queue]
    assert flags == sorted(flags, reverse=True)


def test_it_changes_the_feedback_delay(it_client, faculty_client, demo):
    response = it_client.post("/c/bsc-sel/feedback/", {"feedback_after_days": "0"})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    it_client.post("/c/bsc-sel/feedback/", {"feedback_after_days": "30"})
    assert demo.board_settings.feedback_after_days == 30
    faculty_client.post("/c/bsc-sel/feedback/", {"feedback_after_days": "1"})
    demo.board_settings.refresh_from_db()
    assert demo.board_settings.feedback_after_days == 30


def test_rotation_view_and_repeat_warning(
    it_client, faculty_client, center_client, demo, second_center
):
    from collaboratives.membership.models import Membership

    page = it_client.get("/c/bsc-sel/faculty-assignments/").content.decode()
    assert "Action Period 2" in page and "repeat" in page
    coach = FacultyAssignment.objects.get(
        collaborative=demo, period=2, center=second_center
    ).faculty
    response = it_client.post(
        "/c/bsc-sel/faculty-assignments/",
        {"period": 3, "period_label": "AP3", "center": second_center.pk, "faculty": coach.pk},
        follow=True,
    )
    assert "also had this center in the previous Action Period" in response.content.decode()
    other = (
        Membership.objects.filter(collaborative=demo, role="faculty").exclude(user=coach).first()
    )
    response = it_client.post(
        "/c/bsc-sel/faculty-assignments/",
        {"period": 3, "center": second_center.pk, "faculty": other.user.pk},
        follow=True,
    )
    assert "also had this center" not in response.content.decode()
    assert faculty_client.get("/c/bsc-sel/faculty-assignments/").status_code == 200
    assert (
        faculty_client.post(
            "/c/bsc-sel/faculty-assignments/",
            {"period": 4, "center": second_center.pk, "faculty": coach.pk},
        ).status_code
        == 403
    )
    assert center_client.get("/c/bsc-sel/faculty-assignments/").status_code == 403


def test_assigning_a_non_faculty_is_refused(it_client, center_user, second_center):
    response = it_client.post(
        "/c/bsc-sel/faculty-assignments/",
        {"period": 5, "center": second_center.pk, "faculty": center_user.pk},
    )
    assert response.status_code == 200 and "errorlist" in response.content.decode()


def test_board_filter_by_affinity_group(center_client, demo):
    teachers = center_client.get("/c/bsc-sel/board/?group=teacher&kind=post").content.decode()
    assert "How do you cover Take Five breaks?" not in teachers  # written by a team leader
    leaders = center_client.get("/c/bsc-sel/board/?group=team_leader&kind=post").content.decode()
    assert "How do you cover Take Five breaks?" in leaders
    assert center_client.get("/c/bsc-sel/board/?group=nonsense").status_code == 200
