"""Benchmark data and pages of the timeline: calendar, events, workplan."""

from django.utils import timezone

from bsc.bench import BenchPage, BenchWorld
from collaboratives.evaluations import bench as evaluations_bench
from collaboratives.workplan.demo import build_timeline


def seed(world: BenchWorld) -> None:
    build_timeline(world.collaborative, timezone.localdate(), world.it_email)
    evaluations_bench.seed(world)


def pages(world: BenchWorld) -> list[BenchPage]:
    slug = world.collaborative.slug
    home = f"/c/{slug}/"
    api = f"/api/v1/collaboratives/{slug}"
    return [
        BenchPage("IT dashboard", home, world.it_email),
        BenchPage("Faculty home", home, world.faculty_email),
        BenchPage("Center home", home, world.center_email),
        BenchPage("Senior leader view", home, world.leader_email),
        BenchPage("API: my collaboratives", "/api/v1/collaboratives/", world.it_email),
        BenchPage("API: collaborative", f"{api}/", world.center_email),
        BenchPage("API: memberships", f"{api}/memberships/", world.it_email),
        BenchPage("Calendar (center member)", f"/c/{slug}/calendar/", world.center_email),
        BenchPage("Calendar list (IT)", f"/c/{slug}/calendar/?view=list", world.it_email),
        BenchPage("Events (IT)", f"/c/{slug}/events/", world.it_email),
        BenchPage("Workplan by phase (IT)", f"/c/{slug}/workplan/", world.it_email),
        BenchPage("Workplan next two weeks", f"/c/{slug}/workplan/?view=two_weeks", world.it_email),
        BenchPage("Failed deliveries (IT)", f"/c/{slug}/outbox/failed/", world.it_email),
        BenchPage(
            "Events API (center member)",
            f"/api/v1/collaboratives/{slug}/events/",
            world.center_email,
        ),
        *evaluations_bench.pages(world),
    ]
