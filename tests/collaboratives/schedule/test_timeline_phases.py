import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from collaboratives.membership.models import Collaborative
from collaboratives.schedule.models import Event
from collaboratives.schedule.phases import collaborative_phases, current_phase_label

NY = zoneinfo.ZoneInfo("America/New_York")


def _ls(collab, number, day):
    return Event.objects.create(
        collaborative=collab,
        kind="learning_session",
        number=number,
        title=f"Learning Session {number}",
        start=datetime.datetime.combine(day, datetime.time(9), tzinfo=NY),
        end=datetime.datetime.combine(
            day + datetime.timedelta(days=1), datetime.time(16), tzinfo=NY
        ),
    )


@pytest.fixture
def bare(demo):
    return Collaborative.objects.create(
        organization=demo.organization,
        name="Bare",
        slug="bare",
        timezone="America/New_York",
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2027, 6, 30),
    )


def test_demo_is_in_action_period_two(demo, it_client):
    label = current_phase_label(demo)
    assert label.startswith("Action Period 2, week ")
    response = it_client.get(f"/c/{demo.slug}/")
    assert label in response.content.decode()


def test_phases_follow_learning_sessions(bare):
    for number, day in enumerate(
        [
            datetime.date(2026, 3, 5),
            datetime.date(2026, 6, 4),
            datetime.date(2026, 10, 1),
            datetime.date(2027, 2, 4),
        ],
        start=1,
    ):
        _ls(bare, number, day)
    keys = [p.key for p in collaborative_phases(bare)]
    assert keys == ["pre_work", "ls1", "ap1", "ls2", "ap2", "ls3", "ap3", "ls4", "sustainability"]
    assert current_phase_label(bare, datetime.date(2026, 2, 1)) == "Pre-work, week 5"
    assert current_phase_label(bare, datetime.date(2026, 3, 6)) == "Learning Session 1, day 2"
    # Action Period 2 starts the day after LS2 ends (Saturday 6 June): week 5 from 4 July.
    assert current_phase_label(bare, datetime.date(2026, 7, 4)) == "Action Period 2, week 5"
    assert current_phase_label(bare, datetime.date(2027, 3, 1)).startswith(
        "Sustainability Action Period"
    )
    assert current_phase_label(bare, datetime.date(2025, 12, 1)).startswith("Starts")
    assert current_phase_label(bare, datetime.date(2027, 7, 1)) == "Completed"


def test_without_sessions_the_label_counts_months(bare):
    assert current_phase_label(bare, datetime.date(2026, 5, 10)) == "Month 5 of 18"


def test_cancelled_session_is_not_a_phase(bare):
    session = _ls(bare, 1, datetime.date(2026, 3, 5))
    session.cancelled = True
    session.save()
    assert current_phase_label(bare, datetime.date(2026, 4, 1)) == "Month 4 of 18"


def test_phase_label_is_one_query_whatever_the_number_of_events(bare):
    _ls(bare, 1, datetime.date(2026, 3, 5))
    with CaptureQueriesContext(connection) as few:
        current_phase_label(bare, datetime.date(2026, 4, 1))
    for number in range(2, 6):
        _ls(bare, number, datetime.date(2026, 3, 5) + datetime.timedelta(weeks=8 * number))
    with CaptureQueriesContext(connection) as many:
        current_phase_label(bare, datetime.date(2026, 4, 1))
    assert len(few.captured_queries) == len(many.captured_queries) == 1
