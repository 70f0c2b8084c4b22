import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from bsc import formatting
from bsc.tenancy import get_access
from collaboratives.schedule import services as schedule_services
from collaboratives.schedule.models import Event
from collaboratives.workplan import services as workplan_services
from collaboratives.workplan.models import WorkplanTask
from collaboratives.workplan.template import template_apply

NY = zoneinfo.ZoneInfo("America/New_York")


@pytest.fixture
def it_access(it_user, demo):
    return get_access(it_user, demo.slug)


@pytest.fixture
def ls2(demo):
    return demo.events.get(kind="learning_session", number=2)


@pytest.fixture
def ls3(demo):
    return demo.events.get(kind="learning_session", number=3)


def test_demo_workplan_follows_the_template(demo, ls3):
    tasks = WorkplanTask.objects.filter(collaborative=demo)
    logistics = tasks.get(anchor_event=ls3, template_key="ls-logistics")
    assert logistics.offset_days == -112
    assert logistics.anchor_label == "16 weeks before Learning Session 3"
    assert logistics.due_date == ls3.start.astimezone(NY).date() - datetime.timedelta(weeks=16)
    offsets = set(tasks.filter(anchor_event=ls3).values_list("offset_days", flat=True))
    assert {-112, -56, -28, -21, -14, 14} <= offsets
    call = demo.events.filter(kind="all_team_call").first()
    assert set(tasks.filter(anchor_event=call).values_list("offset_days", flat=True)) == {
        -14,
        -7,
        14,
    }
    assert tasks.filter(status="done").exists() and tasks.exclude(status="done").exists()
    assert tasks.filter(source_event__kind="it_meeting").exists()


def test_template_runs_twice_without_duplicates(it_access):
    assert template_apply(access=it_access) == 0


def test_moving_learning_session_redates_anchored_tasks(it_access, ls3):
    anchored = {t.pk: t.due_date for t in ls3.anchored_tasks.all()}
    moved = schedule_services.event_move(
        access=it_access, event=ls3, by=datetime.timedelta(weeks=2)
    )
    assert {m.task.pk for m in moved} == set(anchored)
    for task in ls3.anchored_tasks.all():
        # A task already done keeps its date (it is listed as kept).
        shift = datetime.timedelta(0) if task.is_done else datetime.timedelta(weeks=2)
        assert task.due_date == anchored[task.pk] + shift
    assert {m.task.pk for m in moved if m.kept} == {
        t.pk for t in ls3.anchored_tasks.all() if t.is_done
    }


def test_it_moves_event_in_browser_form_and_sees_what_moved(it_client, demo, ls3):
    start = ls3.start.astimezone(NY) + datetime.timedelta(weeks=2)
    end = ls3.end.astimezone(NY) + datetime.timedelta(weeks=2)
    response = it_client.post(
        f"/c/{demo.slug}/events/{ls3.public_id}/edit/",
        {
            "kind": "learning_session",
            "number": "3",
            "title": ls3.title,
            "start": start.strftime("%Y-%m-%dT%H:%M"),
            "end": end.strftime("%Y-%m-%dT%H:%M"),
            "audience": "everyone",
            "reminder_days": "14",
            "confirm_clashes": "on",
        },
    )
    # Redirect after POST: a reload of the page shows what moved, it does not move it again.
    assert response.status_code == 302
    assert response["Location"] == f"/c/{demo.slug}/events/{ls3.public_id}/moved/"
    body = it_client.get(response["Location"]).content.decode()
    assert "What moved" in body
    assert body.count("<tr") - 1 == ls3.anchored_tasks.count()  # done ones are rows too
    ls3.refresh_from_db()
    assert ls3.start.astimezone(NY).hour == 9


def test_task_anchored_to_event_then_event_deleted_is_refused_or_converted(it_access, ls3):
    count = ls3.anchored_tasks.count()
    assert count
    with pytest.raises(schedule_services.AnchoredTasksExist) as refused:
        schedule_services.event_delete(access=it_access, event=ls3)
    assert len(refused.value.tasks) == count
    dates = dict(ls3.anchored_tasks.values_list("pk", "due_date"))
    converted = schedule_services.event_delete(access=it_access, event=ls3, convert_tasks=True)
    assert converted == count
    for pk, due in dates.items():
        task = WorkplanTask.objects.get(pk=pk)
        assert task.anchor_event_id is None and task.due_date == due


def test_delete_page_lists_anchored_tasks_and_keeps_them(it_client, demo, ls3):
    page = it_client.get(f"/c/{demo.slug}/events/{ls3.public_id}/delete/")
    assert "anchored to this event" in page.content.decode()
    refused = it_client.post(f"/c/{demo.slug}/events/{ls3.public_id}/delete/")
    assert refused.status_code == 409
    assert Event.objects.filter(pk=ls3.pk).exists()
    count = ls3.anchored_tasks.count()
    before = WorkplanTask.objects.count()
    done = it_client.post(f"/c/{demo.slug}/events/{ls3.public_id}/delete/", {"convert": "1"})
    assert done.status_code == 302
    assert not Event.objects.filter(pk=ls3.pk).exists()
    assert WorkplanTask.objects.count() == before and count


