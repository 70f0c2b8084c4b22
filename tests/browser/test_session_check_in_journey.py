"""Browser journey on a phone: a teacher opens the session's check-in link (from its QR code),
is marked present, and answers the invitation to the next Learning Session."""

import datetime

import pytest
from django.utils import timezone

from collaboratives.schedule.models import Event, EventAttendance
from collaboratives.sessions import services
from collaboratives.sessions.models import Rsvp

pytestmark = pytest.mark.browser


def test_check_in_by_link_and_rsvp_on_a_phone(phone_page, live_server, login):
    from bsc.models import User
    from collaboratives.membership.models import Collaborative

    sel = Collaborative.objects.get(slug="bsc-sel")
    start = timezone.now() - datetime.timedelta(minutes=20)
    today = Event.objects.create(
        collaborative=sel,
        kind=Event.Kind.ALL_TEAM_CALL,
        title="All-team call today",
        start=start,
        end=start + datetime.timedelta(hours=1),
    )
    code = services.check_in_code(today).code
    page = login(phone_page, live_server, "center@demo.test")
    page.goto(f"{live_server.url}/c/bsc-sel/in/{code}/")
    assert page.get_by_role("status").inner_text().startswith("You are checked in")
    user = User.objects.get(email="center@demo.test")
    assert EventAttendance.objects.filter(event=today, user=user, status="attended").exists()
    # Nothing on the page is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    ls3 = sel.events.get(kind=Event.Kind.LEARNING_SESSION, number=3)
    page.goto(f"{live_server.url}/c/bsc-sel/sessions/{ls3.public_id}/agenda/")
    page.get_by_label("Maybe").check()
    page.get_by_role("button", name="Send my answer").click()
    page.get_by_text("Thank you: your answer is saved.").wait_for()
    assert Rsvp.objects.get(event=ls3, user=user).answer == "maybe"
