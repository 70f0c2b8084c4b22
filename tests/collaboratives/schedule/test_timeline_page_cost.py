import datetime

from bsc.bench import BenchWorld
from collaboratives import bench
from collaboratives.membership.models import Collaborative, Membership


def test_bench_seed_and_pages(
    demo, it_user, center_user, client_for, django_assert_max_num_queries
):
    collab = Collaborative.objects.create(
        organization=demo.organization,
        name="Bench",
        slug="bench-timeline",
        start_date=demo.start_date,
        end_date=demo.end_date,
        status="active",
    )
    Membership.objects.create(user=it_user, collaborative=collab, role="implementation_team")
    world = BenchWorld(
        collaborative=collab,
        centers=[],
        months=12,
        it_email=it_user.email,
        faculty_email=it_user.email,
        center_email=it_user.email,
        leader_email=it_user.email,
    )
    bench.seed(world)
    bench.seed(world)  # idempotent
    assert collab.events.filter(kind="learning_session").count() == 4
    assert collab.workplan_tasks.count() > 100
    client = client_for(it_user)
    for page in bench.pages(world):
        # A home also gathers its "What to do now" list: a fixed number of queries more.
        limit = 30 if page.url == f"/c/{collab.slug}/" else 16
        with django_assert_max_num_queries(limit):
            assert client.get(page.url).status_code == 200, page.name
    assert collab.events.filter(start__date__gte=datetime.date.today()).exists()


def test_demo_timeline_is_idempotent(demo):
    import io

    from django.core.management import call_command

    from collaboratives.schedule.models import Decision, Event
    from collaboratives.workplan.models import WorkplanTask

    before = (Event.objects.count(), WorkplanTask.objects.count(), Decision.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    after = (Event.objects.count(), WorkplanTask.objects.count(), Decision.objects.count())
    assert before == after and before[0] > 100
