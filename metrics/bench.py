"""Benchmark seed and pages of the metrics app (contract in bsc/bench.py): six metrics with a
value for every center and month, a phase and an exclusion per center, PDSA cycles."""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.urls import reverse
from django.utils import timezone

from bsc.bench import BenchPage, BenchWorld
from collaboratives.framework.models import Metric
from metrics.charts.models import ChartExclusion, ChartPhase
from metrics.equity import bench as equity_bench
from metrics.values.models import MetricsSettings, MetricValue, add_months
from pdsa.cycles.models import Cycle, Ramp

BENCH_METRICS = [
    ("bench-two-way", "Two-way communication", Metric.MetricType.PROPORTION, "p"),
    ("bench-behaviors", "Challenging behaviors", Metric.MetricType.COUNT, "c"),
    ("bench-routines", "Visual routines in use", Metric.MetricType.PROPORTION, "run"),
    ("bench-incidents", "Incident reports", Metric.MetricType.COUNT, "run"),
    ("bench-praise", "Praise statements per hour", Metric.MetricType.RATE, "u"),
    ("bench-wellbeing", "Staff well-being score", Metric.MetricType.MEASUREMENT, "i"),
]


def bench_metrics(collaborative: Any) -> list[Metric]:
    metrics = []
    for order, (slug, name, kind, chart) in enumerate(BENCH_METRICS):
        metric, _created = Metric.objects.get_or_create(
            collaborative=collaborative,
            slug=slug,
            defaults={"name": name, "metric_type": kind, "chart": chart, "order": order},
        )
        metrics.append(metric)
    return metrics


def bench_months(world: BenchWorld) -> list[datetime.date]:
    """The world's last `months` months, ending this month (or the collaborative's last)."""
    collaborative = world.collaborative
    last = min(timezone.localdate(), collaborative.end_date).replace(day=1)
    return [add_months(last, -offset) for offset in range(world.months - 1, -1, -1)]


