"""Results: held back below the threshold; distribution, mean, answers, rate and trend."""

import csv
import io

import pytest

from bsc.tenancy import get_access
from collaboratives.evaluations import services
from collaboratives.evaluations.models import Evaluation
from collaboratives.evaluations.selectors import evaluation_results


def _answer(demo, evaluation, people, scores, full_answers):
    for person, score in zip(people, scores, strict=True):
        answers = full_answers(evaluation, score=score)
        if "i10" in answers:
            answers["i10"] = {"text": f"surprise {score}"}
        services.evaluation_respond(
            access=get_access(person, demo.slug), evaluation=evaluation, answers=answers
        )


def _results_url(demo, event, tail=""):
    return f"/c/{demo.slug}/events/{event.public_id}/evaluation/results/{tail}"


def test_results_are_held_back_below_the_threshold(
    it_client, demo, evaluation, ended_event, attendees, full_answers
):
    _answer(demo, evaluation, attendees[:4], [5, 4, 4, 2], full_answers)
    body = it_client.get(_results_url(demo, ended_event)).content.decode()
    assert "held back until 5 people have answered" in body
    assert "surprise" not in body
    assert 'class="diverging"' not in body
    export = it_client.get(
        f"/c/{demo.slug}/events/{ended_event.public_id}/evaluation/responses.csv"
    )
    assert export.status_code == 302


def test_results_show_distribution_mean_and_answers(
    it_client, demo, evaluation, ended_event, attendees, full_answers
):
    _answer(demo, evaluation, attendees[:5], [5, 4, 4, 2, 1], full_answers)
    results = evaluation_results(evaluation)
    first = results.items[0]
    assert results.released and results.responses == 5 and results.attendees == 8
    assert first.counts == {5: 1, 4: 2, 2: 1, 1: 1}
    assert first.mean == 3.2
    choice = results.items[8]
    assert choice.counts == {"Parent Leader": 5, "Teacher": 0, "Team Leader": 0, "Senior Leader": 0}
    assert results.items[9].texts == sorted(f"surprise {s}" for s in [5, 4, 4, 2, 1])
    body = it_client.get(_results_url(demo, ended_event)).content.decode()
    assert "Mean 3.20 of 5" in body
    assert "response rate 62" in body
    assert 'class="diverging"' in body and "Strongly agree: 1" in body
    assert "surprise 2" in body


def test_threshold_is_per_evaluation(it_access, demo, evaluation, attendees, full_answers):
    services.evaluation_update(
        access=it_access,
        evaluation=evaluation,
        items_text="scale: Fine day",
        introduction="",
        min_responses=3,
    )
    evaluation.refresh_from_db()
    _answer(demo, evaluation, attendees[:3], [3, 3, 3], full_answers)
    assert evaluation_results(evaluation).released


def test_same_item_across_sessions(demo):
    ls1 = Evaluation.objects.get(event__collaborative=demo, event__number=1)
    results = evaluation_results(ls1)
    overall = next(r for r in results.items if r.item["text"].startswith("Overall:"))
    assert [event.title for event, _mean in overall.across] == [
        "Pre-work day",
        "Learning Session 1",
    ]
    # Learning Session 2 (3 answers) is held back, so it does not join the comparison.
    ls2 = Evaluation.objects.get(event__collaborative=demo, event__number=2)
    assert not evaluation_results(ls2).released


def test_csv_has_no_person_link(it_client, demo, evaluation, ended_event, attendees, full_answers):
    _answer(demo, evaluation, attendees[:5], [5, 4, 4, 2, 1], full_answers)
    response = it_client.get(
        f"/c/{demo.slug}/events/{ended_event.public_id}/evaluation/responses.csv"
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert len(rows) == 6
    header = " ".join(rows[0]).lower()
    assert "email" not in header and "date" not in header and "id" not in rows[0]
    body = response.content.decode()
    for person in attendees:
        assert person.email not in body and person.full_name not in body


def test_pdf(it_client, demo, evaluation, ended_event, attendees, full_answers):
    _answer(demo, evaluation, attendees[:5], [5, 4, 4, 2, 1], full_answers)
    response = it_client.get(_results_url(demo, ended_event).rstrip("/") + ".pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("who", ["center_client", "leader_client"])
def test_center_members_do_not_read_results(request, who, demo, evaluation, ended_event):
    client = request.getfixturevalue(who)
    assert client.get(_results_url(demo, ended_event)).status_code == 403


def test_faculty_reads_results(faculty_client, demo):
    ls1 = Evaluation.objects.get(event__collaborative=demo, event__number=1)
    assert faculty_client.get(_results_url(demo, ls1.event)).status_code == 200
    assert faculty_client.get(f"/c/{demo.slug}/evaluations/").status_code == 200


def test_results_queries_do_not_grow(
    it_client, demo, evaluation, ended_event, attendees, full_answers
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _answer(demo, evaluation, attendees[:5], [5, 4, 4, 2, 1], full_answers)
    url = _results_url(demo, ended_event)
    it_client.get(url)
    with CaptureQueriesContext(connection) as small:
        it_client.get(url)
    _answer(demo, evaluation, attendees[5:8], [1, 2, 3], full_answers)
    # The first view after an answer reads the answers once to tally them again.
    it_client.get(url)
    with CaptureQueriesContext(connection) as large:
        it_client.get(url)
    assert len(large) == len(small)


def test_a_new_answer_shows_on_the_next_view(
    it_client, demo, evaluation, ended_event, attendees, full_answers
):
    _answer(demo, evaluation, attendees[:5], [5, 4, 4, 2, 1], full_answers)
    first = it_client.get(_results_url(demo, ended_event)).content.decode()
    assert "Mean 3.20 of 5 (5 answers)" in first
    _answer(demo, evaluation, attendees[5:6], [5], full_answers)
    body = it_client.get(_results_url(demo, ended_event)).content.decode()
    assert "Mean 3.50 of 5 (6 answers)" in body
    assert "surprise 5" in body and "6 responses from 8 attendees" in body


def test_changed_items_show_on_the_next_view(it_access, demo, evaluation, attendees, full_answers):
    _answer(demo, evaluation, attendees[:5], [3, 3, 3, 3, 3], full_answers)
    assert evaluation_results(evaluation).items[0].mean == 3
    items = [dict(item) for item in evaluation.items]
    items[0]["text"] = "Overall: a reworded first item"
    Evaluation.objects.filter(pk=evaluation.pk).update(items=items)
    evaluation.refresh_from_db()
    assert evaluation_results(evaluation).items[0].item["text"] == items[0]["text"]
