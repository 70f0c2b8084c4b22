"""Demo monthly metrics for BSC-SEL: both metrics for all eight centers over the baseline
months and the months since the start, with improvement after PDSA work at some centers,
one center with gaps, one rebased phase, and built reports for the last month."""

from __future__ import annotations

import datetime
import random
import zoneinfo

from django.utils import timezone

from bsc.demo import DemoContext
from collaboratives.framework.models import Metric
from collaboratives.membership.models import Membership
from collaboratives.schedule.models import Event
from metrics.charts.models import ChartPhase
from metrics.values.models import MetricsSettings, MetricValue, MetricValueHistory, add_months
from pdsa.cycles.models import Cycle, Ramp

BASELINE_MONTHS = 6


# Centers whose changes show up in the data (a shift signal), by slug.
IMPROVERS = {"sunrise", "maple-street", "little-oaks", "cedar-grove", "riverbend"}


GAPPY = "willow-creek"


TWO_WAY = {
    "slug": "two-way-communication",
    "name": "Two-way communication with families",
    "definition": "Percent of families with whom teachers had two-way communication in one week.",
    "how_to_collect": "Teachers tick each family in the Communication Tracking Log during the "
    "first full week of the month; the data point person totals the log.",
    "metric_type": Metric.MetricType.PROPORTION,
    "numerator_label": "Families with two-way communication that week",
    "denominator_label": "Families enrolled",
    "unit": "%",
    "direction": Metric.Direction.HIGHER,
    "goal": 80,
    "chart": Metric.Chart.P,
    "order": 1,
}


BEHAVIORS = {
    "slug": "challenging-behaviors",
    "name": "Challenging behaviors",
    "definition": "Number of challenging behaviors observed in a two-hour period each week, "
    "summed over the month's observation weeks.",
    "how_to_collect": "A trained observer tallies challenging behaviors during the same two-hour "
    "period once a week.",
    "metric_type": Metric.MetricType.COUNT,
    "unit": "behaviors",
    "direction": Metric.Direction.LOWER,
    "chart": Metric.Chart.C,
    "order": 2,
}


def demo_metrics(collaborative) -> tuple[Metric, Metric]:
    """The two BSC-SEL metrics, created here unless the catalogue already has them."""
    made = []
    for spec in (TWO_WAY, BEHAVIORS):
        defaults = {k: v for k, v in spec.items() if k != "slug"}
        metric, _created = Metric.objects.get_or_create(
            collaborative=collaborative, slug=spec["slug"], defaults=defaults
        )
        made.append(metric)
    return made[0], made[1]


def _learning_sessions(ctx: DemoContext, collaborative, first_month: datetime.date) -> None:
    if Event.objects.filter(collaborative=collaborative, kind=Event.Kind.LEARNING_SESSION).exists():
        return
    tz = zoneinfo.ZoneInfo(collaborative.timezone)
    for number, offset in ((1, 1), (2, 5), (3, 10), (4, 15)):
        day = add_months(collaborative.start_date.replace(day=1), offset) + datetime.timedelta(
            days=14
        )
        start = datetime.datetime.combine(day, datetime.time(9), tzinfo=tz)
        Event.objects.create(
            collaborative=collaborative,
            kind=Event.Kind.LEARNING_SESSION,
            number=number,
            title=f"Learning Session {number}",
            start=start,
            end=start + datetime.timedelta(hours=7),
        )


RAMPS = [
    ("Family communication log", ["Daily log of family contacts", "Log in all classrooms"]),
    ("Visual schedules", ["Visual schedule in one classroom", "Visual schedules center-wide"]),
]


def _ramps(center, start: datetime.date, rng: random.Random) -> None:
    if Ramp.objects.filter(center=center).exists():
        return
    for ramp_number, (title, cycles) in enumerate(RAMPS):
        ramp = Ramp.objects.create(center=center, title=title, change_idea=title)
        for number, objective in enumerate(cycles, start=1):
            begin = add_months(start, 1 + ramp_number * 2 + number * 2) + datetime.timedelta(
                days=rng.randint(0, 20)
            )
            Cycle.objects.create(
                ramp=ramp,
                number=number,
                objective=objective,
                start_date=begin,
                end_date=begin + datetime.timedelta(days=14),
                stage=Cycle.Stage.DONE if number == 1 else Cycle.Stage.STUDY,
            )


