from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from statistics import mean
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from centers.assessments.models import (
    AssessmentRound,
    Rating,
    SelfAssessment,
)
from centers.teams.models import Center
from collaboratives.framework.models import PrimaryDriver, SecondaryDriver
from collaboratives.framework.selectors import framework_tree
from collaboratives.membership.models import Collaborative

if TYPE_CHECKING:
    from bsc.tenancy import Access


def local_today(collaborative: Collaborative) -> datetime.date:
    return timezone.localdate(timezone=ZoneInfo(collaborative.timezone))


def round_closed_reason(round_: AssessmentRound, today: datetime.date) -> str | None:
    if today < round_.opens_on:
        return _("This round opens on %(date)s.") % {
            "date": formats.date_format(round_.opens_on, "DATE_FORMAT")
        }
    if today > round_.due_on:
        return _("This round closed on %(date)s; assessments can no longer be changed.") % {
            "date": formats.date_format(round_.due_on, "DATE_FORMAT")
        }
    return None


def rounds_of(collaborative: Collaborative) -> QuerySet[AssessmentRound]:
    return AssessmentRound.objects.filter(collaborative=collaborative).order_by("number")


def get_round(access: Access, number: int) -> AssessmentRound:
    from django.http import Http404

    round_ = rounds_of(access.collaborative).filter(number=number).first()
    if round_ is None:
        raise Http404
    return round_


def snapshot_of(assessment: SelfAssessment) -> dict[str, Any]:
    """What the assessment says now: the shape kept in history and compared on conflict."""
    ratings = {}
    for rating in assessment.ratings.select_related("driver__primary"):
        ratings[str(rating.driver.public_id)] = {
            "code": f"{rating.driver.primary.number}.{rating.driver.number}",
            "score": str(rating.score) if rating.score is not None else None,
            "comment": rating.comment,
            "priority": rating.is_priority,
        }
    narratives = {
        str(n.driver.public_id): n.text for n in assessment.narratives.select_related("driver")
    }
    return {
        "version": assessment.version,
        "status": assessment.status,
        "ratings": ratings,
        "narratives": narratives,
        "updated_by": assessment.updated_by.get_full_name() if assessment.updated_by else "",
        "updated_at": assessment.updated_at.isoformat() if assessment.updated_at else "",
    }


def assessment_of(center: Center, round_: AssessmentRound) -> SelfAssessment | None:
    return (
        SelfAssessment.objects.filter(center=center, round=round_)
        .select_related("updated_by", "submitted_by")
        .first()
    )


def assessment_round_status(collaborative: Collaborative) -> list[dict[str, Any]]:
    """Each round with its submitted count out of the collaborative's centers (3 queries)."""
    from django.db.models import Count, Q

    today = local_today(collaborative)
    total = Center.objects.filter(collaborative=collaborative).count()
    rounds = rounds_of(collaborative).annotate(
        submitted=Count(
            "self_assessments",
            filter=Q(self_assessments__status=SelfAssessment.Status.SUBMITTED),
        )
    )
    return [
        {"round": r, "submitted": r.submitted, "total": total, "open": r.is_open(today)}
        for r in rounds
    ]


def score_class(score: Decimal | float | None) -> str:
    if score is None:
        return "s-none"
    return f"s{min(4, max(1, int(float(score))))}"


def _mean(values: list[Any]) -> float | None:
    values = [float(v) for v in values if v is not None]
    return round(mean(values), 2) if values else None


@dataclass
class DriverRow:
    driver: SecondaryDriver
    cells: list[Any]
    mean: float | None = None
    previous_mean: float | None = None
    strengths: int = 0
    challenges: int = 0

    @property
    def display(self) -> list[tuple[Any, str]]:
        return [(v, score_class(v)) for v in self.cells]

    @property
    def mean_class(self) -> str:
        return score_class(self.mean)

    @property
    def change(self) -> float | None:
        if self.mean is None or self.previous_mean is None:
            return None
        return round(self.mean - self.previous_mean, 2)


