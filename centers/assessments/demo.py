"""Demo self-assessments: three BSC-SEL rounds, all eight centers submitted in rounds 1 and 2,
five in round 3; the first center's driver 3 follows Table 1 of the Field Guide."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from bsc.demo import DemoContext
from centers.assessments.models import (
    AssessmentRound,
    DriverNarrative,
    Rating,
    SelfAssessment,
    SelfAssessmentRevision,
)
from centers.assessments.selectors import snapshot_of
from centers.teams.models import Center
from collaboratives.framework.models import PrimaryDriver
from collaboratives.framework.selectors import active_secondary_drivers
from collaboratives.membership.models import Collaborative

# Table 1: Driver 3 from BSC-SEL Team Self-Assessment (hypothetical example), LS1/LS2/LS3.
TABLE_1 = {
    1: ("3", "2", "3"),
    2: ("4", "3", "3"),
    3: ("3", "3", "4"),
    4: ("4", "4", "4"),
    5: ("3", "2", "3"),
    6: ("3.5", "3.5", "4"),
}


ROUND_3_CENTERS = {"sunrise", "little-oaks", "harbor-view", "cedar-grove", "bright-path"}


COMMENTS = [
    "We do this in most classrooms but not yet consistently.",
    "Our team had different views on this; teachers rated it lower than leaders.",
    "A strength we can share with other teams.",
    "Depends on who is working that day.",
    "",
    "",
]


def demo_score(center_slug: str, code: str, round_number: int) -> Decimal:
    """A plausible score: confident at first, a dip at round 2, recovery by round 3."""
    rng = random.Random(f"{center_slug}:{code}")  # noqa: S311 - demo data, not security
    base = rng.choice([2.5, 3, 3, 3.5, 3.5, 4])
    dip = rng.choice([0, 0.5, 0.5, 1])
    gain = rng.choice([0, 0.5, 0.5, 1])
    value = {1: base, 2: base - dip, 3: base - dip + gain}[round_number]
    return Decimal(str(min(4.0, max(1.0, value))))


def demo_rounds(collaborative: Collaborative, today: datetime.date) -> list[AssessmentRound]:
    start = collaborative.start_date
    spans = [
        ("Pre-work self-assessment", start, start + datetime.timedelta(days=21)),
        (
            "Before Learning Session 2",
            start + datetime.timedelta(days=120),
            start + datetime.timedelta(days=150),
        ),
        (
            "Final self-assessment",
            today - datetime.timedelta(days=10),
            today + datetime.timedelta(days=20),
        ),
    ]
    return [
        AssessmentRound.objects.get_or_create(
            collaborative=collaborative,
            number=number,
            defaults={"name": name, "opens_on": opens, "due_on": due},
        )[0]
        for number, (name, opens, due) in enumerate(spans, start=1)
    ]


def seed_assessments(
    collaborative: Collaborative,
    centers: list[Center],
    rounds: list[AssessmentRound],
    submitted: dict[int, set[str] | None],
    *,
    user=None,
    table_1_center: str | None = None,
) -> None:
    """Submitted assessments with ratings and narratives, in bulk; `submitted[round number]`
    names the centers that submitted (None = all)."""
    drivers = list(active_secondary_drivers(collaborative))
    primaries = list(
        PrimaryDriver.objects.filter(
            framework__collaborative=collaborative, retired_at__isnull=True
        )
    )
    now = timezone.now()
    for round_ in rounds:
        chosen = [
            c
            for c in centers
            if submitted.get(round_.number) is None or c.slug in submitted[round_.number]
        ]
        assessments = SelfAssessment.objects.bulk_create(
            [
                SelfAssessment(
                    center=c,
                    round=round_,
                    status=SelfAssessment.Status.SUBMITTED,
                    version=1,
                    submitted_at=now,
                    submitted_by=user,
                    updated_by=user,
                )
                for c in chosen
            ]
        )
        ratings, narratives = [], []
        for assessment, center in zip(assessments, chosen, strict=True):
            for driver in drivers:
                code = f"{driver.primary.number}.{driver.number}"
                if (
                    center.slug == table_1_center
                    and driver.primary.number == 3
                    and (driver.number in TABLE_1)
                ):
                    score = Decimal(TABLE_1[driver.number][round_.number - 1])
                else:
                    score = demo_score(center.slug, code, round_.number)
                comment = COMMENTS[(driver.number + round_.number + len(center.slug)) % 6]
                priority = (
                    center.slug == table_1_center
                    and code in {"3.1", "3.5", "2.6"}
                    and round_.number >= 2
                )
                ratings.append(
                    Rating(
                        assessment=assessment,
                        driver=driver,
                        score=score,
                        comment=comment,
                        is_priority=priority,
                    )
                )
            for primary in primaries:
                narratives.append(
                    DriverNarrative(
                        assessment=assessment,
                        driver=primary,
                        text=f"Our team discussed {primary.name.lower()} together.",
                    )
                )
        Rating.objects.bulk_create(ratings, batch_size=2000)
        DriverNarrative.objects.bulk_create(narratives, batch_size=2000)
        SelfAssessmentRevision.objects.bulk_create(
            [
                SelfAssessmentRevision(
                    assessment=a,
                    version=1,
                    status=a.status,
                    snapshot=snapshot_of(a),
                    saved_by=user,
                )
                for a in assessments
            ]
            if len(assessments) <= 50
            else [
                SelfAssessmentRevision(assessment=a, version=1, status=a.status, saved_by=user)
                for a in assessments
            ],
            batch_size=2000,
        )


def load_assessments(ctx: DemoContext) -> None:
    sel = ctx.objects["sel"]
    if AssessmentRound.objects.filter(collaborative=sel).exists():
        return
    rounds = demo_rounds(sel, ctx.today)
    centers = list(ctx.objects["sel_centers"])
    user = ctx.user("center@demo.test", "Carmen Diaz")
    seed_assessments(
        sel,
        centers,
        rounds,
        {1: None, 2: None, 3: ROUND_3_CENTERS},
        user=user,
        table_1_center=centers[0].slug,
    )
