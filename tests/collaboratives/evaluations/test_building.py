"""The IT builds an evaluation from Appendix F or from the last session's, and edits it."""

import pytest
from django.core.exceptions import ValidationError

from collaboratives.evaluations import services
from collaboratives.evaluations.items import appendix_f_items, items_text, parse_items
from collaboratives.evaluations.models import Evaluation, EvaluationResponse


def test_appendix_f_template_has_the_guide_items(evaluation):
    kinds = [item["kind"] for item in evaluation.items]
    assert kinds == ["scale"] * 8 + ["choice"] + ["open"] * 4
    assert evaluation.items[8]["text"] == "Which Affinity Group meeting did you attend?"
    assert evaluation.items[8]["choices"] == [
        "Parent Leader",
        "Teacher",
        "Team Leader",
        "Senior Leader",
    ]
    assert evaluation.items[0]["text"].startswith("The Opening Sessions")
    assert "anonymous" in evaluation.introduction
    assert evaluation.min_responses == 5


def test_copy_of_the_last_session_takes_its_edited_items(it_access, demo, evaluation, ended_event):
    services.evaluation_update(
        access=it_access,
        evaluation=evaluation,
        items_text="scale: The storyboard walk was useful.\nopen: What was best?",
        introduction="LS9",
        min_responses=7,
    )
    later = ended_event.__class__.objects.create(
        collaborative=demo,
        kind="learning_session",
        number=10,
        title="Learning Session 10",
        start=ended_event.end + __import__("datetime").timedelta(days=90),
        end=ended_event.end + __import__("datetime").timedelta(days=91),
    )
    copy = services.evaluation_create(access=it_access, event=later, source="previous")
    assert [i["text"] for i in copy.items] == ["The storyboard walk was useful.", "What was best?"]
    assert copy.min_responses == 7


def test_the_it_page_starts_and_saves(it_client, demo, ended_event):
    url = f"/c/{demo.slug}/events/{ended_event.public_id}/evaluation/"
    page = it_client.get(url)
    assert "Start from Appendix F" in page.content.decode()
    it_client.post(url + "new/", {"source": "appendix_f"})
    evaluation = Evaluation.objects.get(event=ended_event)
    response = it_client.post(
        url,
        {
            "introduction": "Hi",
            "items": "scale: Good day\nchoice: Group | A | B",
            "min_responses": 5,
        },
    )
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert [i["kind"] for i in evaluation.items] == ["scale", "choice"]


def test_bad_item_lines_are_named_and_nothing_is_lost(it_client, demo, evaluation, ended_event):
    url = f"/c/{demo.slug}/events/{ended_event.public_id}/evaluation/"
    text = "scale: Good day\nrating: What?\nchoice: Only one | A"
    response = it_client.post(url, {"introduction": "", "items": text, "min_responses": 5})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Line 2: start with" in body
    assert "Line 3: give two or more different choices" in body
    assert "rating: What?" in body  # the text stays in the form
    evaluation.refresh_from_db()
    assert len(evaluation.items) == 13


def test_threshold_below_three_is_refused(it_client, demo, evaluation, ended_event):
    url = f"/c/{demo.slug}/events/{ended_event.public_id}/evaluation/"
    response = it_client.post(
        url, {"introduction": "", "items": items_text(evaluation.items), "min_responses": 1}
    )
    assert response.status_code == 400
    evaluation.refresh_from_db()
    assert evaluation.min_responses == 5


def test_items_lock_after_the_first_answer(it_access, evaluation):
    EvaluationResponse.objects.create(evaluation=evaluation, answers={"i1": {"score": 5}})
    with pytest.raises(ValidationError) as error:
        services.evaluation_update(
            access=it_access,
            evaluation=evaluation,
            items_text="scale: Something else",
            introduction="",
            min_responses=5,
        )
    assert "can no longer change" in str(error.value)
    # The threshold may still change.
    services.evaluation_update(
        access=it_access,
        evaluation=evaluation,
        items_text=items_text(evaluation.items),
        introduction="",
        min_responses=8,
    )
    evaluation.refresh_from_db()
    assert evaluation.min_responses == 8


def test_one_evaluation_per_event(it_access, evaluation, ended_event):
    with pytest.raises(ValidationError):
        services.evaluation_create(access=it_access, event=ended_event, source="appendix_f")


@pytest.mark.parametrize("who", ["faculty_client", "center_client"])
def test_only_the_it_builds(request, who, demo, ended_event):
    client = request.getfixturevalue(who)
    url = f"/c/{demo.slug}/events/{ended_event.public_id}/evaluation/"
    assert client.get(url).status_code == 403
    assert client.post(url + "new/", {"source": "appendix_f"}).status_code == 403
    assert not Evaluation.objects.filter(event=ended_event).exists()


def test_parse_round_trips_the_template():
    items = appendix_f_items()
    assert parse_items(items_text(items)) == items
