"""Benchmark data and pages of the timeline: calendar, events, workplan."""

from django.utils import timezone

from bsc.bench import BenchPage, BenchWorld
from collaboratives.evaluations import bench as evaluations_bench
from collaboratives.workplan.demo import build_timeline


def seed(world: BenchWorld) -> None:
    build_timeline(world.collaborative, timezone.localdate(), world.it_email)
    evaluations_bench.seed(world)
    seed_sessions(world)


def seed_sessions(world: BenchWorld) -> None:
    """Appendix G agendas, RSVPs and consultations, and attendance at up to 40 held events."""
    from bsc.tenancy import Access
    from collaboratives.membership.models import Membership
    from collaboratives.sessions.demo import build_sessions
    from collaboratives.sessions.models import AgendaBlock

    collab = world.collaborative
    if AgendaBlock.objects.filter(event__collaborative=collab).exists():
        return
    lead = Membership.objects.select_related("user").get(
        collaborative=collab, user__email=world.it_email
    )
    build_sessions(Access(user=lead.user, collaborative=collab, membership=lead), collab, calls=37)


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
        *session_pages(world),
        BenchPage(
            "Events API (center member)",
            f"/api/v1/collaboratives/{slug}/events/",
            world.center_email,
        ),
        *evaluations_bench.pages(world),
    ]


def session_pages(world: BenchWorld) -> list[BenchPage]:
    from collaboratives.schedule.models import Event

    slug = world.collaborative.slug
    ls1 = world.collaborative.events.filter(kind=Event.Kind.LEARNING_SESSION, number=1).first()
    pages = [
        BenchPage("Participation matrix (IT)", f"/c/{slug}/participation/", world.it_email),
        BenchPage("Participation CSV (IT)", f"/c/{slug}/participation.csv", world.it_email),
        BenchPage("Team consultations (IT)", f"/c/{slug}/consultations/", world.it_email),
    ]
    if world.centers:
        pages.append(
            BenchPage(
                "Participation of one center (IT)",
                f"/c/{slug}/participation/?center={world.centers[0].slug}",
                world.it_email,
            )
        )
    if ls1 is not None:
        event = ls1.public_id
        pages += [
            BenchPage(
                "Agenda (center member)", f"/c/{slug}/sessions/{event}/agenda/", world.center_email
            ),
            BenchPage(
                "Agenda builder (IT)", f"/c/{slug}/sessions/{event}/agenda/build/", world.it_email
            ),
            BenchPage(
                "Run-of-show (faculty)",
                f"/c/{slug}/sessions/{event}/run-of-show/",
                world.faculty_email,
            ),
            BenchPage(
                "RSVPs and attendance (IT)", f"/c/{slug}/events/{event}/attendance/", world.it_email
            ),
            BenchPage(
                "Agenda API (center member)",
                f"/api/v1/collaboratives/{slug}/events/{event}/agenda/",
                world.center_email,
            ),
        ]
        if world.centers:
            pages.append(
                BenchPage(
                    "RSVPs and attendance of one center (IT)",
                    f"/c/{slug}/events/{event}/attendance/?center={world.centers[0].slug}",
                    world.it_email,
                )
            )
    return pages
