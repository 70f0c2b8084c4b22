"""Benchmark data and pages for PDSA and the shared board (see bsc/bench.py)."""

import datetime

from django.utils import timezone

from bsc.bench import BenchPage, BenchWorld
from bsc.models import User
from pdsa.action_plans import bench as action_plans_bench
from pdsa.board.models import BoardEntry, Post
from pdsa.cycles.drivers import secondary_driver
from pdsa.cycles.models import Cycle, Ramp
from pdsa.discussion.models import Comment

RAMPS_PER_CENTER = 3


def seed(world: BenchWorld) -> None:
    _seed_ramps(world)
    action_plans_bench.seed(world)


def _seed_ramps(world: BenchWorld) -> None:
    collaborative = world.collaborative
    if Ramp.objects.filter(center__collaborative=collaborative).exists():
        return
    drivers = [d for d in (secondary_driver(collaborative, p, 1) for p in (1, 3, 5)) if d]
    faculty = User.objects.filter(email=world.faculty_email).first()
    now = timezone.now()
    cycles_per_ramp = max(1, min(5, world.months // 3))
    ramps = Ramp.objects.bulk_create(
        Ramp(center=center, title=f"Change idea {index + 1}")
        for center in world.centers
        for index in range(RAMPS_PER_CENTER)
    )
    links = Ramp.secondary_drivers.through
    if drivers:
        links.objects.bulk_create(
            links(ramp_id=ramp.pk, secondarydriver_id=drivers[index % len(drivers)].pk)
            for index, ramp in enumerate(ramps)
        )
    cycles = Cycle.objects.bulk_create(
        Cycle(
            ramp=ramp,
            number=number,
            objective="Bench cycle",
            scale=Cycle.Scale.values[min(number - 1, 4)],
            plan_saved_at=now,
            activity_at=now - datetime.timedelta(days=10 * (cycles_per_ramp - number + 1)),
        )
        for ramp in ramps
        for number in range(1, cycles_per_ramp + 1)
    )
    BoardEntry.objects.bulk_create(
        BoardEntry(
            collaborative=collaborative,
            kind=BoardEntry.Kind.CYCLE,
            cycle=cycle,
            center_id=ramp_center,
            updated_at=cycle.activity_at,
        )
        for cycle, ramp_center in ((c, c.ramp.center_id) for c in cycles)
    )
    if faculty is not None:
        Comment.objects.bulk_create(
            Comment(collaborative=collaborative, cycle=cycle, author=faculty, body="Feedback")
            for cycle in cycles[::2]
        )
    author = User.objects.filter(email=world.center_email).first()
    posts = Post.objects.bulk_create(
        Post(collaborative=collaborative, author=author, title=f"Post {i}", body="Hello")
        for i in range(len(world.centers))
    )
    BoardEntry.objects.bulk_create(
        BoardEntry(
            collaborative=collaborative, kind=BoardEntry.Kind.POST, post=post, updated_at=now
        )
        for post in posts
    )


def pages(world: BenchWorld) -> list[BenchPage]:
    slug = world.collaborative.slug
    center = world.centers[0].slug
    ramp = Ramp.objects.filter(center=world.centers[0]).order_by("pk").first()
    result = [
        BenchPage("Shared board", f"/c/{slug}/board/", world.center_email),
        BenchPage(
            "Board, cycles without feedback", f"/c/{slug}/board/?no_feedback=1", world.faculty_email
        ),
        BenchPage("Center PDSA page", f"/c/{slug}/pdsa/centers/{center}/", world.center_email),
        BenchPage("Feedback queue", f"/c/{slug}/feedback/", world.faculty_email),
        BenchPage("PDSA by center", f"/c/{slug}/pdsa/", world.it_email),
        BenchPage("Ramps API", f"/api/v1/collaboratives/{slug}/ramps/", world.it_email),
        *action_plans_bench.pages(world),
    ]
    if ramp is not None:
        result.append(
            BenchPage(
                "Ramp timeline", f"/c/{slug}/pdsa/ramps/{ramp.public_id}/", world.center_email
            )
        )
    return result
