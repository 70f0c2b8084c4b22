import datetime

import pytest
from rest_framework.test import APIClient

from centers.assessments.models import AssessmentRound, SelfAssessment
from centers.assessments.selectors import local_today
from collaboratives.framework.models import SecondaryDriver

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _url(demo, center, number=3):
    return f"/api/v1/collaboratives/{demo.slug}/centers/{center.slug}/self-assessments/{number}/"


def _drivers(demo):
    return list(
        SecondaryDriver.objects.filter(primary__framework__collaborative=demo).order_by(
            "primary__number", "number"
        )
    )


def test_read_own_assessment_with_etag(center_user, demo, first_center):
    response = api(center_user).get(_url(demo, first_center, 1))
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "submitted"
    assert len(data["ratings"]) == 30
    assert response["ETag"] == f'"{data["version"]}"'


def test_team_and_rounds(center_user, demo, first_center):
    response = api(center_user).get(
        f"/api/v1/collaboratives/{demo.slug}/centers/{first_center.slug}/team/"
    )
    assert response.status_code == 200
    assert response.json()["team_name"] == first_center.team_name
    assert len(response.json()["members"]) == 5
    response = api(center_user).get(f"/api/v1/collaboratives/{demo.slug}/assessment-rounds/")
    assert [r["number"] for r in response.json()["results"]] == [1, 2, 3] or [
        r["number"] for r in response.json()
    ] == [1, 2, 3]


def test_write_draft_then_submit_with_if_match(other_center_user, demo, second_center):
    client = api(other_center_user)
    url = _url(demo, second_center)
    response = client.get(url)
    assert response.status_code == 200
    assert response.json()["status"] == "not_started"
    etag = response["ETag"]
    drivers = _drivers(demo)
    body = {"ratings": [{"driver": str(drivers[0].public_id), "score": 2.5, "comment": "ok"}]}
    response = client.put(url, body, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "draft"
    etag = response["ETag"]
    assert etag == '"1"'
    # A stale ETag: 412 with the current version, nothing saved.
    response = client.put(
        url,
        {"ratings": [{"driver": str(drivers[0].public_id), "score": 4}]},
        format="json",
        HTTP_IF_MATCH='"0"',
    )
    assert response.status_code == 412
    assert response.json()["current"]["ratings"][0]["score"] == "2.5"
    assert response.json()["yours"]["ratings"][0]["score"] == 4
    # Submit everything with the version field.
    body = {
        "version": 1,
        "submit": True,
        "ratings": [{"driver": str(d.public_id), "score": "3.5"} for d in drivers],
    }
    response = client.put(url, body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "submitted"
    # Stale version field: 409.
    response = client.put(url, {"version": 1, "ratings": []}, format="json")
    assert response.status_code == 409


def test_version_is_required(other_center_user, demo, second_center):
    response = api(other_center_user).put(_url(demo, second_center), {"ratings": []}, format="json")
    assert response.status_code == 428


@pytest.mark.parametrize("bad", [0, 5, 2.3, "text", True, "", None])
def test_bad_scores_400(other_center_user, demo, second_center, bad):
    driver = _drivers(demo)[0]
    body = {"version": 0, "ratings": [{"driver": str(driver.public_id), "score": bad}]}
    response = api(other_center_user).put(_url(demo, second_center), body, format="json")
    if bad in ("", None):  # "not rated" is allowed in a draft
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert "Enter a score from 1 to 4" in str(response.json())
    assert not SelfAssessment.objects.filter(center=second_center, round__number=3).exists()


def test_driver_of_other_collaborative_400(other_center_user, demo, second_center):
    body = {
        "version": 0,
        "ratings": [{"driver": "00000000-0000-0000-0000-000000000000", "score": 3}],
    }
    response = api(other_center_user).put(_url(demo, second_center), body, format="json")
    assert response.status_code == 400
    assert "not a secondary driver of this collaborative" in str(response.json())


def test_malformed_body_400(other_center_user, demo, second_center):
    response = api(other_center_user).put(
        _url(demo, second_center), {"version": 0, "ratings": "x"}, format="json"
    )
    assert response.status_code == 400
    response = api(other_center_user).put(
        _url(demo, second_center), {"version": 0}, format="json", HTTP_IF_MATCH="nonsense"
    )
    assert response.status_code == 400


def test_closed_round_refused_with_reason(other_center_user, demo, second_center):
    yesterday = local_today(demo) - datetime.timedelta(days=1)
    AssessmentRound.objects.filter(collaborative=demo, number=3).update(
        opens_on=yesterday - datetime.timedelta(days=3), due_on=yesterday
    )
    body = {"version": 0, "submit": True, "ratings": []}
    response = api(other_center_user).put(_url(demo, second_center), body, format="json")
    assert response.status_code == 400
    assert "closed on" in response.json()["round"][0]


def test_cannot_write_other_center(center_user, faculty_user, demo, second_center):
    body = {"version": 0, "ratings": []}
    assert api(center_user).put(_url(demo, second_center), body, format="json").status_code == 403
    assert api(faculty_user).put(_url(demo, second_center), body, format="json").status_code == 403


def test_other_center_reads_submitted_not_draft(center_user, demo, second_center):
    assert api(center_user).get(_url(demo, second_center, 1)).status_code == 200
    # Maple Street has not started round 3: nothing shared.
    assert api(center_user).get(_url(demo, second_center, 3)).status_code == 403


def test_outsider_404(outsider, demo, first_center):
    assert api(outsider).get(_url(demo, first_center, 1)).status_code == 404
