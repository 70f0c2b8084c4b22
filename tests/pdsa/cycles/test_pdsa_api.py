import pytest
from rest_framework.test import APIClient

from pdsa.board.models import Post
from pdsa.cycles.models import Cycle, Ramp
from pdsa.discussion.models import Comment

pytestmark = pytest.mark.django_db
BASE = "/api/v1/collaboratives/bsc-sel"


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_members_list_ramps_and_cycles(other_center_user, first_center):
    api = _api(other_center_user)
    response = api.get(f"{BASE}/ramps/?center=sunrise")
    assert response.status_code == 200
    ramp = Ramp.objects.filter(center=first_center).first()
    assert str(ramp.public_id) in {r["id"] for r in response.json()["results"]}
    cycles = api.get(f"{BASE}/ramps/{ramp.public_id}/cycles/")
    assert cycles.status_code == 200


def test_center_member_creates_a_ramp_and_cycle(center_user, first_center, demo):
    from collaboratives.framework.models import SecondaryDriver

    driver = SecondaryDriver.objects.filter(primary__framework__collaborative=demo).first()
    api = _api(center_user)
    response = api.post(
        f"{BASE}/ramps/",
        {"title": "API ramp", "change_idea": "x", "secondary_drivers": [str(driver.public_id)]},
        format="json",
    )
    assert response.status_code == 201, response.content
    ramp = Ramp.objects.get(title="API ramp")
    assert ramp.center == first_center and list(ramp.secondary_drivers.all()) == [driver]
    response = api.post(
        f"{BASE}/ramps/{ramp.public_id}/cycles/",
        {"objective": "Try it", "scale": "one_child"},
        format="json",
    )
    assert response.status_code == 201 and response.json()["number"] == 1
    cycle_id = response.json()["id"]
    response = api.patch(
        f"{BASE}/cycles/{cycle_id}/",
        {"stage": "act", "decision": "adapt", "next_step": "Go on"},
        format="json",
    )
    assert response.status_code == 200 and response.json()["is_incomplete"] is True


def test_api_bad_input_is_400(center_user, first_center):
    api = _api(center_user)
    ramp = Ramp.objects.filter(center=first_center).first()
    response = api.post(f"{BASE}/ramps/{ramp.public_id}/cycles/", {"objective": ""}, format="json")
    assert response.status_code == 400 and "objective" in response.json()
    response = api.post(f"{BASE}/ramps/", {"title": ""}, format="json")
    assert response.status_code == 400 and "title" in response.json()
    cycle = ramp.cycles.first()
    response = api.patch(f"{BASE}/cycles/{cycle.public_id}/", {"stage": "dance"}, format="json")
    assert response.status_code == 400
    response = api.post(
        f"{BASE}/ramps/",
        {"title": "x", "secondary_drivers": ["00000000-0000-0000-0000-000000000000"]},
        format="json",
    )
    assert response.status_code == 400


def test_api_permissions(other_center_user, faculty_user, outsider, first_center):
    ramp = Ramp.objects.filter(center=first_center).first()
    cycle = Cycle.objects.filter(ramp=ramp).first()
    other = _api(other_center_user)
    assert (
        other.patch(f"{BASE}/ramps/{ramp.public_id}/", {"title": "x"}, format="json").status_code
        == 403
    )
    assert (
        other.patch(
            f"{BASE}/cycles/{cycle.public_id}/",
            {"stage": "do", "what_happened": "x"},
            format="json",
        ).status_code
        == 403
    )
    faculty = _api(faculty_user)
    assert faculty.post(f"{BASE}/ramps/", {"title": "x"}, format="json").status_code == 403
    assert faculty.get(f"{BASE}/cycles/{cycle.public_id}/").status_code == 200
    stranger = _api(outsider)
    assert stranger.get(f"{BASE}/ramps/").status_code == 404
    assert stranger.get(f"{BASE}/cycles/{cycle.public_id}/").status_code == 404


def test_api_comments_and_posts(faculty_user, center_user, other_center_user, first_center, demo):
    cycle = Cycle.objects.filter(ramp__center=first_center).first()
    faculty = _api(faculty_user)
    response = faculty.post(
        f"{BASE}/comments/",
        {"cycle": str(cycle.public_id), "body": "<script>x</script>Good"},
        format="json",
    )
    assert response.status_code == 201
    assert "<script" not in response.json()["body_html"]
    comment_id = response.json()["id"]
    listed = faculty.get(f"{BASE}/comments/?cycle={cycle.public_id}").json()
    assert comment_id in {c["id"] for c in listed["results"]}
    assert (
        faculty.post(f"{BASE}/comments/", {"body": "no target"}, format="json").status_code == 400
    )
    other = _api(other_center_user)
    assert (
        other.patch(f"{BASE}/comments/{comment_id}/", {"body": "x"}, format="json").status_code
        == 403
    )
    assert (
        faculty.patch(
            f"{BASE}/comments/{comment_id}/", {"body": "Edited"}, format="json"
        ).status_code
        == 200
    )
    assert Comment.objects.get(public_id=comment_id).body == "Edited"

    center = _api(center_user)
    response = center.post(f"{BASE}/posts/", {"title": "API post", "body": "Hello"}, format="json")
    assert response.status_code == 201
    response = center.post(
        f"{BASE}/posts/", {"title": "Pin me", "body": "x", "pinned": True}, format="json"
    )
    assert response.status_code == 403
    post = Post.objects.get(title="API post")
    assert (
        other.patch(f"{BASE}/posts/{post.public_id}/", {"title": "x"}, format="json").status_code
        == 403
    )
