"""Comments on a center's Action Plan: threaded on the plan's page, @mentions, the faculty
feedback queue and the API, with the same rules as the other discussions."""

from rest_framework.test import APIClient

from bsc.models import Notification
from pdsa.action_plans.models import ActionPlan
from pdsa.discussion.models import Comment


def _plan(first_center, ls2) -> ActionPlan:
    return ActionPlan.objects.get(center=first_center, event=ls2)


def test_demo_has_a_comment_on_an_action_plan(demo):
    assert Comment.objects.filter(collaborative=demo, action_plan__isnull=False).exists()


def test_comment_and_reply_on_the_plan_page(
    center_client, faculty_client, demo, first_center, ls2, plan_url
):
    plan = _plan(first_center, ls2)
    url = f"/c/{demo.slug}/pdsa/action-plans/plans/{plan.public_id}/comments/"
    response = center_client.post(url, {"body": "Should we start with the toddler room?"})
    assert response.status_code == 302
    question = Comment.objects.get(action_plan=plan, body__startswith="Should we")
    faculty_client.post(url, {"body": "Yes, one room first.", "parent": str(question.public_id)})
    reply = Comment.objects.get(action_plan=plan, body="Yes, one room first.")
    assert reply.parent == question
    page = center_client.get(plan_url(ls2, first_center)).content.decode()
    assert "Should we start with the toddler room?" in page
    assert "Yes, one room first." in page
    assert f'id="comment-{reply.public_id}"' in page


def test_empty_comment_is_an_error_in_place(center_client, demo, first_center, ls2):
    plan = _plan(first_center, ls2)
    url = f"/c/{demo.slug}/pdsa/action-plans/plans/{plan.public_id}/comments/"
    response = center_client.post(url, {"body": "  "}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not Comment.objects.filter(action_plan=plan, body="  ").exists()


def test_mention_notifies_the_person(center_client, faculty_user, demo, first_center, ls2):
    plan = _plan(first_center, ls2)
    text = f"@{faculty_user.email} could you look at our plan?"
    center_client.post(
        f"/c/{demo.slug}/pdsa/action-plans/plans/{plan.public_id}/comments/", {"body": text}
    )
    note = Notification.objects.filter(recipient=faculty_user, collaborative=demo).latest("pk")
    assert plan.get_absolute_url() in note.url


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _api_url(demo, event, center) -> str:
    return (
        f"/api/v1/collaboratives/{demo.slug}/action-plans/{event.public_id}/{center.slug}/comments/"
    )


def test_api_lists_and_creates_comments(other_center_user, faculty_user, demo, first_center, ls2):
    url = _api_url(demo, ls2, first_center)
    created = _api(other_center_user).post(url, {"body": "Nice plan"}, format="json")
    assert created.status_code == 201
    parent = created.json()["id"]
    reply = _api(faculty_user).post(url, {"body": "Agreed", "parent": parent}, format="json")
    assert reply.status_code == 201
    assert reply.json()["parent"] == parent
    assert reply.json()["author_role"] and "<p>Agreed</p>" in reply.json()["body_html"]
    bodies = [c["body"] for c in _api(other_center_user).get(url).json()]
    assert "Nice plan" in bodies and "Agreed" in bodies


def test_api_bad_input_is_400(center_user, demo, first_center, ls2):
    url = _api_url(demo, ls2, first_center)
    refused = _api(center_user).post(url, {"body": ""}, format="json")
    assert refused.status_code == 400
    assert refused.json()["body"] == ["Write a comment first."]
    assert _api(center_user).post(url, {}, format="json").status_code == 400


def test_api_outsider_cannot_read(outsider, demo, first_center, ls2):
    response = _api(outsider).get(_api_url(demo, ls2, first_center))
    assert response.status_code == 404


def test_a_center_comment_on_the_plan_waits_in_the_feedback_queue(
    center_client, faculty_client, demo, first_center, ls2
):
    plan = _plan(first_center, ls2)
    url = f"/c/{demo.slug}/pdsa/action-plans/plans/{plan.public_id}/comments/"
    center_client.post(url, {"body": "Is two rooms too many?"})
    queued = f"Action Plan of {first_center.name} after {ls2.title}"
    assert queued in faculty_client.get(f"/c/{demo.slug}/feedback/").content.decode()
    question = Comment.objects.get(action_plan=plan, body="Is two rooms too many?")
    faculty_client.post(url, {"body": "Start with one.", "parent": str(question.public_id)})
    assert queued not in faculty_client.get(f"/c/{demo.slug}/feedback/").content.decode()
