"""Outreach joined to the rest of the platform: information sessions on the calendar, the
outreach materials in the resource library, and next steps on the workplan."""

import datetime

import pytest
from django.utils import timezone

from centers.selection.models import OutreachContact
from collaboratives.schedule.models import Event
from pdsa.library.models import Resource

pytestmark = pytest.mark.django_db


def _info_session(collaborative, title="Information session for prospective centers"):
    start = timezone.now() + datetime.timedelta(days=3)
    return Event.objects.create(
        collaborative=collaborative,
        kind=Event.Kind.INFO_SESSION,
        title=title,
        start=start,
        end=start + datetime.timedelta(hours=1),
        audience=Event.Audience.IMPLEMENTATION_TEAM,
    )


def _contact_post(**overrides):
    return {
        "prospect": "Acorn Early Learning",
        "contacted_on": timezone.localdate().isoformat(),
        "method": "info_session",
        "notes": "Asked about the cost of substitutes.",
    } | overrides


def _outreach(demo):
    return f"/c/{demo.slug}/selection/outreach/"


def test_the_it_schedules_an_information_session(demo, it_client):
    later = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    response = it_client.post(
        f"/c/{demo.slug}/events/new/",
        {
            "kind": "info_session",
            "title": "Open evening for directors",
            "start": f"{later}T18:00",
            "end": f"{later}T19:00",
            "audience": "implementation_team",
            "reminder_days": "7",
            "confirm_clashes": "on",  # the date may fall on a holiday
        },
    )
    assert response.status_code == 302
    event = Event.objects.get(collaborative=demo, title="Open evening for directors")
    assert event.get_kind_display() == "Information session"


def test_a_contact_links_to_its_information_session_shown_on_the_log(demo, it_client):
    session = _info_session(demo)
    page = it_client.get(_outreach(demo)).content.decode()
    assert "Information session for prospective centers" in page  # offered in the form
    response = it_client.post(_outreach(demo), _contact_post(event=session.pk))
    assert response.status_code == 302
    contact = OutreachContact.objects.get(collaborative=demo, prospect="Acorn Early Learning")
    assert contact.event == session
    page = it_client.get(_outreach(demo)).content.decode()
    assert f"/c/{demo.slug}/events/{session.public_id}/" in page


def test_an_event_on_a_contact_made_another_way_is_refused_in_place(demo, it_client):
    session = _info_session(demo)
    response = it_client.post(_outreach(demo), _contact_post(method="call", event=session.pk))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Link an information session only to a contact made at one." in body
    assert 'value="Acorn Early Learning"' in body
    assert not OutreachContact.objects.filter(prospect="Acorn Early Learning").exists()


def test_only_this_collaboratives_information_sessions_can_be_linked(
    demo, other_collaborative, it_client
):
    foreign = _info_session(other_collaborative, title="Riverside open evening")
    call = _info_session(demo, title="Not a session")
    Event.objects.filter(pk=call.pk).update(kind=Event.Kind.ALL_TEAM_CALL)
    assert "Riverside open evening" not in it_client.get(_outreach(demo)).content.decode()
    for event in (foreign, call):
        response = it_client.post(_outreach(demo), _contact_post(event=event.pk))
        assert response.status_code == 400
        assert "Select a valid choice" in response.content.decode()
    assert not OutreachContact.objects.filter(prospect="Acorn Early Learning").exists()


def test_outreach_page_links_to_the_selection_materials_in_the_library(demo, it_client):
    Resource.objects.create(
        collaborative=demo, title="Costs and benefits of taking part", tags="Selection, costs"
    )
    Resource.objects.create(
        collaborative=demo, title="Preselection notes", tags="preselection"
    )  # a tag that only contains the word is not the selection tag
    page = it_client.get(_outreach(demo)).content.decode()
    link = f"/c/{demo.slug}/resources/?tag=selection"
    assert link in page
    library = it_client.get(link).content.decode()
    assert "Costs and benefits of taking part" in library
    assert "Outreach talking points and expectations sheet" in library  # the demo's
    assert "Preselection notes" not in library
    assert "Pyramid Model: Take Five poster" not in library
    assert "Selection / recruitment" in library
    everything = it_client.get(f"/c/{demo.slug}/resources/").content.decode()
    assert "Pyramid Model: Take Five poster" in everything


