"""Bench data and pages for the change framework and self-assessments."""

from __future__ import annotations

import datetime

from django.urls import reverse

from bsc.bench import BenchPage, BenchWorld
from centers.assessments.demo import seed_assessments
from centers.assessments.models import AssessmentRound
from collaboratives.framework.copying import apply_framework_data, builtin_template
from collaboratives.framework.selectors import framework_of
from collaboratives.framework.versions import current_version


def seed(world: BenchWorld) -> None:
    """The BSC-SEL framework, three rounds, every center submitted in rounds 1-2 and about
    two thirds in round 3."""
    collaborative = world.collaborative
    framework = framework_of(collaborative)
    if not framework.primary_drivers.exists():
        apply_framework_data(framework, builtin_template())
    current_version(collaborative)  # published, as in a collaborative that runs rounds
    seed_selection(world)
    if AssessmentRound.objects.filter(collaborative=collaborative).exists():
        return
    start = collaborative.start_date
    rounds = [
        AssessmentRound.objects.create(
            collaborative=collaborative,
            number=number,
            name=name,
            opens_on=start + datetime.timedelta(days=offset),
            due_on=start + datetime.timedelta(days=offset + 21),
        )
        for number, name, offset in [
            (1, "Pre-work self-assessment", 0),
            (2, "Before Learning Session 2", 120),
            (3, "Final self-assessment", 330),
        ]
    ]
    round_3 = {c.slug for index, c in enumerate(world.centers) if index % 3 != 2}
    seed_assessments(
        collaborative,
        list(world.centers),
        rounds,
        {1: None, 2: None, 3: round_3},
        table_1_center=world.centers[0].slug if world.centers else None,
    )


def seed_selection(world: BenchWorld) -> None:
    """An application period with 200 submitted applications in the large world (20 in the
    small), two reviews each, half of them submitted."""
    from bsc.models import User
    from bsc.tenancy import get_access
    from centers.selection import services
    from centers.selection.models import Application, Review

    collaborative = world.collaborative
    if collaborative.application_periods.exists():
        return
    it = get_access(User.objects.get(email=world.it_email), collaborative.slug)
    start = collaborative.start_date
    period = services.period_create(
        access=it,
        data={
            "name": "Bench applications",
            "opens_on": start - datetime.timedelta(days=150),
            "closes_on": start - datetime.timedelta(days=110),
        },
    )
    count = 200 if len(world.centers) > 50 else 20
    kinds = ["stand_alone", "multi_site", "head_start", "early_head_start"]
    Application.objects.bulk_create(
        Application(
            period=period,
            collaborative=collaborative,
            center_name=f"Applicant {n:03d}",
            center_type=kinds[n % 4],
            age_groups=["preschool"] if n % 2 else ["infants", "toddlers"],
            community=["urban", "rural", "suburban"][n % 3],
            contact_email=f"applicant{n}@bench.test",
            answers={q["key"]: "An answer." for q in period.questions},
            status=Application.Status.SUBMITTED,
        )
        for n in range(count)
    )
    reviewers = [
        User.objects.get(email=world.it_email),
        User.objects.get(email=world.faculty_email),
    ]
    criteria = list(period.criteria.all())
    scores = {str(c.public_id): 3 for c in criteria}
    reviews = []
    for n, application in enumerate(period.applications.order_by("pk")):
        for index, reviewer in enumerate(reviewers):
            done = (n + index) % 2 == 0
            reviews.append(
                Review(
                    application=application,
                    reviewer=reviewer,
                    scores=scores if done else {},
                    weighted_score=services.weighted_score(scores, criteria) if done else None,
                    recommendation="accept" if done else "",
                    submitted_at=application.created_at if done else None,
                )
            )
    Review.objects.bulk_create(reviews)
    world.extra["selection_period"] = period


def pages(world: BenchWorld) -> list[BenchPage]:
    slug = world.collaborative.slug
    first = world.centers[0].slug
    period = world.collaborative.application_periods.order_by("pk").first()
    return [
        BenchPage(
            "Selection ranking table",
            reverse("centers:selection-period", args=[slug, period.public_id]),
            world.it_email,
        ),
        BenchPage(
            "Selection reviewer queue",
            reverse("centers:selection-queue", args=[slug]),
            world.faculty_email,
        ),
        BenchPage(
            "Self-assessment heatmap (round 2)",
            reverse("centers:heatmap", args=[slug, 2]),
            world.it_email,
        ),
        BenchPage(
            "Self-assessment round comparison",
            reverse("centers:comparison", args=[slug, first]),
            world.center_email,
        ),
        BenchPage(
            "Self-assessment form",
            reverse("centers:assessment", args=[slug, first, 3]),
            world.center_email,
        ),
        BenchPage(
            "Driver diagram", reverse("collaboratives:framework", args=[slug]), world.faculty_email
        ),
        BenchPage(
            "Framework versions",
            reverse("collaboratives:framework-versions", args=[slug]),
            world.faculty_email,
        ),
        BenchPage(
            "Framework version 1",
            reverse("collaboratives:framework-version", args=[slug, 1]),
            world.faculty_email,
        ),
        BenchPage(
            "API: own self-assessment",
            f"/api/v1/collaboratives/{slug}/centers/{first}/self-assessments/3/",
            world.center_email,
        ),
        BenchPage(
            "API: centers",
            f"/api/v1/collaboratives/{slug}/centers/",
            world.faculty_email,
        ),
        BenchPage(
            "API: center", f"/api/v1/collaboratives/{slug}/centers/{first}/", world.center_email
        ),
    ]
