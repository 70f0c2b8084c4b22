"""Dates far outside the collaborative's years are refused with a message, never stored."""

import datetime

import pytest
from django.utils import timezone

from collaboratives.schedule.models import CallSeries, Event
from collaboratives.workplan.models import WorkplanTask

API = "/api/v1/collaboratives/bsc-sel"
OUTSIDE = "the collaborative&#x27;s years"


def _event_body(**overrides):
    start = timezone.now() + datetime.timedelta(days=20)
    body = {
        "kind": "faculty_call",
        "title": "Far-away huddle",
        "start": start.isoformat(),
        "end": (start + datetime.timedelta(hours=1)).isoformat(),
        "audience": "faculty",
    }
    return body | overrides


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"start": "0001-01-01T12:00:00Z", "end": "0001-01-01T13:00:00Z"}, "start"),
        ({"start": "9999-12-31T10:00:00Z", "end": "9999-12-31T11:00:00Z"}, "start"),
        ({"end": "9999-12-31T23:00:00Z"}, "end"),
    ],
)
def test_event_api_refuses_dates_outside_the_collaborative(it_client, demo, overrides, field):
    response = it_client.post(
        f"{API}/events/", _event_body(**overrides), content_type="application/json"
    )
    assert response.status_code == 400
    assert "the collaborative's years" in response.json()[field][0]
    assert not Event.objects.filter(title="Far-away huddle").exists()
    # The pages that list and date events still work for everyone.
    assert it_client.get(f"/c/{demo.slug}/events/?show=past").status_code == 200


def test_event_api_refuses_moving_an_event_out_of_range(it_client, demo):
    event = demo.events.filter(kind="all_team_call").order_by("start").first()
    before = (event.start, event.end)
    response = it_client.patch(
        f"{API}/events/{event.public_id}/",
        {"start": "0001-01-01T12:00:00Z", "end": "0001-01-01T13:00:00Z"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "start" in response.json()
    event.refresh_from_db()
    assert (event.start, event.end) == before
    assert it_client.get(event.get_absolute_url()).status_code == 200


def test_event_form_refuses_year_one(it_client, demo):
    response = it_client.post(
        f"/c/{demo.slug}/events/new/",
        {
            "kind": "center_consultation",
            "title": "Far-away consultation",
            "start": "0001-01-01T10:00",
            "end": "0001-01-01T11:00",
            "audience": "center",
            "audience_center": "sunrise",
            "reminder_days": "7",
            "confirm_clashes": "on",
        },
    )
    assert response.status_code == 200
    assert OUTSIDE in response.content.decode()
    assert not demo.events.filter(title="Far-away consultation").exists()


def test_series_api_refuses_a_first_date_in_year_one(it_client, demo):
    response = it_client.post(
        f"{API}/call-series/",
        {
            "kind": "faculty_call",
            "title": "Ancient calls",
            "rule": "weekly",
            "first_date": "0001-01-01",
            "start_time": "10:00",
            "end_time": "11:00",
            "audience": "faculty",
        },
        content_type="application/json",
    )
    assert response.status_code == 400, response.json()
    assert "first_date" in response.json()
    assert not CallSeries.objects.filter(title="Ancient calls").exists()


@pytest.mark.parametrize("offset", [10**9, -(10**9), 800])
def test_task_api_refuses_an_offset_beyond_two_years(it_client, demo, offset):
    ls3 = demo.events.get(kind="learning_session", number=3)
    response = it_client.post(
        f"{API}/workplan-tasks/",
        {
            "key_activity": "LS3",
            "title": "Far-off task",
            "anchor_event": str(ls3.public_id),
            "offset_days": offset,
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "at most 730 days" in response.json()["offset_days"][0]
    assert not WorkplanTask.objects.filter(title="Far-off task").exists()


def test_task_api_refuses_a_due_date_outside_the_collaborative(it_client, demo):
    response = it_client.post(
        f"{API}/workplan-tasks/",
        {"key_activity": "x", "title": "Far-off task", "due_date": "0001-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "the collaborative's years" in response.json()["due_date"][0]
    assert not WorkplanTask.objects.filter(title="Far-off task").exists()


@pytest.mark.parametrize("month", ["9999-12", "1-1", "0001-01", "2026-13", "banana"])
def test_calendar_refuses_months_it_cannot_show(center_client, demo, month):
    response = center_client.get(f"/c/{demo.slug}/calendar/?month={month}")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="errorlist" role="alert"' in body
    assert OUTSIDE in body or "Give the month as YYYY-MM" in body


def test_calendar_stops_at_the_edges_of_the_range(center_client, demo):
    last = f"{demo.end_date.year + 2}-12"
    body = center_client.get(f"/c/{demo.slug}/calendar/?month={last}").content.decode()
    assert 'rel="next"' not in body and 'rel="prev"' in body
    assert "errorlist" not in body
