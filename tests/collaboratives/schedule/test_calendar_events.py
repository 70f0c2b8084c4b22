import datetime
import zoneinfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from bsc.tenancy import get_access
from collaboratives.schedule import services as schedule
from collaboratives.schedule.models import CalendarFeed, Event

NY = zoneinfo.ZoneInfo("America/New_York")
# After the demo collaborative ends (ten months from now), within the dates it may carry.
LATER = f"{timezone.localdate() + datetime.timedelta(days=500):%Y-%m-%d}"


def _next(demo, kind, **lookup):
    return (
        demo.events.filter(kind=kind, start__gt=timezone.now(), **lookup).order_by("start").first()
    )


def test_center_member_calendar_shows_only_invited_events(center_client, demo):
    call = _next(demo, "all_team_call")
    month = call.start.astimezone(NY).strftime("%Y-%m")
    body = center_client.get(f"/c/{demo.slug}/calendar/?month={month}").content.decode()
    assert "All-team call" in body and "Team leaders&#x27; call" in body
    assert "IT meeting" not in body and "Teachers&#x27; affinity call" not in body
    listing = center_client.get(f"/c/{demo.slug}/calendar/?month={month}&view=list")
    assert str(call.public_id) in listing.content.decode()


def test_calendar_bad_month_falls_back_to_this_month(center_client, demo):
    response = center_client.get(f"/c/{demo.slug}/calendar/?month=banana")
    assert response.status_code == 200