def test_task_bad_input(it_access, demo, other_collaborative):
    with pytest.raises(ValidationError) as error:
        workplan_services.task_create(access=it_access, key_activity="A", title="No date")
    assert "due_date" in error.value.message_dict
    foreign = Event.objects.create(
        collaborative=other_collaborative,
        kind="other",
        title="Theirs",
        start=timezone.now(),
        end=timezone.now() + datetime.timedelta(hours=1),
    )
    with pytest.raises(ValidationError) as error:
        workplan_services.task_create(
            access=it_access, key_activity="A", title="X", anchor_event=foreign
        )
    assert "anchor_event" in error.value.message_dict


def test_task_form_errors(it_client, demo):
    response = it_client.post(
        f"/c/{demo.slug}/workplan/new/", {"key_activity": "A", "title": "T", "status": "todo"}
    )
    assert response.status_code == 200
    assert "Give a due date, or anchor the task to an event." in response.content.decode()


def test_task_form_anchors_with_offset(it_client, demo, ls3):
    response = it_client.post(
        f"/c/{demo.slug}/workplan/new/",
        {
            "key_activity": "Plan LS3",
            "title": "Book the caterer",
            "status": "todo",
            "anchor_event": str(ls3.public_id),
            "offset_weeks": "-6",
            "offset_extra_days": "0",
        },
    )
    assert response.status_code == 302
    task = WorkplanTask.objects.get(title="Book the caterer")
    assert task.due_date == ls3.start.astimezone(NY).date() - datetime.timedelta(weeks=6)
    assert task.anchor_label == "6 weeks before Learning Session 3"


@pytest.mark.parametrize("view", ["phase", "week", "two_weeks", "month", "overdue", "mine"])
def test_workplan_views(it_client, demo, view):
    response = it_client.get(f"/c/{demo.slug}/workplan/?view={view}")
    assert response.status_code == 200
    body = response.content.decode()
    if view == "phase":
        assert "Action Period 2" in body and "Plan for and conduct Learning Session 3" in body
    if view == "overdue":
        assert body.count('class="task overdue"') == 3


def test_mine_shows_only_my_open_tasks(it_client, it_user, demo):
    body = it_client.get(f"/c/{demo.slug}/workplan/?view=mine").content.decode()
    others = WorkplanTask.objects.filter(collaborative=demo).exclude(owner=it_user)
    mine = WorkplanTask.objects.filter(collaborative=demo, owner=it_user).exclude(status="done")
    assert body.count('<tr id="task-') == mine.count()
    assert str(others.exclude(status="done").first().public_id) not in body


