"""RSVP (page, e-mailed signed link, API), check-in by the QR code's short link, the IT's
attendance ticks, and what each refuses."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from bsc.notifications import Notification
from collaboratives.schedule.models import Event, EventAttendance
from collaboratives.sessions import services
from collaboratives.sessions.models import Rsvp

pytestmark = pytest.mark.django_db


def _event(collab, *, start_in, hours=3, **extra):
    start = timezone.now() + start_in
    return Event.objects.create(
        collaborative=collab,
        kind=extra.pop("kind", Event.Kind.LEARNING_SESSION),
        number=extra.pop("number", 9),
        title=extra.pop("title", "Learning Session 9"),
        start=start,
        end=start + datetime.timedelta(hours=hours),
        **extra,
    )


def _url(name, collab, **kwargs):
    return reverse(f"collaboratives:{name}", kwargs={"slug": collab.slug, **kwargs})


@pytest.fixture
def upcoming(demo):
    return _event(demo, start_in=datetime.timedelta(days=10))


@pytest.fixture
def happening(demo):
    return _event(demo, start_in=-datetime.timedelta(minutes=30), title="Learning Session now")


def test_rsvp_on_the_page_and_a_yes_turned_no_is_kept(center_client, center_user, demo, upcoming):
    url = _url("session-rsvp", demo, event=upcoming.public_id)
    assert center_client.post(url, {"answer": "yes"}).status_code == 302
    assert center_client.post(url, {"answer": "no"}).status_code == 302
    rsvp = Rsvp.objects.get(event=upcoming, user=center_user)
    assert rsvp.answer == "no" and rsvp.dropped_at is not None


def test_it_sees_answers_per_center_and_who_dropped(it_client, center_client, demo, upcoming):
    url = _url("session-rsvp", demo, event=upcoming.public_id)
    center_client.post(url, {"answer": "yes"})
    center_client.post(url, {"answer": "no"})
    page = it_client.get(_url("session-attendance", demo, event=upcoming.public_id))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Changed from yes to no" in body
    assert "Sunrise" in body  # the per-center table
    assert "<svg" in body  # the QR code
    # Before the event the IT can excuse people, never mark them absent.
    assert "Not yet" in body and "Not there" not in body


def test_bad_rsvp_answer_is_refused_and_nothing_saved(center_client, center_user, demo, upcoming):
    response = center_client.post(
        _url("session-rsvp", demo, event=upcoming.public_id), {"answer": "perhaps"}, follow=True
    )
    assert "Answer yes, no or maybe." in response.content.decode()
    assert not Rsvp.objects.filter(event=upcoming, user=center_user).exists()


def test_the_it_opens_one_centers_people_at_a_time(
    it_client, center_client, center_user, demo, upcoming
):
    center_client.post(_url("session-rsvp", demo, event=upcoming.public_id), {"answer": "yes"})
    page = _url("session-attendance", demo, event=upcoming.public_id)
    overview = it_client.get(page).content.decode()
    # Every center is counted and offered, but nobody's control is shown until one is opened.
    assert "?center=sunrise" in overview
    assert f'name="user" value="{center_user.pk}"' not in overview
    it_user = demo.memberships.filter(role="implementation_team").first().user
    assert f'name="user" value="{it_user.pk}"' in overview
    yes = Rsvp.objects.filter(
        event=upcoming, answer="yes", user__memberships__center__slug="sunrise"
    ).count()
    assert yes >= 1
    row = re.search(r">Sunrise[^<]*</a></th><td>(\d+)</td>", overview)
    assert row and int(row.group(1)) == yes
    sunrise = it_client.get(page, {"center": "sunrise"}).content.decode()
    assert "Attendance: Sunrise" in sunrise
    assert '<option value="sunrise" selected>' in sunrise
    assert f'name="user" value="{center_user.pk}"' in sunrise
    assert f'name="user" value="{it_user.pk}"' not in sunrise
    other = demo.memberships.filter(role="center_member").exclude(center__slug="sunrise").first()
    assert f'name="user" value="{other.user_id}"' not in sunrise
    assert it_client.get(page, {"center": "nope"}).status_code == 404


def test_rsvp_after_the_event_is_refused(center_client, center_user, demo):
    past = _event(demo, start_in=-datetime.timedelta(days=3))
    response = center_client.post(
        _url("session-rsvp", demo, event=past.public_id), {"answer": "yes"}, follow=True
    )
    assert "This event is over" in response.content.decode()
    assert not Rsvp.objects.filter(event=past, user=center_user).exists()


def test_invitation_email_carries_signed_links_that_answer(
    it_client, center_client, center_user, demo, upcoming, eager_tasks
):
    response = it_client.post(_url("session-rsvp-invite", demo, event=upcoming.public_id))
    assert response.status_code == 302
    row = Notification.objects.get(kind="session.rsvp_invite", recipient=center_user)
    links = re.findall(r"https?://\S+/rsvp/\S+/", row.body)
    assert len(links) == 3
    maybe = next(link for link in links if "Maybe" in row.body.split(link)[0].splitlines()[-1])
    path = maybe.split("testserver", 1)[1]
    page = center_client.get(path)
    assert page.status_code == 200
    assert Rsvp.objects.get(event=upcoming, user=center_user).answer == "maybe"
    # Someone else's link does nothing for me.
    other = services.rsvp_token(upcoming, center_user.pk + 999, "no")
    response = center_client.get(
        _url("session-rsvp-link", demo, event=upcoming.public_id, rsvp_token=other)
    )
    assert response.status_code == 404
    # A tampered token is a 404, never a 500.
    response = center_client.get(
        _url(
            "session-rsvp-link",
            demo,
            event=upcoming.public_id,
            rsvp_token=path.rstrip("/").rsplit("/", 1)[1] + "x",
        )
    )
    assert response.status_code == 404
    assert Rsvp.objects.get(event=upcoming, user=center_user).answer == "maybe"


def test_check_in_by_short_link_marks_present(center_client, center_user, demo, happening):
    code = services.check_in_code(happening).code
    response = center_client.get(_url("session-check-in", demo, code=code.lower()))
    assert response.status_code == 200
    assert "You are checked in" in response.content.decode()
    row = EventAttendance.objects.get(event=happening, user=center_user)
    assert row.status == "attended" and row.source == "check_in"
    # Opening it twice keeps one record.
    center_client.get(_url("session-check-in", demo, code=code))
    assert EventAttendance.objects.filter(event=happening, user=center_user).count() == 1


def test_check_in_before_it_opens_is_refused(center_client, center_user, demo, upcoming):
    code = services.check_in_code(upcoming).code
    response = center_client.get(_url("session-check-in", demo, code=code))
    assert response.status_code == 400
    assert "Check-in opens an hour before the start." in response.content.decode()
    assert not EventAttendance.objects.filter(event=upcoming, user=center_user).exists()


def test_check_in_to_another_collaboratives_event_is_404(
    center_client, center_user, demo, other_collaborative
):
    theirs = _event(other_collaborative, start_in=-datetime.timedelta(minutes=10))
    code = services.check_in_code(theirs).code
    # Through my collaborative's address and through theirs: not found either way.
    assert center_client.get(_url("session-check-in", demo, code=code)).status_code == 404
    assert (
        center_client.get(_url("session-check-in", other_collaborative, code=code)).status_code
        == 404
    )
    assert not EventAttendance.objects.filter(event=theirs).exists()


def test_check_in_to_an_event_one_is_not_invited_to_is_404(
    center_client, center_user, demo, second_center
):
    other_team = _event(
        demo,
        start_in=-datetime.timedelta(minutes=5),
        kind=Event.Kind.CENTER_CONSULTATION,
        number=None,
        title="Consultation",
        audience=Event.Audience.CENTER,
        audience_center=second_center,
    )
    code = services.check_in_code(other_team).code
    assert center_client.get(_url("session-check-in", demo, code=code)).status_code == 404


def test_it_ticks_attendance_per_person_with_htmx(it_client, center_user, demo, happening):
    url = _url("session-attendance-mark", demo, event=happening.public_id)
    response = it_client.post(
        url, {"user": center_user.pk, "status": "excused"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Excused" in response.content.decode()
    assert EventAttendance.objects.get(event=happening, user=center_user).status == "excused"
    it_client.post(url, {"user": center_user.pk, "status": ""}, HTTP_HX_REQUEST="true")
    assert not EventAttendance.objects.filter(event=happening, user=center_user).exists()


def test_attended_is_refused_for_an_event_to_come(it_client, center_user, demo, upcoming):
    url = _url("session-attendance-mark", demo, event=upcoming.public_id)
    response = it_client.post(
        url, {"user": center_user.pk, "status": "attended"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 409
    assert "still to come" in response.content.decode()
    response = it_client.post(url, {"user": "x", "status": "gone"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 409
    assert not EventAttendance.objects.filter(event=upcoming).exists()


def test_ticking_in_the_old_list_keeps_the_excused(it_client, center_user, leader_user, demo):
    past = _event(demo, start_in=-datetime.timedelta(days=2))
    services_access_mark = _url("session-attendance-mark", demo, event=past.public_id)
    it_client.post(services_access_mark, {"user": leader_user.pk, "status": "excused"})
    it_client.post(
        _url("event-notes", demo, event=past.public_id),
        {"what": "attendance", "attended": [center_user.pk]},
    )
    statuses = dict(EventAttendance.objects.filter(event=past).values_list("user_id", "status"))
    assert statuses == {center_user.pk: "attended", leader_user.pk: "excused"}


def test_centers_cannot_see_attendance_or_tick(center_client, center_user, demo, happening):
    assert (
        center_client.get(_url("session-attendance", demo, event=happening.public_id)).status_code
        == 403
    )
    url = _url("session-attendance-mark", demo, event=happening.public_id)
    assert (
        center_client.post(url, {"user": center_user.pk, "status": "attended"}).status_code == 403
    )
    assert not EventAttendance.objects.filter(event=happening).exists()


# API: the same rules


def _api(collab, event, what):
    return f"/api/v1/collaboratives/{collab.slug}/events/{event.public_id}/{what}/"


def test_api_rsvp_and_check_in_for_oneself(center_client, center_user, demo, happening, upcoming):
    response = center_client.put(
        _api(demo, upcoming, "rsvp"), {"answer": "maybe"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["answer"] == "maybe"
    assert center_client.get(_api(demo, upcoming, "rsvp")).json()["answer"] == "maybe"
    bad = center_client.put(
        _api(demo, upcoming, "rsvp"), {"answer": "soon"}, content_type="application/json"
    )
    assert bad.status_code == 400 and "answer" in bad.json()
    assert center_client.post(_api(demo, happening, "check-in")).status_code == 200
    early = center_client.post(_api(demo, upcoming, "check-in"))
    assert early.status_code == 400
    assert "Check-in opens" in early.json()["non_field_errors"][0]


def test_api_agenda_reads_blocks_and_time_per_part(center_client, demo):
    ls1 = demo.events.get(kind=Event.Kind.LEARNING_SESSION, number=1)
    data = center_client.get(_api(demo, ls1, "agenda")).json()
    assert data["objectives"][0].startswith("Deepen your knowledge")
    assert data["minutes_per_part"]["team_time"] == 45
    assert data["overlaps"] == []
    assert data["blocks"][0]["part"] == "registration"


def test_api_check_in_to_another_tenant_is_404(center_client, other_collaborative):
    theirs = _event(other_collaborative, start_in=-datetime.timedelta(minutes=10))
    assert center_client.post(_api(other_collaborative, theirs, "check-in")).status_code == 404


def test_invitations_are_refused_for_an_event_that_is_over(it_client, demo):
    past = _event(demo, start_in=-datetime.timedelta(days=2))
    response = it_client.post(_url("session-rsvp-invite", demo, event=past.public_id), follow=True)
    assert "Invitations go out only for events still to come." in response.content.decode()
    assert not Notification.objects.filter(
        kind="session.rsvp_invite", object_key=str(past.public_id)
    ).exists()


def test_the_it_sees_participation_in_its_navigation(it_client, center_client, demo):
    home = f"/c/{demo.slug}/"
    assert f'href="/c/{demo.slug}/participation/"' in it_client.get(home).content.decode()
    assert "/participation/" not in center_client.get(home).content.decode()


def test_the_check_in_code_is_drawn_once_and_served_the_same(it_client, demo, upcoming):
    from django.core.cache import cache

    page = _url("session-attendance", demo, event=upcoming.public_id)

    def svg(body):
        return re.search(r'<div class="qr">(.*?)</div>', body, re.S).group(1)

    cache.clear()
    first = svg(it_client.get(page).content.decode())
    assert "Check-in code" in first
    assert svg(it_client.get(page).content.decode()) == first
    cache.clear()
    assert svg(it_client.get(page).content.decode()) == first


def test_a_marked_person_shows_their_attendance_in_their_centers_list(
    it_client, center_user, demo, happening
):
    mark = _url("session-attendance-mark", demo, event=happening.public_id)
    it_client.post(mark, {"user": center_user.pk, "status": "excused"}, HTTP_HX_REQUEST="true")
    page = _url("session-attendance", demo, event=happening.public_id)
    body = it_client.get(page, {"center": "sunrise"}).content.decode()
    start = body.index(f'name="user" value="{center_user.pk}"')
    person = body[start : body.index("</tr>", start)]
    assert '<option value="excused" selected>' in person
    assert f'action="{mark}" hx-post="{mark}"' in body
    # The open center is marked in the per-center table, the others are not.
    assert re.search(r'href="\?center=sunrise#people"[^>]* aria-current="true">Sunrise', body)
    assert body.count('aria-current="true"') == 1


def test_who_dropped_is_listed_whichever_center_is_open(
    it_client, center_client, center_user, demo, upcoming
):
    url = _url("session-rsvp", demo, event=upcoming.public_id)
    center_client.post(url, {"answer": "yes"})
    center_client.post(url, {"answer": "no"})
    page = _url("session-attendance", demo, event=upcoming.public_id)
    for center in ("", "sunrise"):
        body = it_client.get(page, {"center": center} if center else {}).content.decode()
        dropped = body[
            body.index("Changed from yes to no") : body.index(
                "</ul>", body.index("Changed from yes to no")
            )
        ]
        assert center_user.full_name in dropped and "Sunrise" in dropped
        # The person's own control is in their center's list only.
        assert (f'name="user" value="{center_user.pk}"' in body) == bool(center)
