import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from bsc.tenancy import get_access
from collaboratives.schedule import series as series_services
from collaboratives.schedule import services as schedule_services
from collaboratives.schedule.clashes import Candidate, find_clashes
from collaboratives.schedule.models import Event
from collaboratives.schedule.recurrence import RecurrenceError, occurrences
from collaboratives.workplan import services as workplan_services

NY = zoneinfo.ZoneInfo("America/New_York")


@pytest.fixture
def it_access(it_user, demo):
    return get_access(it_user, demo.slug)


def series_data(**overrides):
    data = {
        "kind": "all_team_call",
        "title": "Coaching call",
        "rule": "FREQ=MONTHLY;BYDAY=+3FR",
        "first_date": timezone.localdate() + datetime.timedelta(days=1),
        "until": None,
        "start_time": datetime.time(11, 0),
        "end_time": datetime.time(11, 45),
        "location": "",
        "video_url": "https://video.example.org/x",
        "audience": "everyone",
        "audience_center_role": "",
        "audience_center": None,
        "agenda": "Welcome",
        "discussion_questions": "What did you test?",
        "reminder_days": 7,
    }
    return data | overrides


def test_third_friday_keeps_local_time_across_daylight_saving():
    found = occurrences(
        rule="FREQ=MONTHLY;BYDAY=+3FR",
        first_date=datetime.date(2027, 1, 1),
        until=datetime.date(2027, 12, 31),
        start_time=datetime.time(11, 0),
        end_time=datetime.time(11, 45),
        tz_name="America/New_York",
    )
    by_month = {start.astimezone(NY).month: start for _key, start, _end in found}
    for month in (2, 3, 10, 11):
        local = by_month[month].astimezone(NY)
        assert (local.hour, local.minute) == (11, 0), month
        assert local.weekday() == 4 and 15 <= local.day <= 21
    # Same wall-clock time, different UTC hours: EST (UTC-5) in Feb and Nov, EDT in Mar and Oct.
    assert by_month[2].hour == 16 and by_month[11].hour == 16
    assert by_month[3].hour == 15 and by_month[10].hour == 15


@pytest.mark.parametrize(
    "rule",
    ["FREQ=SOMETIMES", "BYDAY=+3FR", "FREQ=MONTHLY;BYDAY=+9XX", "not a rule", ""],
)
def test_invalid_rule_is_refused(rule):
    with pytest.raises(RecurrenceError):
        occurrences(
            rule=rule,
            first_date=datetime.date(2027, 1, 1),
            until=datetime.date(2027, 12, 31),
            start_time=datetime.time(11),
            end_time=datetime.time(12),
            tz_name="America/New_York",
        )


def test_rule_that_generates_nothing_is_refused():
    with pytest.raises(RecurrenceError, match="no call"):
        occurrences(
            rule="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
            first_date=datetime.date(2027, 1, 1),
            until=datetime.date(2027, 12, 31),
            start_time=datetime.time(11),
            end_time=datetime.time(12),
            tz_name="America/New_York",
        )


def test_series_creates_events_in_the_collaborative(it_access, demo):
    series, events = series_services.series_create(access=it_access, **series_data())
    assert len(events) >= 5
    assert all(e.collaborative_id == demo.pk and e.series_id == series.pk for e in events)
    assert all(e.start.astimezone(NY).hour == 11 for e in events)
    assert all(e.end > e.start for e in events)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"rule": "FREQ=NEVER"}, "rule"),
        ({"rule": "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=31"}, "rule"),
        ({"end_time": datetime.time(10, 0)}, "end_time"),
        ({"rule": "FREQ=WEEKLY;BYDAY=MO", "reminder_days": 7}, "reminder_days"),
        ({"rule": "FREQ=DAILY", "reminder_days": 1}, "reminder_days"),
        ({"audience": "affinity_group"}, "audience_center_role"),
        ({"audience": "center"}, "audience_center"),
    ],
)
def test_series_bad_input_is_a_field_error(it_access, overrides, field):
    before = Event.objects.count()
    with pytest.raises(ValidationError) as error:
        series_services.series_create(access=it_access, **series_data(**overrides))
    assert field in error.value.message_dict
    assert Event.objects.count() == before


def test_one_occurrence_moves_and_another_is_cancelled_without_breaking_the_series(it_access):
    series, events = series_services.series_create(access=it_access, **series_data())
    moved, cancelled = events[1], events[2]
    schedule_services.event_move(access=it_access, event=moved, by=datetime.timedelta(days=3))
    schedule_services.event_cancel(access=it_access, event=cancelled)
    moved.refresh_from_db()
    assert moved.detached and moved.series_id == series.pk
    # Editing the series, sparing calls changed one by one.
    change = series_services.series_update(
        access=it_access,
        series=series,
        scope="unchanged",
        start_time=datetime.time(10, 0),
        end_time=datetime.time(10, 45),
    )
    assert change.kept == 2
    moved.refresh_from_db()
    cancelled.refresh_from_db()
    assert moved.start.astimezone(NY).hour == 11  # left as it was moved
    assert cancelled.cancelled
    others = series.events.exclude(pk__in=[moved.pk, cancelled.pk])
    assert {e.start.astimezone(NY).hour for e in others} == {10}
    # "All" brings the one-by-one changes back into the series.
    series_services.series_update(access=it_access, series=series, scope="all")
    cancelled.refresh_from_db()
    assert not cancelled.cancelled
    assert {e.start.astimezone(NY).hour for e in series.events.all()} == {10}