def test_htmx_check_off(it_client, demo):
    task = WorkplanTask.objects.filter(collaborative=demo, status="todo").first()
    response = it_client.post(
        f"/c/{demo.slug}/workplan/{task.public_id}/toggle/", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.strip().startswith(f'<tr id="task-{task.public_id}"') and "<html" not in body
    task.refresh_from_db()
    assert task.status == "done" and task.completed_at
    it_client.post(f"/c/{demo.slug}/workplan/{task.public_id}/toggle/")
    task.refresh_from_db()
    assert task.status == "todo" and task.completed_at is None


def test_workplan_permissions(client_for, demo, center_user, faculty_user, outsider):
    task = WorkplanTask.objects.filter(collaborative=demo).first()
    for user in (center_user, faculty_user):
        client = client_for(user)
        assert client.get(f"/c/{demo.slug}/workplan/").status_code == 200
        assert client.post(f"/c/{demo.slug}/workplan/{task.public_id}/toggle/").status_code == 403
        assert client.get(f"/c/{demo.slug}/workplan/new/").status_code == 403
    outsider_client = client_for(outsider)
    assert outsider_client.get(f"/c/{demo.slug}/workplan/").status_code == 404
    assert (
        outsider_client.post(f"/c/{demo.slug}/workplan/{task.public_id}/toggle/").status_code == 404
    )


def test_workplan_page_queries_do_not_grow(
    it_client, it_access, demo, django_assert_max_num_queries
):
    with django_assert_max_num_queries(14):
        it_client.get(f"/c/{demo.slug}/workplan/?view=phase")
    ls4 = demo.events.get(kind="learning_session", number=4)
    for n in range(60):
        workplan_services.task_create(
            access=it_access,
            key_activity=f"Extra {n % 5}",
            title=f"Extra {n}",
            anchor_event=ls4,
            offset_days=-n,
            owner=it_access.user,
        )
    with django_assert_max_num_queries(14):
        it_client.get(f"/c/{demo.slug}/workplan/?view=phase")


def test_notes_decisions_action_items_and_attendance(it_client, demo, it_user):
    meeting = demo.events.filter(kind="it_meeting", start__lt=timezone.now()).last()
    url = f"/c/{demo.slug}/events/{meeting.public_id}/notes/"
    it_client.post(url, {"what": "decision", "text": "Keep Friday calls", "status": "open"})
    it_client.post(
        f"/c/{demo.slug}/events/{meeting.public_id}/action-items/",
        {
            "title": "Write to centers",
            "owner": str(it_user.pk),
            "due_date": f"{timezone.localdate() + datetime.timedelta(days=30):%Y-%m-%d}",
        },
    )
    it_client.post(url, {"what": "attendance", "attended": [str(it_user.pk)]})
    it_client.post(url, {"what": "notes", "notes": "Short meeting."})
    page = it_client.get(f"/c/{demo.slug}/events/{meeting.public_id}/").content.decode()
    assert "Keep Friday calls" in page and "Still open" in page
    assert "Write to centers" in page and "Short meeting." in page
    task = WorkplanTask.objects.get(title="Write to centers")
    assert task.source_event_id == meeting.pk and task.owner == it_user
    assert meeting.attendance.filter(user=it_user).exists()
    bad = it_client.post(url, {"what": "action", "title": "", "owner": "", "due_date": ""})
    assert bad.status_code == 302
    assert not WorkplanTask.objects.filter(title="").exists()


def test_what_moved_page_says_when_the_reminder_goes(it_client, demo, ls3):
    start = ls3.start.astimezone(NY) + datetime.timedelta(weeks=2)
    end = ls3.end.astimezone(NY) + datetime.timedelta(weeks=2)
    body = it_client.post(
        f"/c/{demo.slug}/events/{ls3.public_id}/edit/",
        {
            "kind": "learning_session",
            "number": "3",
            "title": ls3.title,
            "start": start.strftime("%Y-%m-%dT%H:%M"),
            "end": end.strftime("%Y-%m-%dT%H:%M"),
            "audience": "everyone",
            "reminder_days": "14",
            "confirm_clashes": "on",
        },
        follow=True,
    ).content.decode()
    reminder = formatting.day(start - datetime.timedelta(days=14))
    assert f"The reminder for the new date goes out on {reminder}" in body


def test_series_edit_page_asks_about_future_calls(it_client, demo):
    series = demo.call_series.get(title="All-team call")
    page = it_client.get(f"/c/{demo.slug}/series/{series.public_id}/edit/").content.decode()
    assert "Change the future calls of this series?" in page
    response = it_client.post(
        f"/c/{demo.slug}/series/{series.public_id}/edit/",
        {
            "kind": "all_team_call",
            "title": "All-team call",
            "rule": series.rule,
            "first_date": series.first_date.isoformat(),
            "start_time": "12:00",
            "end_time": "12:45",
            "audience": "everyone",
            "reminder_days": "7",
            "scope": "unchanged",
        },
    )
    assert response.status_code in (200, 302)
    future = series.events.filter(start__gt=timezone.now())
    assert {e.start.astimezone(NY).hour for e in future} == {12}
    past = series.events.filter(start__lt=timezone.now() - datetime.timedelta(days=1))
    assert {e.start.astimezone(NY).hour for e in past} == {11}
    missing_scope = it_client.post(
        f"/c/{demo.slug}/series/{series.public_id}/edit/",
        {
            "kind": "all_team_call",
            "title": "X",
            "rule": series.rule,
            "first_date": series.first_date.isoformat(),
            "start_time": "12:00",
            "end_time": "12:45",
            "audience": "everyone",
            "reminder_days": "7",
        },
    )
    assert missing_scope.status_code == 200 and "This field is required" in (
        missing_scope.content.decode()
    )


def test_event_detail_queries_do_not_grow(it_client, demo, django_assert_max_num_queries):
    call = demo.events.filter(kind="all_team_call").first()
    with django_assert_max_num_queries(20):
        assert it_client.get(f"/c/{demo.slug}/events/{call.public_id}/").status_code == 200


def test_htmx_toggle_with_an_unknown_status_shows_the_error_in_the_row(it_client, demo):
    task = WorkplanTask.objects.filter(collaborative=demo).order_by("pk").first()
    before = task.status
    response = it_client.post(
        f"/c/{demo.slug}/workplan/{task.public_id}/toggle/",
        {"status": "party"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Unknown status." in response.content.decode()
    task.refresh_from_db()
    assert task.status == before


def test_each_row_links_to_its_own_task_on_the_page_and_after_a_check_off(it_client, demo):
    import re

    body = it_client.get(f"/c/{demo.slug}/workplan/?view=phase").content.decode()
    rows = re.findall(r'<tr id="task-([0-9a-f-]+)".*?</tr>', body, flags=re.S)
    assert rows
    for public_id in rows:
        start = body.index(f'<tr id="task-{public_id}"')
        row = body[start : body.index("</tr>", start)]
        toggle = f"/c/{demo.slug}/workplan/{public_id}/toggle/"
        assert f'action="{toggle}" hx-post="{toggle}"' in row
        assert f'href="/c/{demo.slug}/workplan/{public_id}/edit/"' in row
    task = WorkplanTask.objects.filter(collaborative=demo, status="todo").first()
    toggle = f"/c/{demo.slug}/workplan/{task.public_id}/toggle/"
    row = it_client.post(toggle, HTTP_HX_REQUEST="true").content.decode()
    assert f'hx-post="{toggle}"' in row
    assert f'href="/c/{demo.slug}/workplan/{task.public_id}/edit/"' in row
