"""The benchmark seed fills every center, metric and month, and its pages answer."""

from django.test import Client

from bsc.models import User
from collaboratives.membership.models import Membership
from metrics import bench
from metrics.management.commands.bench_reports import _make_world
from metrics.values.models import MetricValue


def test_seed_and_pages(db):
    world = _make_world(centers=3, months=6)
    bench.seed(world)
    assert (
        MetricValue.objects.filter(
            center__collaborative=world.collaborative,
            metric__slug__in=[slug for slug, *_rest in bench.BENCH_METRICS],
        ).count()
        == 3 * len(bench.BENCH_METRICS) * 6
    )
    user = User.objects.create(email="bench-it@example.org")
    Membership.objects.create(
        user=user, collaborative=world.collaborative, role="implementation_team"
    )
    client = Client()
    client.force_login(user)
    for page in bench.pages(world):
        assert client.get(page.url).status_code == 200, page.name
