import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bsc.bench import BenchWorld
from bsc.models import User
from centers import bench
from centers.teams.models import Center
from collaboratives.membership.models import Collaborative, Membership

pytestmark = pytest.mark.django_db


def _world(demo, name: str, n_centers: int) -> BenchWorld:
    collab = Collaborative.objects.create(
        organization=demo.organization,
        name=name,
        slug=name,
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2027, 6, 30),
    )
    centers = [
        Center.objects.create(collaborative=collab, name=f"C{i}", slug=f"c{i}")
        for i in range(n_centers)
    ]
    emails = {}
    for role, center, center_role in [
        ("implementation_team", None, ""),
        ("faculty", None, ""),
        ("center_member", centers[0], "team_leader"),
        ("center_member", centers[0], "senior_leader"),
    ]:
        user = User.objects.create_user(email=f"{name}-{role}-{center_role}@b.test", password="x")
        Membership.objects.create(
            user=user, collaborative=collab, role=role, center=center, center_role=center_role
        )
        emails[(role, center_role)] = user.email
    world = BenchWorld(
        collaborative=collab,
        centers=centers,
        months=12,
        it_email=emails[("implementation_team", "")],
        faculty_email=emails[("faculty", "")],
        center_email=emails[("center_member", "team_leader")],
        leader_email=emails[("center_member", "senior_leader")],
    )
    bench.seed(world)
    return world


def _counts(world, client_for) -> dict[str, int]:
    counts = {}
    for page in bench.pages(world):
        client = client_for(User.objects.get(email=page.email))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.url)
        assert response.status_code == 200, (page.name, response.status_code)
        counts[page.name] = len(queries)
    return counts


def test_bench_pages_cost_does_not_grow_with_centers(demo, client_for):
    small = _counts(_world(demo, "bench-small", 4), client_for)
    large = _counts(_world(demo, "bench-large", 30), client_for)
    assert small == large
    assert small["Self-assessment heatmap (round 2)"] < 25