def load(ctx: DemoContext) -> None:
    _load_values(ctx)
    # Built on the values, cycles and posts above.
    from metrics.engagement import demo as engagement_demo
    from metrics.newsletter import demo as newsletter_demo
    from metrics.synthesis import demo as synthesis_demo

    synthesis_demo.load(ctx)
    engagement_demo.load(ctx)
    newsletter_demo.load(ctx)


def _load_values(ctx: DemoContext) -> None:
    sel = ctx.objects["sel"]
    centers = ctx.objects.get("sel_centers") or list(sel.centers.order_by("name"))
    two_way, behaviors = demo_metrics(sel)
    settings_row, _created = MetricsSettings.objects.get_or_create(
        collaborative=sel, defaults={"baseline_months": BASELINE_MONTHS}
    )
    first = settings_row.first_month()
    _learning_sessions(ctx, sel, first)
    for center in centers:
        rng = random.Random(center.slug)  # noqa: S311 - demo data
        _ramps(center, sel.start_date.replace(day=1), rng)
    if MetricValue.objects.filter(center__collaborative=sel).exists():
        return
    today = ctx.today
    last_month = add_months(today.replace(day=1), -1)
    months = []
    month = first
    while month <= last_month:
        months.append(month)
        month = add_months(month, 1)
    start = sel.start_date.replace(day=1)
    tz = zoneinfo.ZoneInfo(sel.timezone)
    rows = []
    for center in centers:
        rng = random.Random(f"metrics-{center.slug}")  # noqa: S311 - demo data
        submitter = (
            Membership.objects.filter(center=center, data_point_person=True)
            .select_related("user")
            .first()
            or Membership.objects.filter(center=center).select_related("user").first()
        )
        user = submitter.user if submitter else None
        families = rng.randint(18, 45)
        base_rate = rng.uniform(0.38, 0.52)
        base_count = rng.randint(12, 18)
        improves = center.slug in IMPROVERS
        for index, month in enumerate(months):
            since = (month.year - start.year) * 12 + month.month - start.month
            due = settings_row.due_date(month)
            late = rng.random() < 0.15
            submitted_day = due + datetime.timedelta(
                days=rng.randint(1, 6) if late else -rng.randint(0, 8)
            )
            submitted_at = datetime.datetime.combine(
                submitted_day, datetime.time(rng.randint(8, 17), rng.randint(0, 59)), tzinfo=tz
            )
            if submitted_at > timezone.now():
                submitted_at = timezone.now() - datetime.timedelta(hours=1)
            if center.slug == GAPPY and index in (len(months) - 4, len(months) - 3):
                continue  # two missing months
            gain = min(1.0, max(0.0, (since - 2) / 4)) if improves else 0.0
            denominator = families + rng.randint(-2, 2)
            rate = min(0.97, base_rate + gain * 0.3 + rng.uniform(-0.06, 0.06))
            count = max(0, round(base_count * (1 - 0.55 * gain) + rng.gauss(0, 2)))
            not_collected = center.slug == GAPPY and index == len(months) - 6
            common = {
                "center": center,
                "month": month,
                "submitted_by": user,
                "first_submitted_at": submitted_at,
                "submitted_at": submitted_at,
            }
            if not_collected:
                for metric in (two_way, behaviors):
                    rows.append(
                        MetricValue(
                            metric=metric,
                            not_collected=True,
                            not_collected_reason="Observer on leave; no observation weeks",
                            **common,
                        )
                    )
                continue
            rows.append(
                MetricValue(
                    metric=two_way,
                    numerator=round(rate * denominator),
                    denominator=denominator,
                    **common,
                )
            )
            rows.append(MetricValue(metric=behaviors, value=count, **common))
    MetricValue.objects.bulk_create(rows, batch_size=500)
    MetricValueHistory.objects.bulk_create(
        [
            MetricValueHistory(
                metric_value=row,
                changed_by=row.submitted_by,
                changed_at=row.submitted_at,
                old=None,
                new=row.snapshot(),
                source="demo",
            )
            for row in MetricValue.objects.filter(center__collaborative=sel)
        ],
        batch_size=500,
    )
    sunrise = next((c for c in centers if c.slug == "sunrise"), centers[0])
    ChartPhase.objects.get_or_create(
        center=sunrise,
        metric=behaviors,
        start_month=add_months(start, 4),
        defaults={"reason": "New baseline after adopting visual schedules in every classroom"},
    )
    from metrics.equity import demo as equity_demo
    from metrics.reports.services import build_demo_reports

    equity_demo.load(ctx, sel, centers, last_month)

    build_demo_reports(sel, last_month)