def test_calendar_query_count_is_fixed(it_client, demo, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        assert it_client.get(f"/c/{demo.slug}/calendar/").status_code == 200


def test_personal_feed_create_use_and_revoke(center_client, center_user, client, demo):
    center_client.post(f"/c/{demo.slug}/calendar/feed/renew/")
    feed = CalendarFeed.objects.get(user=center_user, revoked_at__isnull=True)
    url = f"/c/{demo.slug}/calendar/feed/{feed.token}.ics"
    assert url in center_client.get(f"/c/{demo.slug}/calendar/").content.decode()
    response = client.get(url)  # a calendar app: no session
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    titles = {str(item["summary"]) for item in calendar.walk("VEVENT")}
    assert "All-team call" in titles and "IT meeting" not in titles
    call = _next(demo, "all_team_call")
    item = next(i for i in calendar.walk("VEVENT") if str(i["uid"]).startswith(str(call.public_id)))
    assert item.decoded("dtstart").astimezone(NY).hour == 11
    center_client.post(f"/c/{demo.slug}/calendar/feed/revoke/")
    assert client.get(url).status_code == 404
    # A feed token does not open another collaborative.
    center_client.post(f"/c/{demo.slug}/calendar/feed/renew/")
    fresh = CalendarFeed.objects.get(user=center_user, revoked_at__isnull=True)
    assert client.get(f"/c/riverside-families/calendar/feed/{fresh.token}.ics").status_code == 404
    assert client.get(f"/c/{demo.slug}/calendar/feed/not-a-token.ics").status_code == 404


def test_event_ics_download(center_client, demo):
    call = _next(demo, "all_team_call")
    response = center_client.get(f"/c/{demo.slug}/events/{call.public_id}/event.ics")
    assert response.status_code == 200
    item = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(item["summary"]) == "All-team call"
    assert "video.example.org" in str(item["location"])


def test_uninvited_member_gets_404_for_event(center_client, demo):
    meeting = _next(demo, "it_meeting")
    assert center_client.get(f"/c/{demo.slug}/events/{meeting.public_id}/").status_code == 404
    assert (
        center_client.get(f"/c/{demo.slug}/events/{meeting.public_id}/event.ics").status_code == 404
    )


def test_event_pages_permissions(client_for, demo, center_user, faculty_user, outsider):
    call = _next(demo, "all_team_call")
    for user in (center_user, faculty_user):
        client = client_for(user)
        assert client.get(f"/c/{demo.slug}/events/{call.public_id}/").status_code == 200
        assert client.get(f"/c/{demo.slug}/events/{call.public_id}/edit/").status_code == 403
        assert client.post(f"/c/{demo.slug}/events/{call.public_id}/cancel/").status_code == 403
        assert client.get(f"/c/{demo.slug}/events/new/").status_code == 403
    other = client_for(outsider)
    assert other.get(f"/c/{demo.slug}/events/{call.public_id}/").status_code == 404
    assert other.get(f"/c/{demo.slug}/calendar/").status_code == 404


def _event_post(**overrides):
    base = {
        "kind": "center_consultation",
        "title": "Consultation with Sunrise",
        "start": f"{LATER}T10:00",
        "end": f"{LATER}T11:00",
        "audience": "center",
        "audience_center": "sunrise",
        "reminder_days": "7",
    }
    return base | overrides


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end": f"{LATER}T09:00"}, "The end must be after the start."),
        ({"audience_center": ""}, "Choose the center."),
        ({"audience": "affinity_group", "audience_center": ""}, "Choose the affinity group"),
        ({"kind": "learning_session"}, "Number the Learning Session."),
        ({"start": "yesterday"}, "Enter a valid date/time."),
    ],
)
def test_event_form_bad_input(it_client, demo, overrides, message):
    response = it_client.post(f"/c/{demo.slug}/events/new/", _event_post(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not demo.events.filter(title="Consultation with Sunrise").exists()


def test_event_create_flags_clashes_then_schedules(it_client, demo, center_client):
    # Outside the collaborative's dates: flagged first, scheduled once confirmed.
    response = it_client.post(f"/c/{demo.slug}/events/new/", _event_post())
    assert "outside the collaborative" in response.content.decode()
    response = it_client.post(f"/c/{demo.slug}/events/new/", _event_post(confirm_clashes="on"))
    event = demo.events.get(title="Consultation with Sunrise")
    assert response.status_code == 302
    assert event.start.astimezone(NY).hour == 10  # read in the collaborative's zone
    assert center_client.get(event.get_absolute_url()).status_code == 200


def test_empty_audience_is_warned_on_the_form(it_client, demo):
    response = it_client.post(
        f"/c/{demo.slug}/events/new/",
        _event_post(
            audience="affinity_group",
            audience_center="",
            audience_center_role="other_staff",
            start=f"{demo.start_date + datetime.timedelta(days=40):%Y-%m-%d}T10:00",
            end=f"{demo.start_date + datetime.timedelta(days=40):%Y-%m-%d}T11:00",
        ),
    )
    assert "Nobody is in this audience" in response.content.decode()


def test_cancel_one_occurrence_from_series_page(it_client, demo):
    call = _next(demo, "all_team_call")
    it_client.post(f"/c/{demo.slug}/events/{call.public_id}/cancel/")
    call.refresh_from_db()
    assert call.cancelled and call.series_id
    page = it_client.get(f"/c/{demo.slug}/series/{call.series.public_id}/").content.decode()
    assert "cancelled" in page


def test_event_list_shows_facilitator_rotation(it_client, demo):
    body = it_client.get(f"/c/{demo.slug}/events/?show=past").content.decode()
    assert "Who has led which calls" in body and "Lena Brooks" in body


def test_home_panel_shows_upcoming(center_client, demo):
    body = center_client.get(f"/c/{demo.slug}/").content.decode()
    assert "Coming up" in body and "Action Period 2" in body


def test_event_service_end_before_start(it_user, demo):
    access = get_access(it_user, demo.slug)
    now = timezone.now()
    with pytest.raises(Exception) as error:
        schedule.event_create(
            access=access,
            kind="other",
            title="Backwards",
            start=now,
            end=now,
            audience="everyone",
        )
    assert "end" in error.value.message_dict
    assert not Event.objects.filter(title="Backwards").exists()


def test_it_calendar_holds_its_own_events_not_every_affinity_call(it_client, demo):
    teachers = _next(demo, "affinity_call")
    month = teachers.start.astimezone(NY).strftime("%Y-%m")
    body = it_client.get(f"/c/{demo.slug}/calendar/?month={month}").content.decode()
    assert "IT meeting" in body and "All-team call" in body
    assert "Teachers&#x27; affinity call" not in body
    # ...but the IT still opens it from the events list.
    assert it_client.get(teachers.get_absolute_url()).status_code == 200
