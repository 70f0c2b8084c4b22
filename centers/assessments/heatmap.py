"""The self-assessment heatmap: one row per center, one column per secondary driver.

160 centers × 30 drivers is 4,800 cells: looping over them in a template costs more than the
rest of the page. The cells of each center are joined into one HTML string here, from the
scores, and kept in the cache under a stamp of everything they are made from (the round's
assessments and the framework version), so a page view renders 160 ready rows.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max, Sum
from django.http import HttpRequest
from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language

from centers.assessments.models import AssessmentRound, Rating, SelfAssessment
from centers.assessments.selectors import _mean, round_version, rounds_of, score_class
from centers.teams.models import Center
from collaboratives.framework.versions import VersionPrimary, version_drivers
from collaboratives.membership.models import Collaborative

CACHE_SECONDS = 6 * 3600
STRENGTH = Decimal("3.5")
CHALLENGE = Decimal("2")


@dataclass
class DriverColumn:
    """One secondary driver's column: its mean, change and strengths/challenges counts."""

    number: str  # "1.3"
    text: str
    mean: float | None
    previous_mean: float | None
    strengths: int
    challenges: int

    @property
    def mean_class(self) -> str:
        return score_class(self.mean)

    @property
    def change(self) -> float | None:
        if self.mean is None or self.previous_mean is None:
            return None
        return round(self.mean - self.previous_mean, 2)


@dataclass
class PrimaryGroup:
    number: int
    name: str
    columns: list[DriverColumn]
    mean: float | None = None


@dataclass
class HeatmapCells:
    """What the cache keeps: per center the joined cells of each primary driver, the columns'
    statistics, and who submitted. Center names are not in it (they are read fresh)."""

    groups: list[PrimaryGroup]
    cells: dict[int, dict[int, str]] = field(default_factory=dict)  # center → primary → html
    submitted: set[int] = field(default_factory=set)


def _stamp(
    collaborative: Collaborative,
    round_: AssessmentRound,
    previous: AssessmentRound | None,
    version_id: int,
) -> str:
    """Each save of an assessment bumps its `version` and `updated_at`; a deletion changes
    the count: one aggregate covers every change to the cells. The collaborative's creation
    time tells a rebuilt collaborative that reuses a primary key from the old one."""
    round_ids = [round_.pk] + ([previous.pk] if previous else [])
    state = SelfAssessment.objects.filter(round_id__in=round_ids).aggregate(
        n=Count("id"), versions=Sum("version"), last=Max("updated_at")
    )
    born = collaborative.created_at.timestamp()
    return repr(
        (collaborative.pk, born, round_ids, version_id, sorted(state.items()), get_language())
    )


def _cell(score: Decimal | None, memo: dict[Any, str]) -> str:
    if score not in memo:
        text = "·" if score is None else escape(floatformat(score, "-1"))
        memo[score] = f'<td class="score {score_class(score)}">{text}</td>'
    return memo[score]


def _compute(
    collaborative: Collaborative,
    round_: AssessmentRound,
    previous: AssessmentRound | None,
    primaries: list[VersionPrimary],
) -> HeatmapCells:
    round_ids = [round_.pk] + ([previous.pk] if previous else [])
    scores: dict[tuple[int, str, int], Decimal | None] = {}
    center_ids = list(
        Center.objects.filter(collaborative=collaborative).values_list("pk", flat=True)
    )
    for center_id, driver_id, round_id, score in Rating.objects.filter(
        assessment__round_id__in=round_ids,
        assessment__status=SelfAssessment.Status.SUBMITTED,
        assessment__center__collaborative=collaborative,
    ).values_list("assessment__center_id", "driver__public_id", "assessment__round_id", "score"):
        scores[(center_id, str(driver_id), round_id)] = score
    result = HeatmapCells(groups=[])
    result.submitted = {c for c, _d, r in scores if r == round_.pk}
    memo: dict[Any, str] = {}
    for primary in primaries:
        columns = []
        for driver in primary.secondaries:
            cells = [scores.get((c, driver.public_id, round_.pk)) for c in center_ids]
            columns.append(
                DriverColumn(
                    number=f"{primary.number}.{driver.number}",
                    text=driver.text,
                    mean=_mean(cells),
                    previous_mean=(
                        _mean([scores.get((c, driver.public_id, previous.pk)) for c in center_ids])
                        if previous
                        else None
                    ),
                    strengths=sum(1 for v in cells if v is not None and v >= STRENGTH),
                    challenges=sum(1 for v in cells if v is not None and v <= CHALLENGE),
                )
            )
        group = PrimaryGroup(number=primary.number, name=primary.name, columns=columns)
        group.mean = _mean([c.mean for c in columns])
        result.groups.append(group)
        for center_id in center_ids:
            result.cells.setdefault(center_id, {})[primary.number] = "".join(
                _cell(scores.get((center_id, d.public_id, round_.pk)), memo)
                for d in primary.secondaries
            )
    return result


