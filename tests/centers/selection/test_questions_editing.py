"""The IT edits its questionnaire from Appendix I; submitted applications keep theirs."""

import pytest

pytestmark = pytest.mark.django_db


def _post_all(period, **changes):
    data = {}
    for index, q in enumerate(period.questions):
        p = f"{q['key']}-"
        data.update(
            {
                p + "position": str(index + 1),
                p + "part": q["part"],
                p + "title": q["title"],
                p + "prompt": q["prompt"],
                p + "word_limit": str(q["word_limit"] or ""),
            }
        )
        if q.get("required"):
            data[p + "required"] = "on"
    data.update(changes)
    return data


def test_reorder_reword_drop_and_add(demo, open_period, it_client, submitted, client, apply_url):
    url = f"/c/{demo.slug}/selection/{open_period.public_id}/questions/"
    assert it_client.get(url).status_code == 200
    response = it_client.post(
        url,
        _post_all(
            open_period,
            **{
                "goals-position": "0",
                "goals-title": "What you hope to achieve",
                "author-remove": "on",
                "new-title": "Coverage plan",
                "new-prompt": "How will classrooms be covered during Learning Sessions?",
                "new-word_limit": "150",
                "new-part": "3",
                "new-position": "100",
                "readiness": (
                    "Staff have had prior training in the Pyramid Model\nA data point person"
                ),
            },
        ),
    )
    assert response.status_code == 302
    open_period.refresh_from_db()
    keys = [q["key"] for q in open_period.questions]
    assert keys[0] == "goals" and "author" not in keys and keys[-1] == "coverage_plan"
    assert open_period.questions[0]["title"] == "What you hope to achieve"
    assert [i["key"] for i in open_period.readiness_items] == [
        "pyramid_training",
        "a_data_point_person",
    ]
    page = client.get(apply_url(open_period)).content.decode()
    assert "Coverage plan" in page and "Up to 150 words." in page
    # The application submitted before keeps the questions it answered.
    submitted.refresh_from_db()
    assert "author" in [q["key"] for q in submitted.submitted_questions]


def test_bad_rows_are_refused_in_place(demo, open_period, it_client, faculty_client):
    url = f"/c/{demo.slug}/selection/{open_period.public_id}/questions/"
    response = it_client.post(
        url, _post_all(open_period, **{"goals-word_limit": "lots", "strengths-title": ""})
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "A word limit is a whole number" in body
    assert "Give the question a title." in body
    assert 'value="lots"' in body
    assert faculty_client.get(url).status_code == 403
