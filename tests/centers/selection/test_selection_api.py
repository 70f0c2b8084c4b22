"""The selection API: IT and faculty read; a reviewer submits scores; same rules as pages."""

import pytest

from centers.selection.models import Review

pytestmark = pytest.mark.django_db


def _base(demo):
    return f"/api/v1/collaboratives/{demo.slug}/applications/"


def test_applications_readable_by_it_and_faculty_only(
    demo, submitted, it_client, faculty_client, center_client
):
    listing = it_client.get(_base(demo))
    assert listing.status_code == 200
    names = (
        [row["center_name"] for row in listing.json()["results"]]
        if isinstance(listing.json(), dict)
        else [row["center_name"] for row in listing.json()]
    )
    assert "Acorn Early Learning" in names
    assert faculty_client.get(f"{_base(demo)}{submitted.public_id}/").status_code == 200
    assert center_client.get(_base(demo)).status_code == 403
    assert center_client.get(f"{_base(demo)}{submitted.public_id}/").status_code == 403


def test_reviewer_submits_scores(demo, submitted, faculty_user, faculty_client, open_period):
    Review.objects.create(application=submitted, reviewer=faculty_user)
    url = f"{_base(demo)}{submitted.public_id}/review/"
    criteria = list(open_period.criteria.all())
    bad = faculty_client.put(
        url,
        {"scores": {str(criteria[0].public_id): 9}, "submit": True},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert f"score_{criteria[0].public_id}" in bad.json()
    wrong_type = faculty_client.put(
        url, {"scores": {}, "submit": "yes"}, content_type="application/json"
    )
    assert wrong_type.status_code == 400
    good = faculty_client.put(
        url,
        {
            "scores": {str(c.public_id): 3 for c in criteria},
            "recommendation": "accept",
            "submit": True,
        },
        content_type="application/json",
    )
    assert good.status_code == 200, good.content
    assert good.json()["weighted_score"] == "3.00"
    assert good.json()["submitted"] is True
    again = faculty_client.put(url, {"scores": {}, "submit": True}, content_type="application/json")
    assert again.status_code == 409


def test_no_review_of_ones_own_unless_assigned(demo, submitted, it_client):
    url = f"{_base(demo)}{submitted.public_id}/review/"
    assert it_client.get(url).status_code == 404