def test_series_edit_scope_none_leaves_future_calls(it_access):
    series, events = series_services.series_create(access=it_access, **series_data())
    series_services.series_update(access=it_access, series=series, scope="none", title="Renamed")
    assert series.events.filter(title="Coaching call").count() == len(events)


def test_series_new_rule_removes_and_adds_future_calls_keeping_anchored_tasks(it_access):
    series, events = series_services.series_create(access=it_access, **series_data())
    task = workplan_services.task_create(
        access=it_access,
        key_activity="Calls",
        title="Agenda",
        anchor_event=events[0],
        offset_days=-14,
    )
    series_services.series_update(
        access=it_access, series=series, scope="all", rule="FREQ=MONTHLY;BYDAY=+1MO"
    )
    task.refresh_from_db()
    assert task.anchor_event_id is None  # its call is gone; the task kept its date
    assert {e.start.astimezone(NY).weekday() for e in series.events.all()} == {0}


def _candidate(day, **kw):
    start = datetime.datetime.combine(day, datetime.time(11), tzinfo=NY)
    return Candidate(
        title="Test call",
        kind=kw.pop("kind", "all_team_call"),
        start=start,
        end=start + datetime.timedelta(minutes=45),
        audience=kw.pop("audience", "everyone"),
        **kw,
    )


def test_clash_on_public_holiday(demo):
    year = demo.start_date.year + 1
    clashes = find_clashes(demo, [_candidate(datetime.date(year, 7, 4))])
    assert any(c.kind == "holiday" and "Independence" in c.message for c in clashes)


def test_clash_outside_the_collaborative(demo):
    clashes = find_clashes(demo, [_candidate(demo.end_date + datetime.timedelta(days=10))])
    assert [c.kind for c in clashes if c.kind == "outside"] == ["outside"]


def test_clash_with_learning_session(demo):
    session = demo.events.get(kind="learning_session", number=3)
    clashes = find_clashes(demo, [_candidate(session.start.astimezone(NY).date())])
    assert any(c.kind == "learning_session" and "Learning Session 3" in c.message for c in clashes)


def test_clash_same_person_two_calls_in_a_week(demo):
    all_team = demo.events.filter(kind="all_team_call", start__gt=timezone.now()).first()
    day = all_team.start.astimezone(NY).date() - datetime.timedelta(days=1)
    clashes = find_clashes(demo, [_candidate(day)])
    double = [c for c in clashes if c.kind == "double_booked"]
    all_team_clash = [c for c in double if "All-team call" in c.message]
    assert all_team_clash and all_team_clash[0].people


def test_empty_audience_is_warned(demo):
    clashes = find_clashes(
        demo,
        [
            _candidate(
                demo.start_date + datetime.timedelta(days=30),
                audience="affinity_group",
                audience_center_role="other_staff",
            )
        ],
    )
    assert "empty_audience" in [c.kind for c in clashes]


def test_series_page_flags_clashes_and_form_shows_them(it_client, demo):
    session = demo.events.get(kind="learning_session", number=3)
    day = session.start.astimezone(NY).date()
    response = it_client.post(
        f"/c/{demo.slug}/series/new/",
        {
            "kind": "senior_leader_call",
            "title": "Leaders' huddle",
            "rule": "FREQ=WEEKLY;BYDAY="
            + ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][day.weekday()],
            "first_date": day.isoformat(),
            "until": (day + datetime.timedelta(weeks=3)).isoformat(),
            "start_time": "11:00",
            "end_time": "11:30",
            "audience": "affinity_group",
            "audience_center_role": "senior_leader",
            "reminder_days": "2",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "clashes found" in body and "Learning Session 3" in body
    assert not demo.call_series.filter(title="Leaders' huddle").exists()
    response = it_client.post(
        f"/c/{demo.slug}/series/new/",
        {
            "kind": "senior_leader_call",
            "title": "Leaders' huddle",
            "rule": "FREQ=WEEKLY;BYDAY="
            + ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][day.weekday()],
            "first_date": day.isoformat(),
            "until": (day + datetime.timedelta(weeks=3)).isoformat(),
            "start_time": "11:00",
            "end_time": "11:30",
            "audience": "affinity_group",
            "audience_center_role": "senior_leader",
            "reminder_days": "2",
            "confirm_clashes": "on",
        },
    )
    series = demo.call_series.get(title="Leaders' huddle")
    assert response.status_code == 302 and response["Location"] == series.get_absolute_url()
    page = it_client.get(series.get_absolute_url()).content.decode()
    assert "Learning Session 3" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"rule": "FREQ=OFTEN"}, "not valid"),
        ({"rule": "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=31"}, "generates no call"),
        ({"end_time": "10:00"}, "end time must be after"),
        ({"rule": "FREQ=WEEKLY;BYDAY=MO", "reminder_days": "10"}, "longer than"),
    ],
)
def test_series_form_shows_field_errors(it_client, demo, data, message):
    post = {
        "kind": "all_team_call",
        "title": "Bad",
        "rule": "FREQ=MONTHLY;BYDAY=+3FR",
        "first_date": demo.start_date.isoformat(),
        "start_time": "11:00",
        "end_time": "11:45",
        "audience": "everyone",
        "reminder_days": "7",
    } | data
    response = it_client.post(f"/c/{demo.slug}/series/new/", post)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not demo.call_series.filter(title="Bad").exists()


def test_series_pages_permissions(client_for, demo, center_user, outsider, faculty_user):
    series = demo.call_series.first()
    for user, expected in ((center_user, 403), (faculty_user, 403), (outsider, 404)):
        client = client_for(user)
        assert client.get(f"/c/{demo.slug}/series/{series.public_id}/").status_code == expected
        assert client.get(f"/c/{demo.slug}/series/new/").status_code == expected
