"""The library's schedule lists only the events the viewer is invited to."""

import datetime

import pytest
from django.utils import timezone

from collaboratives.schedule.models import Event

pytestmark = pytest.mark.django_db


def _event(demo, title: str, **audience) -> Event:
    # Under way now, so it sorts before every upcoming event of the demo in the short list.
    start = timezone.now() - datetime.timedelta(days=3650)
    return Event.objects.create(
        collaborative=demo,
        kind=Event.Kind.ALL_TEAM_CALL,
        title=title,
        start=start,
        end=timezone.now() + datetime.timedelta(hours=1),
        **audience,
    )


def test_library_hides_events_the_viewer_is_not_invited_to(center_client, it_client, demo):
    _event(demo, "IT planning huddle", audience=Event.Audience.IMPLEMENTATION_TEAM)
    _event(demo, "All-team call on routines", audience=Event.Audience.EVERYONE)

    page = center_client.get(f"/c/{demo.slug}/resources/").content.decode()
    assert "All-team call on routines" in page
    assert "IT planning huddle" not in page

    it_page = it_client.get(f"/c/{demo.slug}/resources/").content.decode()
    assert "IT planning huddle" in it_page