def test_library_tag_filter_takes_odd_input(demo, it_client):
    for tag in ["(", "a" * 500, "%", "selection\\"]:
        response = it_client.get(f"/c/{demo.slug}/resources/", {"tag": tag})
        assert response.status_code == 200
        assert "No resources match." in response.content.decode()


def test_next_steps_due_show_on_the_workplan(demo, it_user, it_client, faculty_client):
    from collaboratives.membership.models import Membership

    today = timezone.localdate()
    by = Membership.objects.get(collaborative=demo, user=it_user)
    common = {"collaborative": demo, "by": by, "contacted_on": today, "method": "call"}
    OutreachContact.objects.create(
        prospect="Acorn", next_step="Call the director back", next_step_due=today, **common
    )
    OutreachContact.objects.create(
        prospect="Birch",
        next_step="Send the expectations sheet",
        next_step_due=today - datetime.timedelta(days=2),
        **common,
    )
    OutreachContact.objects.create(
        prospect="Cedar",
        next_step="Visit in the spring",
        next_step_due=today + datetime.timedelta(days=60),
        **common,
    )
    OutreachContact.objects.create(
        prospect="Dogwood",
        next_step="Already done",
        next_step_due=today,
        next_step_done=True,
        **common,
    )
    page = it_client.get(f"/c/{demo.slug}/workplan/").content.decode()
    assert "Also due elsewhere" in page
    assert "Call the director back" in page
    assert "Send the expectations sheet" in page
    assert page.index("Send the expectations sheet") < page.index("Call the director back")
    assert "Visit in the spring" not in page
    assert "Already done" not in page
    assert f"/c/{demo.slug}/selection/outreach/" in page
    # Faculty see the workplan but not the IT's outreach.
    faculty_page = faculty_client.get(f"/c/{demo.slug}/workplan/")
    assert faculty_page.status_code == 200
    assert "Call the director back" not in faculty_page.content.decode()


def test_workplan_extras_stay_in_their_collaborative(demo, other_collaborative, it_user, it_client):
    from collaboratives.membership.models import Membership

    other_it = (
        Membership.objects.filter(
            collaborative=other_collaborative, role=Membership.Role.IMPLEMENTATION_TEAM
        )
        .select_related("user")
        .first()
    )
    OutreachContact.objects.create(
        collaborative=other_collaborative,
        by=other_it,
        prospect="Riverside prospect",
        contacted_on=timezone.localdate(),
        method="call",
        next_step="Riverside follow-up",
        next_step_due=timezone.localdate(),
    )
    page = it_client.get(f"/c/{demo.slug}/workplan/").content.decode()
    assert "Riverside follow-up" not in page


def test_workplan_queries_do_not_grow_with_outreach(
    demo, it_user, it_client, django_assert_max_num_queries
):
    from collaboratives.membership.models import Membership

    by = Membership.objects.get(collaborative=demo, user=it_user)
    today = timezone.localdate()

    def add(n):
        OutreachContact.objects.bulk_create(
            OutreachContact(
                collaborative=demo,
                by=by,
                prospect=f"Prospect {i}",
                contacted_on=today,
                method="call",
                next_step=f"Step {i}",
                next_step_due=today,
            )
            for i in range(n)
        )

    url = f"/c/{demo.slug}/workplan/?view=week"
    add(1)
    it_client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        it_client.get(url)
    add(15)
    with django_assert_max_num_queries(len(few)):
        it_client.get(url)
