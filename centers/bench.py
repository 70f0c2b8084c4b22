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


def pages(world: BenchWorld) -> list[BenchPage]:
    slug = world.collaborative.slug
    first = world.centers[0].slug
    return [
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