@dataclass
class PrimaryBlock:
    primary: PrimaryDriver
    rows: list[DriverRow]
    means: list[float | None] = field(default_factory=list)


def center_comparison(center: Center, collaborative: Collaborative) -> dict[str, Any]:
    """Table 1's layout: secondary drivers grouped by primary driver, one column per round,
    submitted scores only; a mean per primary driver and round. A fixed number of queries."""
    rounds = list(rounds_of(collaborative))
    _framework, _aims, primaries = framework_tree(collaborative)
    scores: dict[tuple[int, int], Decimal] = {}
    for driver_id, round_id, score in Rating.objects.filter(
        assessment__center=center, assessment__status=SelfAssessment.Status.SUBMITTED
    ).values_list("driver_id", "assessment__round_id", "score"):
        scores[(driver_id, round_id)] = score
    blocks = []
    for primary in primaries:
        rows = [
            DriverRow(driver=s, cells=[scores.get((s.pk, r.pk)) for r in rounds])
            for s in primary.secondaries
        ]
        means = [_mean([row.cells[i] for row in rows]) for i in range(len(rounds))]
        blocks.append(PrimaryBlock(primary=primary, rows=rows, means=means))
    return {"rounds": rounds, "blocks": blocks}


def collaborative_heatmap(collaborative: Collaborative, round_: AssessmentRound) -> dict[str, Any]:
    """Centers x secondary drivers for one round (submitted assessments), the mean per driver,
    the change from the previous round, and strengths/challenges per primary driver.

    Five queries whatever the number of centers.
    """
    centers = list(Center.objects.filter(collaborative=collaborative).order_by("name"))
    _framework, _aims, primaries = framework_tree(collaborative)
    previous = rounds_of(collaborative).filter(number__lt=round_.number).order_by("-number").first()
    round_ids = [round_.pk] + ([previous.pk] if previous else [])
    scores: dict[tuple[int, int, int], Decimal] = {}
    for center_id, driver_id, round_id, score in Rating.objects.filter(
        assessment__round_id__in=round_ids,
        assessment__status=SelfAssessment.Status.SUBMITTED,
        assessment__center__collaborative=collaborative,
    ).values_list("assessment__center_id", "driver_id", "assessment__round_id", "score"):
        scores[(center_id, driver_id, round_id)] = score
    submitted_ids = {c for c, _d, r in scores if r == round_.pk}
    blocks = []
    for primary in primaries:
        rows = []
        for driver in primary.secondaries:
            cells = [scores.get((c.pk, driver.pk, round_.pk)) for c in centers]
            row = DriverRow(driver=driver, cells=cells, mean=_mean(cells))
            if previous:
                row.previous_mean = _mean(
                    [scores.get((c.pk, driver.pk, previous.pk)) for c in centers]
                )
            row.strengths = sum(1 for v in cells if v is not None and v >= Decimal("3.5"))
            row.challenges = sum(1 for v in cells if v is not None and v <= Decimal("2"))
            rows.append(row)
        block = PrimaryBlock(primary=primary, rows=rows)
        block.means = [_mean([r.mean for r in rows])]
        blocks.append(block)
    return {
        "centers": centers,
        "submitted_count": len(submitted_ids),
        "blocks": blocks,
        "previous": previous,
    }


def priority_drivers(access: Access, center: Center) -> list[Rating]:
    """The priorities the team marked in its latest assessment that has any and that the
    viewer may read.

    A draft is the team's own working copy (the `view_self_assessment` rule): only the team,
    the IT and faculty see its priorities; other centers see those of submitted rounds.
    """
    assessments = SelfAssessment.objects.filter(center=center, ratings__is_priority=True)
    if not (access.is_it or access.is_faculty or access.center_id == center.pk):
        assessments = assessments.filter(status=SelfAssessment.Status.SUBMITTED)
    latest = assessments.order_by("-round__number").first()
    if latest is None:
        return []
    return list(
        latest.ratings.filter(is_priority=True)
        .select_related("driver__primary", "assessment__round")
        .order_by("driver__primary__number", "driver__number")
    )
