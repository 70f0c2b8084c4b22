"""Moving a Learning Session: done tasks keep their date and the page says so; the page of
what moved is reached by redirect; a future session lists no center as absent."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from bsc import formatting
from collaboratives.workplan.models import WorkplanTask

pytestmark = pytest.mark.django_db

NY = zoneinfo.ZoneInfo("America/New_York")


@pytest.fixture
def ls3(demo):
    return demo.events.get(kind="learning_session", number=3)


def _move(client, demo, event, weeks: int):
    start = event.start.astimezone(NY) + datetime.timedelta(weeks=weeks)
    end = event.end.astimezone(NY) + datetime.timedelta(weeks=weeks)
    return client.post(
        f"/c/{demo.slug}/events/{event.public_id}/edit/",
        {
            "kind": "learning_session",
            "number": str(event.number),
            "title": event.title,
            "start": start.strftime("%Y-%m-%dT%H:%M"),
            "end": end.strftime("%Y-%m-%dT%H:%M"),
            "audience": "everyone",
            "reminder_days": "14",
            "confirm_clashes": "on",
        },
    )


def test_done_task_keeps_its_date_and_the_page_says_so(it_client, demo, ls3):
    done = ls3.anchored_tasks.order_by("pk").first()
    done.status = WorkplanTask.Status.DONE
    done.completed_at = timezone.now()
    done.save(update_fields=["status", "completed_at"])
    was_due = done.due_date
    todo = ls3.anchored_tasks.exclude(pk=done.pk).exclude(status="done").first()
    todo_due = todo.due_date

    response = _move(it_client, demo, ls3, weeks=2)
    body = it_client.get(response["Location"]).content.decode()

    done.refresh_from_db()
    todo.refresh_from_db()
    assert done.due_date == was_due
    assert todo.due_date == todo_due + datetime.timedelta(weeks=2)
    would = formatting.day(was_due + datetime.timedelta(weeks=2))
    assert f"Already done: kept its date (it would now be due {would})" in body


def test_reloading_what_moved_does_not_move_again(it_client, demo, ls3):
    response = _move(it_client, demo, ls3, weeks=1)
    assert response.status_code == 302
    ls3.refresh_from_db()
    moved_start = ls3.start

    for _reload in range(2):
        page = it_client.get(response["Location"])
        assert page.status_code == 200 and "What moved" in page.content.decode()

    ls3.refresh_from_db()
    assert ls3.start == moved_start


def test_what_moved_without_a_move_goes_to_the_event(it_client, demo, ls3):
    response = it_client.get(f"/c/{demo.slug}/events/{ls3.public_id}/moved/")
    assert response.status_code == 302
    assert response["Location"] == ls3.get_absolute_url()


def test_future_session_shows_no_center_absent(it_client, demo):
    future = (
        demo.events.filter(kind="learning_session", start__gt=timezone.now())
        .order_by("start")
        .first()
    )
    future.attendance.all().delete()

    body = it_client.get(future.get_absolute_url()).content.decode()

    assert "not yet held" in body
    assert "absent" not in body


def test_past_session_still_shows_absent_centers(it_client, demo):
    past = demo.events.filter(kind="learning_session", end__lt=timezone.now()).first()
    past.attendance.all().delete()

    body = it_client.get(past.get_absolute_url()).content.decode()

    assert "absent" in body and "not yet held" not in body


def test_series_what_moved_page_reads_the_last_change(it_client, center_client, demo):
    series = demo.call_series.get(title="All-team call")
    session = it_client.session
    session["schedule.moved"] = {
        "key": str(series.public_id),
        "tasks": [
            {
                "title": "Send the call agenda",
                "owner": "",
                "old_due": "2026-03-02",
                "new_due": "2026-03-09",
                "kept": False,
            }
        ],
    }
    session.save()

    body = it_client.get(f"/c/{demo.slug}/series/{series.public_id}/moved/").content.decode()

    assert "The series changed" in body and "Send the call agenda" in body
    assert "Mar 9, 2026" in body
    assert center_client.get(f"/c/{demo.slug}/series/{series.public_id}/moved/").status_code == 403
