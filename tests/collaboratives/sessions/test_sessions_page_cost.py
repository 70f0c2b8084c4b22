"""The agenda, attendance and participation pages cost the same number of queries at 3 and
at 9 centers (the benchmark runs them at 160 centers × 40 events)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bsc.bench import build_world
from collaboratives import bench

pytestmark = pytest.mark.django_db

# The most any of these pages may cost.
MAX_QUERIES = 16


def _costs(client_for, key, centers):
    from bsc.models import User

    world = build_world(key=key, centers=centers, months=18, today=timezone.localdate())
    bench.seed(world)
    costs = {}
    for page in bench.session_pages(world):
        client = client_for(User.objects.get(email=page.email))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.url)
            if response.streaming:
                b"".join(response.streaming_content)
        assert response.status_code == 200, page.name
        costs[page.name] = len(queries)
    return world, costs


def test_session_pages_cost_the_same_at_any_size(client_for):
    world, small = _costs(client_for, "sessions-small", 3)
    _world, large = _costs(client_for, "sessions-large", 9)
    assert len(small) == 10
    assert small == large
    assert max(small.values()) <= MAX_QUERIES, small
    # The seeded world has what the pages show: attendance across many held events.
    from collaboratives.schedule.models import EventAttendance

    assert EventAttendance.objects.filter(event__collaborative=world.collaborative).count() > 100
