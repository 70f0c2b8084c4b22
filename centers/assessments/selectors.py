from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from statistics import mean
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db.models import QuerySet, Subquery
from django.utils import formats
from django.utils.translation import gettext as _

from centers.assessments.models import (
    AssessmentRound,
    Rating,
    SelfAssessment,
)
from centers.teams.models import Center
from collaboratives.framework.models import FrameworkVersion
from collaboratives.framework.versions import (
    VersionPrimary,
    VersionSecondary,
    version_at,
    version_drivers,
)
from collaboratives.membership import dates
from collaboratives.membership.models import Collaborative

if TYPE_CHECKING:
    from bsc.tenancy import Access


local_today = dates.local_today


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
    return (
        AssessmentRound.objects.filter(collaborative=collaborative)
        .select_related("framework_version")
        .order_by("number")
    )


def _opened_at(round_: AssessmentRound, collaborative: Collaborative) -> datetime.datetime:
    return datetime.datetime.combine(
        round_.opens_on, datetime.time.min, tzinfo=ZoneInfo(collaborative.timezone)
    )


def round_version(round_: AssessmentRound) -> FrameworkVersion:
    """The framework version the round asks about: the one it is bound to, or else the one
    that was current when it opened (for a round still to open, the current one)."""
    if round_.framework_version_id is not None:
        return round_.framework_version
    collaborative = round_.collaborative
    return version_at(collaborative, _opened_at(round_, collaborative))


def round_versions(
    collaborative: Collaborative, rounds: list[AssessmentRound]
) -> dict[int, FrameworkVersion]:
    """`round_version` for many rounds in one query (rounds from `rounds_of`)."""
    if all(r.framework_version_id is not None for r in rounds):
        return {r.pk: r.framework_version for r in rounds}
    versions = list(
        FrameworkVersion.objects.filter(framework__collaborative=collaborative).order_by("number")
    )
    result = {}
    for round_ in rounds:
        if round_.framework_version_id is not None:
            result[round_.pk] = round_.framework_version
            continue
        opened = _opened_at(round_, collaborative)
        earlier = [v for v in versions if v.published_at <= opened]
        if earlier:
            result[round_.pk] = earlier[-1]
        else:
            # Opened before any version was published: the first version stands for it.
            result[round_.pk] = versions[0] if versions else version_at(collaborative, opened)
    return result


def assessment_version(
    round_: AssessmentRound, assessment: SelfAssessment | None
) -> FrameworkVersion:
    """A submitted assessment keeps the version it was submitted with; others follow the round."""
    if assessment is not None and assessment.framework_version_id is not None:
        return assessment.framework_version
    return round_version(round_)


def assessment_drivers(
    round_: AssessmentRound, assessment: SelfAssessment | None
) -> list[VersionPrimary]:
    """The primary drivers (secondaries on `.secondaries`) the assessment rates, with the
    wording of its version."""
    return version_drivers(assessment_version(round_, assessment))


def get_round(access: Access, number: int) -> AssessmentRound:
    from django.http import Http404

    round_ = rounds_of(access.collaborative).filter(number=number).first()
    if round_ is None:
        raise Http404
    round_.collaborative = access.collaborative
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
        .select_related("updated_by", "submitted_by", "framework_version")
        .first()
    )


def assessment_round_status(
    collaborative: Collaborative, total: int | None = None
) -> list[dict[str, Any]]:
    """Each round with its submitted count out of the collaborative's centers (`total` when
    the caller has counted them already)."""
    from django.db.models import Count, Q

    today = local_today(collaborative)
    if total is None:
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
    driver: VersionSecondary
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
    primary: VersionPrimary
    rows: list[DriverRow]
    means: list[float | None] = field(default_factory=list)


def center_comparison(center: Center, collaborative: Collaborative) -> dict[str, Any]:
    """Table 1's layout: secondary drivers grouped by primary driver, one column per round,
    submitted scores only; a mean per primary driver and round. A fixed number of queries.

    The drivers are those of the rounds' framework versions (a driver added later appears
    from the round that asks about it), worded as the newest of those versions words them.
    """
    rounds = list(rounds_of(collaborative).select_related("framework_version"))
    submitted = {
        a.round_id: a
        for a in SelfAssessment.objects.filter(
            center=center, round__in=rounds, status=SelfAssessment.Status.SUBMITTED
        ).select_related("framework_version")
    }
    by_round = round_versions(collaborative, rounds)
    merged: dict[str, VersionPrimary] = {}
    seen: dict[str, VersionSecondary] = {}
    for round_ in reversed(rounds):
        assessment = submitted.get(round_.pk)
        version = (
            assessment.framework_version
            if assessment is not None and assessment.framework_version_id is not None
            else by_round[round_.pk]
        )
        for primary in version_drivers(version):
            block = merged.setdefault(primary.public_id, primary)
            for secondary in primary.secondaries:
                if secondary.public_id not in seen:
                    seen[secondary.public_id] = secondary
                    if block is not primary:
                        secondary.primary = block
                        block.secondaries.append(secondary)
    primaries = sorted(merged.values(), key=lambda p: p.number)
    scores: dict[tuple[str, int], Decimal] = {}
    for driver_id, round_id, score in Rating.objects.filter(
        assessment__center=center, assessment__status=SelfAssessment.Status.SUBMITTED
    ).values_list("driver__public_id", "assessment__round_id", "score"):
        scores[(str(driver_id), round_id)] = score
    blocks = []
    for primary in primaries:
        primary.secondaries.sort(key=lambda s: s.number)
        rows = [
            DriverRow(driver=s, cells=[scores.get((s.public_id, r.pk)) for r in rounds])
            for s in primary.secondaries
        ]
        means = [_mean([row.cells[i] for row in rows]) for i in range(len(rounds))]
        blocks.append(PrimaryBlock(primary=primary, rows=rows, means=means))
    return {"rounds": rounds, "blocks": blocks}


def _assessments_with_priorities(access: Access, center: Center) -> QuerySet[SelfAssessment]:
    """The center's assessments with priorities the viewer may read, latest round first.

    A draft is the team's own working copy (the `view_self_assessment` rule): only the team,
    the IT and faculty see its priorities; other centers see those of submitted rounds.
    """
    assessments = SelfAssessment.objects.filter(center=center, ratings__is_priority=True)
    if not (access.is_it or access.is_faculty or access.center_id == center.pk):
        assessments = assessments.filter(status=SelfAssessment.Status.SUBMITTED)
    return assessments.order_by("-round__number")


def priority_ratings(access: Access, center: Center) -> QuerySet[Rating]:
    """The ratings `priority_drivers` returns, as a query not yet run: a page that only marks
    which drivers are priorities reads it inside its own query (e.g. in an `Exists`)."""
    latest = _assessments_with_priorities(access, center).values("pk")[:1]
    return Rating.objects.filter(assessment=Subquery(latest), is_priority=True)


def priority_drivers(access: Access, center: Center) -> list[Rating]:
    """The priorities the team marked in its latest assessment that has any and that the
    viewer may read (see `_assessments_with_priorities`)."""
    latest = _assessments_with_priorities(access, center).first()
    if latest is None:
        return []
    return list(
        latest.ratings.filter(is_priority=True)
        .select_related("driver__primary", "assessment__round")
        .order_by("driver__primary__number", "driver__number")
    )
