import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bsc.bench import BenchWorld
from bsc.models import User
from centers.teams.models import Center
from collaboratives.membership.models import Collaborative, Membership
from pdsa import bench

pytestmark = pytest.mark.django_db


def _world(name: str, centers: int, months: int) -> BenchWorld:
    collab = Collaborative.objects.create(
        organization=Collaborative.objects.get(slug="bsc-sel").organization,
        name=name,
        slug=name,
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2027, 6, 30),
    )
    made = [
        Center.objects.create(collaborative=collab, name=f"C{i}", slug=f"c{i}")
        for i in range(centers)
    ]
    people = {}
    for role, key in [("implementation_team", "it"), ("faculty", "faculty")]:
        user = User.objects.create_user(f"{key}@{name}.test")
        Membership.objects.create(user=user, collaborative=collab, role=role)
        people[key] = user.email
    for center_role, key in [("team_leader", "center"), ("senior_leader", "leader")]:
        user = User.objects.create_user(f"{key}@{name}.test")
        Membership.objects.create(
            user=user,
            collaborative=collab,
            role="center_member",
            center=made[0],
            center_role=center_role,
        )
        people[key] = user.email
    return BenchWorld(
        collaborative=collab,
        centers=made,
        months=months,
        it_email=people["it"],
        faculty_email=people["faculty"],
        center_email=people["center"],
        leader_email=people["leader"],
    )


def _counts(client_for, world: BenchWorld) -> dict[str, int]:
    counts = {}
    for page in bench.pages(world):
        client = client_for(User.objects.get(email=page.email))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.url)
        assert response.status_code == 200, page
        counts[page.name] = len(queries)
    return counts


def test_bench_pages_cost_the_same_for_few_and_many_centers(client_for):
    small, large = _world("bench-small", 3, 6), _world("bench-large", 15, 15)
    bench.seed(small)
    bench.seed(large)
    bench.seed(large)  # idempotent
    from pdsa.cycles.models import Ramp

    assert Ramp.objects.filter(center__collaborative=large.collaborative).count() == 45
    names = {p.name for p in bench.pages(small)}
    assert {"Shared board", "Center PDSA page"} <= names
    assert _counts(client_for, small) == _counts(client_for, large)