def seed(world: BenchWorld) -> None:
    collaborative = world.collaborative
    metrics = bench_metrics(collaborative)
    months = bench_months(world)
    start = collaborative.start_date.replace(day=1)
    before = max(0, (start.year - months[0].year) * 12 + start.month - months[0].month)
    MetricsSettings.objects.update_or_create(
        collaborative=collaborative, defaults={"baseline_months": before}
    )
    rng = random.Random(collaborative.slug)  # noqa: S311 - bench data
    now = timezone.now()
    rows = []
    for center in world.centers:
        for metric in metrics:
            for index, month in enumerate(months):
                gain = max(0, index - 8) / len(months)
                fields: dict[str, Any] = {}
                if metric.metric_type in (Metric.MetricType.PROPORTION, Metric.MetricType.RATE):
                    denominator = rng.randint(15, 45)
                    share = min(0.95, 0.4 + gain * 0.5 + rng.uniform(-0.08, 0.08))
                    fields = {"numerator": round(share * denominator), "denominator": denominator}
                elif metric.metric_type == Metric.MetricType.COUNT:
                    fields = {"value": max(0, round(15 * (1 - gain) + rng.gauss(0, 2)))}
                else:
                    fields = {"value": round(3 + gain + rng.uniform(-0.4, 0.4), 2)}
                rows.append(
                    MetricValue(
                        center=center,
                        metric=metric,
                        month=month,
                        first_submitted_at=now,
                        submitted_at=now,
                        **fields,
                    )
                )
    MetricValue.objects.bulk_create(rows, batch_size=2000)
    ChartPhase.objects.bulk_create(
        ChartPhase(center=c, metric=metrics[1], start_month=months[len(months) // 2], reason="x")
        for c in world.centers
    )
    ChartExclusion.objects.bulk_create(
        ChartExclusion(center=c, metric=metrics[0], month=months[2], reason="closed")
        for c in world.centers
    )
    if not Ramp.objects.filter(center__in=world.centers).exists():
        ramps = Ramp.objects.bulk_create(
            Ramp(center=c, title=f"Idea {n}") for c in world.centers for n in range(2)
        )
        Cycle.objects.bulk_create(
            Cycle(
                ramp=ramp,
                number=k + 1,
                objective="Test",
                start_date=months[(4 + 3 * k) % len(months)],
            )
            for ramp in ramps
            for k in range(3)
        )
    world.extra["metrics_month"] = months[-2]
    equity_bench.seed(world, months)
    _seed_synthesis(world)


def _seed_synthesis(world: BenchWorld) -> None:
    """300 themes citing cycles, and this month's newsletter draft (built from activity)."""
    from metrics.newsletter.build import build_draft
    from metrics.synthesis.models import Theme, ThemeEvidence

    collaborative = world.collaborative
    if Theme.objects.filter(collaborative=collaborative).exists():
        return
    lenses = list(Theme.Lens.values)
    visibilities = list(Theme.Visibility.values)
    themes = Theme.objects.bulk_create(
        Theme(
            collaborative=collaborative,
            title=f"Theme {n}",
            body="Seen across centers",
            body_html="<p>Seen across centers</p>",
            lens=lenses[n % len(lenses)],
            visibility=visibilities[n % len(visibilities)],
            action_period=1 + n % 3,
        )
        for n in range(300)
    )
    cycles = list(Cycle.objects.filter(ramp__center__in=world.centers).order_by("pk")[:600])
    ThemeEvidence.objects.bulk_create(
        ThemeEvidence(
            theme=theme,
            kind=ThemeEvidence.Kind.CYCLE,
            ref=str(cycle.public_id),
            label=f"Cycle {cycle.pk}",
            url="/",
        )
        for index, theme in enumerate(themes)
        for cycle in cycles[index * 2 : index * 2 + 2]
    )
    through = Theme.centers.through
    through.objects.bulk_create(
        through(theme_id=theme.pk, center_id=world.centers[index % len(world.centers)].pk)
        for index, theme in enumerate(themes)
    )
    newsletter, _created = build_draft(collaborative, timezone.localdate())
    world.extra["newsletter"] = newsletter.public_id


def pages(world: BenchWorld) -> list[BenchPage]:
    slug = world.collaborative.slug
    first = world.centers[0].slug
    return [
        BenchPage(
            "Metrics: completeness board",
            reverse("metrics:completeness", args=[slug]),
            world.it_email,
        ),
        BenchPage(
            "Metrics: center's chart page",
            reverse("metrics:center-charts", args=[slug, first]),
            world.center_email,
        ),
        BenchPage(
            "Metrics: small multiples + summary",
            reverse("metrics:collaborative-charts", args=[slug]),
            world.it_email,
        ),
        *equity_bench.pages(world),
        BenchPage(
            "Engagement: continuum table",
            reverse("metrics:engagement", args=[slug]),
            world.it_email,
        ),
        BenchPage("Themes: 300 themes", reverse("metrics:themes", args=[slug]), world.it_email),
        BenchPage(
            # The newsletter draft's computation: the month's activity across the collaborative.
            "Synthesis: this month across the collaborative",
            reverse("metrics:across", args=[slug]),
            world.it_email,
        ),
        BenchPage(
            "Newsletter: draft preview",
            reverse("metrics:newsletter", args=[slug, world.extra["newsletter"]]),
            world.it_email,
        ),
    ]


def seed_loadtest(world: BenchWorld, centers: int) -> None:
    """The last complete month's metric report of the first `centers` centers, built as a PDF,
    for the senior leaders' and the IT's downloads."""
    from metrics.reports.models import Report
    from metrics.reports.services import report_build, report_get_or_create

    month = world.extra["metrics_month"]
    for center in world.centers[:centers]:
        report = report_get_or_create(
            world.collaborative, Report.Kind.CENTER_METRICS, month, center
        )
        if not report.files.exists():
            report_build(report, announce=False)
