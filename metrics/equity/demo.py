"""The BSC-SEL demo's equity data: a "Behavior incidents" metric (children with at least one
incident among children enrolled) broken down by race/ethnicity and by IEP/IFSP status for
the last 12 months. At Riverbend, Black children are far more likely to have an incident until
a PDSA cycle on bias-free responses to behavior starts; at Willow Creek, the two Asian
children form a subgroup too small to show."""

from __future__ import annotations

import datetime
import random
import zoneinfo
from typing import Any

from django.utils import timezone

from collaboratives.framework.models import Metric
from collaboratives.membership.models import Membership
from metrics.equity.models import MetricBreakdown, SubgroupEntry, SubgroupValue
from metrics.equity.services import default_dimensions_ensure, equity_settings_for
from metrics.values.models import MetricValue, MetricValueHistory, add_months
from pdsa.cycles.models import Cycle, Ramp

INCIDENTS = {
    "slug": "behavior-incidents",
    "name": "Behavior incidents",
    "definition": "Percent of enrolled children with at least one behavior incident report in "
    "the month.",
    "how_to_collect": "The director counts, from the month's incident reports, the children "
    "with at least one report, by subgroup; no child's name leaves the center.",
    "metric_type": Metric.MetricType.PROPORTION,
    "numerator_label": "Children with a behavior incident",
    "denominator_label": "Children enrolled",
    "unit": "%",
    "direction": Metric.Direction.LOWER,
    "chart": Metric.Chart.P,
    "required": False,
    "order": 3,
}
DISPROPORTIONATE = "riverbend"
SMALL_GROUP = "willow-creek"
PDSA_MONTH = 6  # the month (of the 12) the Riverbend cycle starts

# Children per race/ethnicity subgroup at a typical center.
COMPOSITION = {"black": 20, "hispanic": 18, "white": 26, "multiracial": 10, "not-reported": 10}


def _iep_split(children: int, events: int, rng: random.Random) -> dict[str, tuple[int, int]]:
    with_plan = max(10, round(children * 0.14))
    unknown = 0
    events_plan = min(with_plan, round(events * 0.35))
    return {
        "iep-ifsp": (events_plan, with_plan),
        "no-iep-ifsp": (events - events_plan, children - with_plan - unknown),
        "not-reported": (0, unknown),
    }


def load(ctx: Any, sel: Any, centers: list[Any], last_month: datetime.date) -> None:
    defaults = {k: v for k, v in INCIDENTS.items() if k != "slug"}
    metric, _created = Metric.objects.get_or_create(
        collaborative=sel, slug=INCIDENTS["slug"], defaults=defaults
    )
    dimensions = {d.slug: d for d in default_dimensions_ensure(sel)}
    equity_settings_for(sel)
    race = MetricBreakdown.objects.get_or_create(
        metric=metric,
        dimension=dimensions["race-ethnicity"],
        defaults={"event_phrase": "have a behavior incident"},
    )[0]
    iep = MetricBreakdown.objects.get_or_create(
        metric=metric,
        dimension=dimensions["iep-ifsp"],
        defaults={"event_phrase": "have a behavior incident"},
    )[0]
    if SubgroupValue.objects.filter(metric=metric).exists():
        return
    months = [add_months(last_month, -offset) for offset in range(11, -1, -1)]
    race_categories = {c.slug: c for c in race.dimension.categories.all()}
    iep_categories = {c.slug: c for c in iep.dimension.categories.all()}
    tz = zoneinfo.ZoneInfo(sel.timezone)
    values, totals, entries = [], [], []
    for center in centers:
        rng = random.Random(f"equity-{center.slug}")  # noqa: S311 - demo data
        submitter = (
            Membership.objects.filter(center=center, data_point_person=True)
            .select_related("user")
            .first()
            or Membership.objects.filter(center=center).select_related("user").first()
        )
        user = submitter.user if submitter else None
        composition = {slug: n + rng.randint(-3, 3) for slug, n in COMPOSITION.items()}
        if center.slug == SMALL_GROUP:
            composition["asian"] = 2
        if center.slug == DISPROPORTIONATE:
            _pdsa(center, months[PDSA_MONTH])
        for index, month in enumerate(months):
            counts: dict[str, tuple[int, int]] = {}
            for slug, children in composition.items():
                risk = 0.12
                if center.slug == DISPROPORTIONATE and slug == "black":
                    # Three times the others' risk before the cycle, nearly equal after it.
                    risk = 0.36 if index < PDSA_MONTH else 0.16
                events = min(children, max(0, round(children * risk + rng.uniform(-1, 1))))
                counts[slug] = (events, children)
            events = sum(e for e, _c in counts.values())
            children = sum(c for _e, c in counts.values())
            at = timezone.make_aware(
                datetime.datetime.combine(add_months(month, 1), datetime.time(10)), tz
            )
            at = min(at, timezone.now() - datetime.timedelta(hours=1))
            totals.append(
                MetricValue(
                    center=center,
                    metric=metric,
                    month=month,
                    numerator=events,
                    denominator=children,
                    submitted_by=user,
                    first_submitted_at=at,
                    submitted_at=at,
                )
            )
            for breakdown, categories, split in (
                (race, race_categories, counts),
                (iep, iep_categories, _iep_split(children, events, rng)),
            ):
                for slug, (e, c) in split.items():
                    values.append(
                        SubgroupValue(
                            center=center,
                            metric=metric,
                            category=categories[slug],
                            month=month,
                            events=e,
                            children=c,
                        )
                    )
                entries.append(
                    SubgroupEntry(
                        center=center,
                        metric=metric,
                        dimension=breakdown.dimension,
                        month=month,
                        changed_by=user,
                        changed_at=at,
                        new={slug: list(pair) for slug, pair in split.items()},
                        source="demo",
                    )
                )
    MetricValue.objects.bulk_create(totals, batch_size=500)
    MetricValueHistory.objects.bulk_create(
        [
            MetricValueHistory(
                metric_value=row,
                changed_by=row.submitted_by,
                changed_at=row.submitted_at,
                new=row.snapshot(),
                source="demo",
            )
            for row in MetricValue.objects.filter(metric=metric)
        ],
        batch_size=500,
    )
    SubgroupValue.objects.bulk_create(values, batch_size=1000)
    SubgroupEntry.objects.bulk_create(entries, batch_size=500)


def _pdsa(center: Any, month: datetime.date) -> None:
    ramp = Ramp.objects.create(
        center=center,
        title="Fair responses to challenging behavior",
        change_idea="Pause and reflect with a co-teacher before writing an incident report, "
        "using the Pyramid Model's decision points for bias.",
    )
    # Driver 4 of BSC-SEL: collecting and reviewing data by race/ethnicity, language and ability.
    from collaboratives.framework.models import SecondaryDriver

    drivers = SecondaryDriver.objects.filter(
        primary__framework__collaborative=center.collaborative
    ).order_by("primary__number", "number")
    ramp.secondary_drivers.set(drivers.filter(primary__number=4)[:1] or drivers[:1])
    Cycle.objects.create(
        ramp=ramp,
        number=1,
        objective="Use the pause-and-reflect step in two preschool classrooms for a month",
        start_date=month + datetime.timedelta(days=2),
        end_date=month + datetime.timedelta(days=30),
        stage=Cycle.Stage.DONE,
    )
