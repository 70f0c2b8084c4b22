"""The self-assessment in steps, saved as you go: each change is saved in the background and
the live region says so (or why not), with the new version and "N of M drivers rated"."""

import re

import pytest

from centers.assessments.models import SelfAssessment
from tests.centers.assessments.test_self_assessments import _drivers, _form_data, _url

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_the_form_is_in_steps_by_primary_driver_with_progress(
    other_center_client, demo, second_center
):
    html = other_center_client.get(_url(demo, second_center, 3)).content.decode()
    primaries = demo.framework.primary_drivers.count()
    assert html.count('class="step" id="step-') == primaries
    assert f"Step 1 of {primaries}" in html
    assert f"0 of {primaries} drivers rated" in html
    assert 'href="#step-submit"' in html
    # Saved as you go, announced politely.
    assert 'hx-trigger="change delay:400ms"' in html
    assert 'id="autosave-status" role="status" aria-live="polite"' in html


def test_a_change_is_saved_in_the_background_and_said_so(other_center_client, demo, second_center):
    url = _url(demo, second_center, 3)
    drivers = _drivers(demo)
    first_primary = drivers[0].primary
    data = _form_data(demo, score="")
    for d in drivers:
        if d.primary_id == first_primary.pk:
            data[f"score_{d.public_id}"] = "3"
    data["autosave"] = "1"
    response = other_center_client.post(url, data, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert re.search(r"Saved at \d\d:\d\d", body)
    primaries = demo.framework.primary_drivers.count()
    assert f"1 of {primaries} drivers rated" in body
    assessment = SelfAssessment.objects.get(center=second_center, round__number=3)
    assert assessment.status == "draft" and assessment.version == 1
    # The page's version moves on, so the next change is not taken for a conflict.
    assert 'name="version" value="1" id="id_version" hx-swap-oob="true"' in body
    data["version"] = "1"
    data[f"comment_{drivers[0].public_id}"] = "In two rooms"
    assert other_center_client.post(url, data, **HTMX).status_code == 200
    assessment.refresh_from_db()
    assert assessment.version == 2
    assert assessment.ratings.get(driver=drivers[0]).comment == "In two rooms"


def test_a_bad_score_is_not_saved_and_the_error_takes_focus(
    other_center_client, demo, second_center
):
    url = _url(demo, second_center, 3)
    drivers = _drivers(demo)
    data = _form_data(demo, score="")
    data[f"score_{drivers[0].public_id}"] = "7"
    data["autosave"] = "1"
    response = other_center_client.post(url, data, **HTMX)
    assert response.status_code == 200  # swapped into the live region
    body = response.content.decode()
    assert 'role="alert"' in body and "autofocus" in body
    assert "Not saved yet:" in body
    assert f'href="#id_score_{drivers[0].public_id}"' in body
    assert not SelfAssessment.objects.filter(center=second_center, round__number=3).exists()


def test_a_stale_version_is_refused_without_overwriting(other_center_client, demo, second_center):
    url = _url(demo, second_center, 3)
    saved = _form_data(demo, score="2", save="1")
    assert other_center_client.post(url, saved).status_code == 302
    stale = _form_data(demo, version=0, score="4", autosave="1")
    response = other_center_client.post(url, stale, **HTMX)
    assert response.status_code == 409
    assert "someone else saved a newer version" in response.content.decode()
    assessment = SelfAssessment.objects.get(center=second_center, round__number=3)
    assert assessment.version == 1
    assert {str(r.score) for r in assessment.ratings.all()} == {"2.0"}


def test_autosave_never_submits_and_a_submitted_assessment_stays_submitted(
    other_center_client, demo, second_center
):
    url = _url(demo, second_center, 3)
    assert other_center_client.post(url, _form_data(demo, score="3", submit="1")).status_code == 302
    response = other_center_client.post(
        url, _form_data(demo, version=1, score="3.5", autosave="1"), **HTMX
    )
    assert response.status_code == 200
    assessment = SelfAssessment.objects.get(center=second_center, round__number=3)
    assert assessment.status == "submitted" and assessment.version == 2