def collaborative_heatmap(
    request: HttpRequest,
    collaborative: Collaborative,
    round_: AssessmentRound,
    *,
    driver: int | None = None,
) -> dict[str, Any]:
    """The heatmap's context: the grid and the strengths/challenges cards as one ready HTML
    fragment, the driver groups (all, or the one primary driver asked for, which is what fits
    a phone), the submitted count and the previous round.

    The same queries whatever the number of centers, and on a cache hit no loop over them
    but hashing their names (which are read fresh, so a renamed center shows at once).
    """
    previous = rounds_of(collaborative).filter(number__lt=round_.number).order_by("-number").first()
    version = round_version(round_)
    stamp = _stamp(collaborative, round_, previous, version.pk)
    key = "heatmap:" + hashlib.sha256(stamp.encode()).hexdigest()
    data = cache.get(key)
    if data is None:
        data = _compute(collaborative, round_, previous, version_drivers(version))
        cache.set(key, data, CACHE_SECONDS)
    if driver not in {g.number for g in data.groups}:
        driver = None
    groups = [g for g in data.groups if driver is None or g.number == driver]
    centers = list(
        Center.objects.filter(collaborative=collaborative)
        .order_by("name")
        .values_list("pk", "slug", "name", "team_name")
    )
    fragment_key = (
        "heatmap-grid:"
        + hashlib.sha256(
            repr((stamp, driver, collaborative.slug, centers, get_language())).encode()
        ).hexdigest()
    )
    grid = cache.get(fragment_key)
    if grid is None:
        grid = render_to_string(
            "centers/assessments/heatmap.html#grid",
            {
                "rows": _rows(collaborative, centers, data, groups),
                "groups": groups,
                "previous": previous,
            },
            request=request,
        )
        cache.set(fragment_key, grid, CACHE_SECONDS)
    return {
        "grid": mark_safe(grid),  # noqa: S308 - rendered by our own template
        "all_groups": data.groups,
        "driver": driver,
        "center_count": len(centers),
        "submitted_count": len(data.submitted),
        "previous": previous,
    }


def _rows(
    collaborative: Collaborative,
    centers: list[tuple[int, str, str, str]],
    data: HeatmapCells,
    groups: list[PrimaryGroup],
) -> list[SafeString]:
    numbers = [g.number for g in groups]
    empty = {g.number: _cell(None, {}) * len(g.columns) for g in groups}
    # One reverse() for all rows: the slug is the URL's only part that varies.
    link = reverse("centers:comparison", args=[collaborative.slug, "center-slug"])
    rows = []
    for pk, slug, name, team_name in centers:
        cells = data.cells.get(pk, empty)
        rows.append(
            format_html(
                '<tr><th scope="row"><a href="{}" title="{}">{}</a></th>{}</tr>',
                link.replace("center-slug", slug),
                name,
                Truncator(team_name or name).chars(24),
                mark_safe("".join(cells.get(n, empty[n]) for n in numbers)),  # noqa: S308 - built from numbers and escaped text
            )
        )
    return rows
