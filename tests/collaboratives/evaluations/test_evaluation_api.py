"""The evaluation API: read the form, answer once, the same refusals as the page."""

import datetime

from django.utils import timezone
from rest_framework.test import APIClient

from collaboratives.evaluations.models import EvaluationResponse


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _url(demo, event, tail=""):
    return f"/api/v1/collaboratives/{demo.slug}/events/{event.public_id}/evaluation/{tail}"


def test_answer_once(center_user, demo, evaluation, ended_event, attend, full_answers):
    attend(ended_event, center_user)
    api = _api(center_user)
    form = api.get(_url(demo, ended_event)).json()
    assert form["can_answer"] is True and len(form["items"]) == 13
    created = api.post(
        _url(demo, ended_event, "responses/"), {"answers": full_answers(evaluation)}, format="json"
    )
    assert created.status_code == 201
    again = api.post(
        _url(demo, ended_event, "responses/"), {"answers": full_answers(evaluation)}, format="json"
    )
    assert again.status_code == 400
    assert "already answered" in again.json()["non_field_errors"][0]
    assert EvaluationResponse.objects.filter(evaluation=evaluation).count() == 1
    assert api.get(_url(demo, ended_event)).json()["can_answer"] is False


def test_bad_answers_are_400_by_item(center_user, demo, evaluation, ended_event, attend):
    attend(ended_event, center_user)
    api = _api(center_user)
    response = api.post(
        _url(demo, ended_event, "responses/"),
        {"answers": {"i1": {"score": 7}, "i99": {"text": "x"}, "i9": {"choice": "Pilot"}}},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"i1", "i99", "i9"}
    assert api.post(_url(demo, ended_event, "responses/"), {}, format="json").status_code == 400
    assert not EvaluationResponse.objects.filter(evaluation=evaluation).exists()


def test_before_the_end_and_not_attended(
    center_user, other_center_user, demo, evaluation, ended_event, attend, full_answers
):
    attend(ended_event, center_user)
    ended_event.end = timezone.now() + datetime.timedelta(hours=1)
    ended_event.save()
    early = _api(center_user).post(
        _url(demo, ended_event, "responses/"), {"answers": full_answers(evaluation)}, format="json"
    )
    assert early.status_code == 400
    assert "opens when the event ends" in early.json()["non_field_errors"][0]
    ended_event.end = timezone.now() - datetime.timedelta(hours=1)
    ended_event.save()
    absent = _api(other_center_user).post(
        _url(demo, ended_event, "responses/"), {"answers": full_answers(evaluation)}, format="json"
    )
    assert absent.status_code == 403


def test_outsider_gets_404(outsider, demo, evaluation, ended_event):
    assert _api(outsider).get(_url(demo, ended_event)).status_code == 404
    assert (
        _api(outsider).post(_url(demo, ended_event, "responses/"), {}, format="json").status_code
        == 404
    )
