"""Benchmark data of the equity lens: one metric broken down by all five shipped dimensions,
for every center and month of the world (160 centers × 24 months in the large one)."""

from __future__ import annotations

import random
from typing import Any

from django.urls import reverse
from django.utils import timezone

from bsc.bench import BenchPage, BenchWorld
from collaboratives.framework.models import Metric
from metrics.equity.models import MetricBreakdown, SubgroupValue
from metrics.equity.services import default_dimensions_ensure
from metrics.values.models import MetricValue

SLUG = "bench-incidents-by-group"


def seed(world: BenchWorld, months: list[Any]) -> None:
    collaborative = world.collaborative
    metric, _created = Metric.objects.get_or_create(
        collaborative=collaborative,
        slug=SLUG,
        defaults={
            "name": "Children with a behavior incident",
            "metric_type": Metric.MetricType.PROPORTION,
            "chart": "p",
            "order": 20,
            "required": False,
        },
    )
    dimensions = default_dimensions_ensure(collaborative)
    for dimension in dimensions:
        MetricBreakdown.objects.get_or_create(
            metric=metric, dimension=dimension, defaults={"event_phrase": "have an incident"}
        )
    categories = {d.pk: list(d.categories.all()) for d in dimensions}
    rng = random.Random(f"equity-{collaborative.slug}")  # noqa: S311 - bench data
    now = timezone.now()
    totals, values = [], []
    for center in world.centers:
        for month in months:
            children = rng.randint(40, 90)
            events = rng.randint(3, 15)
            totals.append(
                MetricValue(
                    center=center,
                    metric=metric,
                    month=month,
                    numerator=events,
                    denominator=children,
                    first_submitted_at=now,
                    submitted_at=now,
                )
            )
            for dimension in dimensions:
                groups = categories[dimension.pk]
                left_children, left_events = children, events
                for index, category in enumerate(groups):
                    last = index == len(groups) - 1
                    share = left_children if last else rng.randint(0, left_children // 2)
                    hits = left_events if last else min(share, rng.randint(0, left_events))
                    left_children -= share
                    left_events -= hits
                    values.append(
                        SubgroupValue(
                            center=center,
                            metric=metric,
                            category=category,
                            month=month,
                            events=min(hits, share) if not last else hits,
                            children=max(share, hits),
                        )
                    )
    MetricValue.objects.bulk_create(totals, batch_size=2000)
    SubgroupValue.objects.bulk_create(values, batch_size=5000)


def pages(world: BenchWorld) -> list[BenchPage]:
    slug = world.collaborative.slug
    first = world.centers[0].slug
    query = f"?metric={SLUG}&dimension=race-ethnicity"
    return [
        BenchPage(
            "Equity: a center's subgroups and ratio charts",
            reverse("metrics:equity-center", args=[slug, first]) + query,
            world.center_email,
        ),
        BenchPage(
            "Equity: risk ratios across centers",
            reverse("metrics:equity-collaborative", args=[slug]) + query,
            world.it_email,
        ),
    ]
