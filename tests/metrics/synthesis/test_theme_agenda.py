"""A theme feeds the agenda of the next call or Learning Session: “Add to the agenda of…”
lists the collaborative's upcoming calls and sessions; choosing one adds the agenda item and
marks the theme acted on with it, linked to the event."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from bsc.models import AuditEvent
from collaboratives.schedule.models import Event
from metrics.synthesis.models import Theme

pytestmark = pytest.mark.django_db


def _event(collab, kind: str, title: str, days: int, **extra) -> Event:
    start = timezone.now() + datetime.timedelta(days=days)
    return Event.objects.create(
        collaborative=collab,
        kind=kind,
        title=title,
        start=start,
        end=start + datetime.timedelta(hours=1),
        **extra,
    )


@pytest.fixture
def events(demo, other_collaborative):
    return {
        "call": _event(demo, "all_team_call", "All-team call: spring", 9, agenda="Welcome"),
        "session": _event(demo, "learning_session", "Learning Session 9", 30),
        "past": _event(demo, "all_team_call", "All-team call: last week", -7),
        "cancelled": _event(demo, "all_team_call", "Cancelled call", 5, cancelled=True),
        "it_meeting": _event(demo, "it_meeting", "IT meeting of the week", 2),
        "elsewhere": _event(other_collaborative, "all_team_call", "Riverside call", 3),
    }


@pytest.fixture
def theme(demo, it_user):
    return Theme.objects.create(
        collaborative=demo,
        title="Naps run long in toddler rooms",
        lens="content",
        created_by=it_user,
    )


def _url(theme: Theme) -> str:
    return f"/c/bsc-sel/themes/{theme.public_id}/agenda/"


def test_the_choice_lists_upcoming_calls_and_sessions_only(it_client, theme, events):
    assert _url(theme) in it_client.get(theme.get_absolute_url()).content.decode()
    page = it_client.get(_url(theme)).content.decode()
    assert "<legend>Add to the agenda of:</legend>" in page
    assert "All-team call: spring" in page and "Learning Session 9" in page
    for name in ("past", "cancelled", "it_meeting", "elsewhere"):
        assert events[name].title not in page
    # Soonest first.
    assert page.index("All-team call: spring") < page.index("Learning Session 9")


def test_choosing_an_event_adds_the_item_and_acts_on_the_theme(it_client, theme, events):
    call = events["call"]
    response = it_client.post(_url(theme), {"event": str(call.public_id)})
    assert response.status_code == 302 and response.url == theme.get_absolute_url()
    call.refresh_from_db()
    theme.refresh_from_db()
    assert call.agenda_items == ["Welcome", "Naps run long in toddler rooms"]
    assert theme.status == Theme.Status.ACTED
    assert theme.acted_with == "agenda item of All-team call: spring"
    assert theme.acted_with_url == call.get_absolute_url() and theme.agenda_event == call
    page = it_client.get(theme.get_absolute_url()).content.decode()
    assert f'<a href="{call.get_absolute_url()}">agenda item of All-team call: spring</a>' in page
    event_page = it_client.get(call.get_absolute_url()).content.decode()
    assert "<li>Naps run long in toddler rooms</li>" in event_page
    assert f'<a href="{theme.get_absolute_url()}">Naps run long in toddler rooms</a>' in event_page
    assert AuditEvent.objects.filter(action="theme.add_to_agenda").exists()
    assert AuditEvent.objects.filter(action="event.agenda_add").exists()
    # Again: the agenda keeps one line.
    it_client.post(_url(theme), {"event": str(call.public_id)})
    call.refresh_from_db()
    assert call.agenda_items.count("Naps run long in toddler rooms") == 1

    session = events["session"]
    it_client.post(_url(theme), {"event": str(session.public_id)})
    session.refresh_from_db()
    theme.refresh_from_db()
    assert session.agenda_items == ["Naps run long in toddler rooms"]
    assert theme.agenda_event == session

    # Writing "acted on with" by hand drops the link that no longer describes it.
    edit = {
        "title": theme.title,
        "lens": theme.lens,
        "status": "acted",
        "acted_with": "A tip sheet",
        "visibility": "it",
    }
    assert it_client.post(f"/c/bsc-sel/themes/{theme.public_id}/edit/", edit).status_code == 302
    theme.refresh_from_db()
    assert theme.acted_with_url == "" and theme.agenda_event is None


def test_other_events_are_refused_in_place(it_client, theme, events):
    for name in ("past", "cancelled", "it_meeting", "elsewhere"):
        response = it_client.post(_url(theme), {"event": str(events[name].public_id)})
        assert response.status_code == 200
        assert "Choose an upcoming call or Learning Session of this collaborative." in (
            response.content.decode()
        )
    assert it_client.post(_url(theme), {"event": "nonsense"}).status_code == 200
    theme.refresh_from_db()
    assert theme.status == Theme.Status.NOTICED
    events["elsewhere"].refresh_from_db()
    assert events["elsewhere"].agenda == ""


def test_only_the_it_adds_themes_to_agendas(faculty_client, center_client, theme, events):
    theme.visibility = Theme.Visibility.EVERYONE
    theme.save()
    for client in (faculty_client, center_client):
        assert client.get(_url(theme)).status_code == 403
        response = client.post(_url(theme), {"event": str(events["call"].public_id)})
        assert response.status_code == 403
        assert _url(theme) not in client.get(theme.get_absolute_url()).content.decode()
    events["call"].refresh_from_db()
    assert events["call"].agenda_items == ["Welcome"]


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_adds_a_theme_to_an_agenda(it_user, faculty_user, outsider, theme, events):
    url = f"/api/v1/collaboratives/bsc-sel/themes/{theme.public_id}/agenda/"
    api = _api(it_user)
    for value in (str(events["elsewhere"].public_id), str(events["past"].public_id)):
        bad = api.post(url, {"event": value}, format="json")
        assert bad.status_code == 400
        assert bad.json()["event"] == [
            "Choose an upcoming call or Learning Session of this collaborative."
        ]
    assert api.post(url, {"event": "nope"}, format="json").status_code == 400
    assert api.post(url, {}, format="json").status_code == 400
    assert (
        _api(faculty_user)
        .post(url, {"event": str(events["call"].public_id)}, format="json")
        .status_code
        == 403
    )
    assert (
        _api(outsider)
        .post(url, {"event": str(events["call"].public_id)}, format="json")
        .status_code
        == 404
    )
    response = api.post(url, {"event": str(events["call"].public_id)}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "acted" and body["agenda_event"] == str(events["call"].public_id)
    assert body["acted_with_url"] == events["call"].get_absolute_url()
    events["call"].refresh_from_db()
    assert "Naps run long in toddler rooms" in events["call"].agenda_items
