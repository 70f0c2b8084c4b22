"""Attendees answer once, after the event; the link reaches them by e-mail and on their home."""

import datetime

from django.utils import timezone

from bsc.models import Notification
from bsc.tenancy import get_access
from collaboratives.evaluations import services
from collaboratives.evaluations.models import EvaluationResponse


def _form(evaluation, score="4"):
    data = {}
    for item in evaluation.items:
        key = item["key"]
        if item["kind"] == "scale":
            data[f"{key}-score"] = score
            data[f"{key}-comment"] = "fine"
        elif item["kind"] == "choice":
            data[f"{key}-choice"] = item["choices"][1]
        else:
            data[f"{key}-text"] = "open words"
    return data


def _url(demo, event):
    return f"/c/{demo.slug}/events/{event.public_id}/evaluation/answer/"


def test_an_attendee_answers_once(
    center_client, center_user, demo, evaluation, ended_event, attend
):
    attend(ended_event, center_user)
    page = center_client.get(_url(demo, ended_event))
    assert "Strongly agree" in page.content.decode()
    response = center_client.post(_url(demo, ended_event), _form(evaluation))
    assert response.status_code == 302
    stored = EvaluationResponse.objects.get(evaluation=evaluation)
    assert stored.answers["i1"] == {"score": 4, "comment": "fine"}
    assert stored.answers["i9"] == {"choice": "Teacher"}
    again = center_client.post(_url(demo, ended_event), _form(evaluation, "1"))
    assert again.status_code == 400
    assert "already answered" in again.content.decode()
    assert EvaluationResponse.objects.filter(evaluation=evaluation).count() == 1
    assert "already answered" in center_client.get(_url(demo, ended_event)).content.decode()


def test_before_the_event_ends_it_is_refused(
    center_client, center_user, demo, evaluation, ended_event, attend
):
    attend(ended_event, center_user)
    ended_event.end = timezone.now() + datetime.timedelta(hours=2)
    ended_event.save()
    response = center_client.post(_url(demo, ended_event), _form(evaluation))
    assert response.status_code == 400
    assert "opens when the event ends" in response.content.decode()
    assert not EvaluationResponse.objects.filter(evaluation=evaluation).exists()


def test_someone_who_did_not_attend_cannot_answer(center_client, demo, evaluation, ended_event):
    response = center_client.post(_url(demo, ended_event), _form(evaluation))
    assert response.status_code == 400
    assert "Only people who attended" in response.content.decode()
    assert not EvaluationResponse.objects.filter(evaluation=evaluation).exists()


def test_bad_answers_show_in_place(
    center_client, center_user, demo, evaluation, ended_event, attend
):
    attend(ended_event, center_user)
    data = _form(evaluation)
    data["i1-score"] = "9"
    data["i9-choice"] = "Astronaut"
    response = center_client.post(_url(demo, ended_event), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose one of the five answers." in body
    assert "Choose one of the listed answers." in body
    assert "open words" in body  # what was typed stays
    assert not EvaluationResponse.objects.filter(evaluation=evaluation).exists()
    empty = center_client.post(_url(demo, ended_event), {})
    assert "Answer at least one question." in empty.content.decode()
    # Still allowed to answer after the refusals.
    assert center_client.post(_url(demo, ended_event), _form(evaluation)).status_code == 302


def test_invitations_go_to_attendees_once_after_the_end(
    demo, evaluation, ended_event, attendees, other_center_user
):
    before_end = ended_event.end - datetime.timedelta(minutes=5)
    assert services.send_evaluation_invitations(before_end) == 0
    assert services.send_evaluation_invitations(timezone.now()) == len(attendees)
    assert services.send_evaluation_invitations(timezone.now()) == 0
    sent = Notification.objects.filter(
        kind=services.INVITATION, object_key=f"evaluation:{evaluation.public_id}"
    )
    assert {n.recipient_id for n in sent} == {u.pk for u in attendees}
    assert all(n.url.endswith("/evaluation/answer/") for n in sent)


def test_the_link_is_on_the_home_until_answered(
    client_for, demo, evaluation, ended_event, attendees, full_answers
):
    person = attendees[0]
    client = client_for(person)
    home = f"/c/{demo.slug}/"
    assert "Evaluate Learning Session 9" not in client.get(home).content.decode()
    services.send_evaluation_invitations(timezone.now())
    assert "Evaluate Learning Session 9" in client.get(home).content.decode()
    services.evaluation_respond(
        access=get_access(person, demo.slug),
        evaluation=evaluation,
        answers=full_answers(evaluation),
    )
    assert "Evaluate Learning Session 9" not in client.get(home).content.decode()


def test_outsider_gets_404(outsider_client, demo, evaluation, ended_event):
    assert outsider_client.get(_url(demo, ended_event)).status_code == 404
