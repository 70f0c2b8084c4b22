import datetime

import pytest
from django.utils import timezone

from collaboratives.schedule.models import Event
from collaboratives.workplan.models import WorkplanTask

API = "/api/v1/collaboratives/bsc-sel"


def _event_body(**overrides):
    start = timezone.now() + datetime.timedelta(days=20)
    body = {
        "kind": "faculty_call",
        "title": "Faculty huddle",
        "start": start.isoformat(),
        "end": (start + datetime.timedelta(hours=1)).isoformat(),
        "audience": "faculty",
        "facilitators": ["it@demo.test"],
        "agenda": "Rotation\nThemes",
    }
    return body | overrides


def test_member_reads_only_events_they_are_invited_to(center_client, it_client, demo):
    mine = center_client.get(f"{API}/events/?from={demo.start_date}").json()
    kinds = {e["kind"] for e in mine["results"]}
    assert "it_meeting" not in kinds and "all_team_call" in kinds
    everything = it_client.get(f"{API}/events/?from={demo.start_date}").json()
    assert everything["count"] > mine["count"]


def test_events_bad_date_filter_is_400(it_client):
    response = it_client.get(f"{API}/events/?from=soon")
    assert response.status_code == 400 and "from" in response.json()


def test_it_creates_event_and_member_cannot(it_client, center_client, faculty_client):
    response = it_client.post(f"{API}/events/", _event_body(), content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["facilitators"] == ["it@demo.test"]
    event_id = response.json()["id"]
    assert faculty_client.get(f"{API}/events/{event_id}/").status_code == 200
    assert center_client.get(f"{API}/events/{event_id}/").status_code == 404  # not invited
    denied = center_client.post(f"{API}/events/", _event_body(), content_type="application/json")
    assert denied.status_code == 403


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"end": (timezone.now() - datetime.timedelta(days=1)).isoformat()}, "end"),
        ({"audience": "center", "audience_center": None}, "audience_center"),
        ({"audience": "center", "audience_center": "no-such-center"}, "audience_center"),
        ({"facilitators": ["center@demo.test"]}, "facilitators"),
        ({"kind": "party"}, "kind"),
    ],
)
def test_event_create_bad_input_is_400(it_client, overrides, field):
    response = it_client.post(
        f"{API}/events/", _event_body(**overrides), content_type="application/json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not Event.objects.filter(title="Faculty huddle").exists()


def test_moving_event_through_api_lists_moved_tasks(it_client, demo):
    ls3 = demo.events.get(kind="learning_session", number=3)
    start = ls3.start + datetime.timedelta(weeks=2)
    response = it_client.patch(
        f"{API}/events/{ls3.public_id}/",
        {"start": start.isoformat(), "end": (ls3.end + datetime.timedelta(weeks=2)).isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    moved = response.json()["moved_tasks"]
    assert len(moved) == ls3.anchored_tasks.count() > 0


def test_deleting_anchored_event_through_api(it_client, demo):
    ls4 = demo.events.get(kind="learning_session", number=4)
    refused = it_client.delete(f"{API}/events/{ls4.public_id}/")
    assert refused.status_code == 409 and refused.json()["tasks"]
    assert it_client.delete(f"{API}/events/{ls4.public_id}/?convert_tasks=1").status_code == 204
    assert WorkplanTask.objects.filter(
        title__contains="Learning Session 4", anchor_event__isnull=True
    ).exists()


def test_series_api_create_with_clashes_and_bad_rules(it_client, center_client, demo):
    body = {
        "kind": "affinity_call",
        "title": "Cooks' call",
        "rule": "FREQ=MONTHLY;BYDAY=+3FR",
        "first_date": demo.start_date.isoformat(),
        "start_time": "11:00",
        "end_time": "11:45",
        "audience": "affinity_group",
        "audience_center_role": "other_staff",
        "reminder_days": 7,
    }
    assert center_client.get(f"{API}/call-series/").status_code == 200
    assert (
        center_client.post(f"{API}/call-series/", body, content_type="application/json").status_code
        == 403
    )
    for bad, field in (
        ({"rule": "FREQ=WHENEVER"}, "rule"),
        ({"rule": "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=31"}, "rule"),
        ({"rule": "FREQ=WEEKLY", "reminder_days": 8}, "reminder_days"),
        ({"end_time": "10:00"}, "end_time"),
    ):
        response = it_client.post(
            f"{API}/call-series/", body | bad, content_type="application/json"
        )
        assert response.status_code == 400 and field in response.json(), bad
    response = it_client.post(f"{API}/call-series/", body, content_type="application/json")
    assert response.status_code == 201
    data = response.json()
    kinds = {c["kind"] for c in data["clashes"]}
    # Nobody has the "other staff" role yet, and the 3rd Friday is the all-team call's day.
    assert "empty_audience" in kinds and data["events"] > 10


def test_task_api(it_client, center_client, demo):
    listed = center_client.get(f"{API}/workplan-tasks/?overdue=1").json()
    assert listed["count"] == 3
    ls3 = demo.events.get(kind="learning_session", number=3)
    response = it_client.post(
        f"{API}/workplan-tasks/",
        {
            "key_activity": "LS3",
            "title": "Print name tags",
            "anchor_event": str(ls3.public_id),
            "offset_days": -3,
            "owner": "it2@demo.test",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    task_id = response.json()["id"]
    bad = it_client.post(
        f"{API}/workplan-tasks/",
        {"key_activity": "x", "title": "y"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "due_date" in bad.json()
    bad_owner = it_client.post(
        f"{API}/workplan-tasks/",
        {
            "key_activity": "x",
            "title": "y",
            "due_date": str(demo.end_date),
            "owner": "center@demo.test",
        },
        content_type="application/json",
    )
    assert bad_owner.status_code == 400 and "owner" in bad_owner.json()
    done = it_client.patch(
        f"{API}/workplan-tasks/{task_id}/", {"status": "done"}, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["status"] == "done"
    assert (
        center_client.patch(
            f"{API}/workplan-tasks/{task_id}/",
            {"status": "todo"},
            content_type="application/json",
        ).status_code
        == 403
    )


def test_outsider_gets_404_everywhere(outsider_client, demo):
    event = demo.events.first()
    task = WorkplanTask.objects.filter(collaborative=demo).first()
    for url in (
        f"{API}/events/",
        f"{API}/events/{event.public_id}/",
        f"{API}/call-series/",
        f"{API}/workplan-tasks/",
        f"{API}/workplan-tasks/{task.public_id}/",
    ):
        assert outsider_client.get(url).status_code == 404, url
