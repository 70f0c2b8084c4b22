"""“This month across the collaborative”: the raw material for synthesis, computed.

Per driver, the cycles started, adopted and abandoned in the month; the chart signals that
appeared in it; the drivers centers rated lowest in their latest self-assessments; the most
discussed posts. A fixed number of queries whatever the number of centers.
"""

from __future__ import annotations

import datetime
import uuid
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Sum,
)
from django.db.models.functions import Cast
from django.urls import reverse

from bsc.stamps import summary_row
from centers.assessments.models import Rating, SelfAssessment
from centers.teams.models import Center
from collaboratives.framework.models import SecondaryDriver
from collaboratives.membership.models import Collaborative
from metrics.charts.cache import cache_stamp, cached
from metrics.charts.markers import annotations_for
from metrics.charts.selectors import build_chart, chart_type_for
from metrics.values.models import MetricValue, add_months, month_label
from metrics.values.validation import collaborative_months
from pdsa.board.models import Post
from pdsa.cycles.models import Cycle, Ramp
from pdsa.discussion.models import Comment


@dataclass(frozen=True)
class RampSeen:
    pk: int
    title: str
    center: Center

    @property
    def center_id(self) -> int:
        return self.center.pk


@dataclass(frozen=True)
class CycleSeen:
    """What the month's lists show of a cycle: read as plain values, because a month of a large
    collaborative holds thousands of cycles and model instances cost ten times as much."""

    pk: int
    public_id: uuid.UUID
    number: int
    ramp: RampSeen

    @property
    def ramp_id(self) -> int:
        return self.ramp.pk


@dataclass
class DriverActivity:
    driver: SecondaryDriver | None
    started: list[CycleSeen] = field(default_factory=list)
    adopted: list[CycleSeen] = field(default_factory=list)
    abandoned: list[CycleSeen] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.started) + len(self.adopted) + len(self.abandoned)

    @property
    def key(self) -> str:
        """How the page names this group in its `?driver=` drill-down."""
        return self.driver.code if self.driver else "none"


@dataclass
class SignalSeen:
    center_name: str
    center_slug: str
    metric_name: str
    metric_slug: str
    text: str
    ref: str
    url: str
    # True when the signal points the way the metric should go, False the other way, None
    # when a signal has no direction (too few crossings).
    improvement: bool | None = None
    # The metric's place in the catalogue, so the page can group signals in its order.
    metric_order: int = 0


@dataclass
class MonthSummary:
    month: datetime.date
    drivers: list[DriverActivity]
    signals: list[SignalSeen]
    lowest_rated: list[tuple[SecondaryDriver, Decimal, int]]
    discussed_posts: list[Post]
    cycles_started: int = 0
    cycles_adopted: int = 0
    cycles_abandoned: int = 0


def month_bounds(
    collaborative: Collaborative, month: datetime.date
) -> tuple[datetime.datetime, datetime.datetime]:
    """The month's first instant and the next month's, in the collaborative's time zone."""
    tz = zoneinfo.ZoneInfo(collaborative.timezone)
    start = datetime.datetime.combine(month, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(add_months(month, 1), datetime.time.min, tzinfo=tz)
    return start, end


def cycle_activity(collaborative: Collaborative, month: datetime.date) -> list[DriverActivity]:
    start, end = month_bounds(collaborative, month)
    next_month = add_months(month, 1)
    started_in_month = Q(start_date__gte=month, start_date__lt=next_month) | Q(
        start_date__isnull=True, created_at__gte=start, created_at__lt=end
    )
    acted_in_month = Q(act_saved_at__gte=start, act_saved_at__lt=end)
    # Classified by the database: reading thousands of timestamps back costs more than the query.
    rows = (
        Cycle.objects.filter(ramp__center__collaborative=collaborative)
        .filter(started_in_month | (acted_in_month & Q(decision__in=["adopt", "abandon"])))
        .annotate(
            started=ExpressionWrapper(started_in_month, output_field=BooleanField()),
            acted=ExpressionWrapper(acted_in_month, output_field=BooleanField()),
        )
        .order_by("ramp__center__name", "ramp__title", "number")
        .values_list(
            "pk",
            "public_id",
            "number",
            "started",
            "acted",
            "decision",
            "ramp_id",
            "ramp__title",
            "ramp__center_id",
        )
    )
    centers = Center.objects.filter(collaborative=collaborative).in_bulk()
    ramp_drivers: dict[int, list[int]] = {}
    links = Ramp.secondary_drivers.through.objects.filter(
        ramp__center__collaborative=collaborative
    ).values_list("ramp_id", "secondarydriver_id")
    for ramp_id, driver_id in links:
        ramp_drivers.setdefault(ramp_id, []).append(driver_id)
    drivers = SecondaryDriver.objects.select_related("primary").in_bulk(
        {pk for pks in ramp_drivers.values() for pk in pks}
    )
    ramps: dict[int, RampSeen] = {}
    groups: dict[int | None, DriverActivity] = {}
    for row in rows:
        pk, public_id, number, started, acted, decision, ramp_id, ramp_title, center_id = row
        if ramp_id not in ramps:
            ramps[ramp_id] = RampSeen(ramp_id, ramp_title, centers[center_id])
        cycle = CycleSeen(pk, public_id, number, ramps[ramp_id])
        for key in ramp_drivers.get(ramp_id) or [None]:
            group = groups.get(key)
            if group is None:
                group = groups[key] = DriverActivity(drivers.get(key) if key else None)
            if started:
                group.started.append(cycle)
            if acted and decision == Cycle.Decision.ADOPT:
                group.adopted.append(cycle)
            if acted and decision == Cycle.Decision.ABANDON:
                group.abandoned.append(cycle)

    def order(group: DriverActivity) -> tuple:
        if group.driver is None:
            return (1, 0, 0)
        return (0, group.driver.primary.number, group.driver.number)

    return sorted(groups.values(), key=order)


def signals_appeared(
    collaborative: Collaborative, month: datetime.date, *, stamp: str | None = None
) -> list[SignalSeen]:
    """Signals on centers' charts that appeared with `month`: a point outside the limits that
    month, or a run that became long enough that month. Cached with the charts' stamp (every
    value, phase, exclusion, chart choice and cycle), or `stamp` when the caller read one that
    includes it, so a month's page is computed once."""
    return cached(
        stamp or cache_stamp(collaborative),
        "synthesis-signals",
        month,
        compute=lambda: _signals_appeared(collaborative, month),
    )


def _signals_appeared(collaborative: Collaborative, month: datetime.date) -> list[SignalSeen]:
    months = [m for m in collaborative_months(collaborative, month) if m <= month]
    if not months or months[-1] != month:
        return []
    centers = list(Center.objects.filter(collaborative=collaborative).order_by("name"))
    metrics = list(collaborative.metrics.order_by("order"))
    values = {
        (row.center_id, row.metric_id, row.month): row
        for row in MetricValue.objects.filter(
            center__in=centers, metric__in=metrics, month__gte=months[0], month__lte=month
        ).only(
            "center_id", "metric_id", "month", "numerator", "denominator", "value", "not_collected"
        )
    }
    notes = annotations_for(centers, metrics)
    seen = []
    slug = collaborative.slug
    last_label = month_label(month)
    for center in centers:
        for metric in metrics:
            key = (center.pk, metric.pk)
            series = [values.get((center.pk, metric.pk, m)) for m in months]
            if series[-1] is None:
                continue
            chart = build_chart(
                metric=metric,
                center=center,
                months=months,
                values=series,
                chart=chart_type_for(metric, notes.charts.get(key)),
                phases=notes.phases.get(key, []),
                exclusions=notes.exclusions.get(key, []),
                draw=False,
            )
            last = chart.analysis.points[-1]
            if last.y is None or last.cl is None:
                continue
            phase = chart.analysis.phases[-1] if chart.analysis.phases else None
            new_run = (
                phase is not None
                and phase.longest_run_max is not None
                and last.run_length == phase.longest_run_max + 1
            )
            texts = []
            if last.outside and last.included:
                texts.append(
                    next(
                        (
                            s.text
                            for s in chart.signals
                            if s.kind == "outside" and last_label in s.text
                        ),
                        "",
                    )
                )
            if new_run:
                texts.append(next((s.text for s in chart.signals if s.kind == "shift"), ""))
            better = (last.y > last.cl) == (metric.direction == "higher")
            for text in texts:
                if not text:
                    continue
                seen.append(
                    SignalSeen(
                        center.name,
                        center.slug,
                        metric.name,
                        metric.slug,
                        text,
                        f"{center.slug}/{metric.slug}/{last_label}",
                        reverse("metrics:center-charts", args=[slug, center.slug])
                        + f"#c-{metric.slug}",
                        better,
                        metric.order,
                    )
                )
    return seen


def lowest_rated_ids(
    collaborative: Collaborative, limit: int = 5
) -> list[tuple[int, Decimal, int]]:
    """(driver id, mean, centers) of the drivers with the lowest mean rating in each center's
    latest submitted assessment, in one query."""
    submitted = SelfAssessment.objects.filter(
        center__collaborative=collaborative, status=SelfAssessment.Status.SUBMITTED
    )
    # A center's latest: no submitted one of a later round. (Not DISTINCT ON, which
    # SQLite, the embedded default, does not have.)
    later = submitted.filter(
        center_id=OuterRef("center_id"), round__number__gt=OuterRef("round__number")
    )
    latest = submitted.filter(~Exists(later)).values("pk")
    # Scores have one decimal: summed as whole tenths (integers), the mean is exact and
    # costs the database less than a decimal average.
    tenths = Sum(Cast(F("score") * 10, IntegerField()))
    rows = (
        Rating.objects.filter(assessment__in=latest, score__isnull=False)
        .values("driver")
        # One rating per driver and assessment (a constraint): counting ratings counts
        # centers, without the sort a distinct count needs.
        .annotate(tenths=tenths, centers=Count("assessment"))
        .annotate(mean=Cast(F("tenths"), FloatField()) / F("centers"))
        .order_by("mean", "driver")[:limit]
    )
    return [
        (
            r["driver"],
            (Decimal(r["tenths"]) / 10 / r["centers"]).quantize(Decimal("0.1")),
            r["centers"],
        )
        for r in rows
    ]


def lowest_rated(
    collaborative: Collaborative, limit: int = 5
) -> list[tuple[SecondaryDriver, Decimal, int]]:
    """The drivers with the lowest mean rating in each center's latest submitted assessment."""
    rows = lowest_rated_ids(collaborative, limit)
    drivers = SecondaryDriver.objects.select_related("primary").in_bulk([r[0] for r in rows])
    return [(drivers[pk], mean, n) for pk, mean, n in rows if pk in drivers]


def most_discussed(
    collaborative: Collaborative, month: datetime.date, limit: int = 5
) -> list[Post]:
    start, end = month_bounds(collaborative, month)
    return list(
        Post.objects.filter(collaborative=collaborative)
        .annotate(
            month_comments=Count(
                "comments",
                filter=Q(comments__created_at__gte=start, comments__created_at__lt=end),
            )
        )
        .filter(month_comments__gt=0)
        # What the lists show of a post: its link and title.
        .only("public_id", "title", "created_at")
        .order_by("-month_comments", "-created_at")[:limit]
    )


@dataclass(frozen=True)
class PostSeen:
    """A most discussed post as the month page lists it."""

    public_id: uuid.UUID
    title: str
    month_comments: int


@dataclass(frozen=True)
class RatingsAndPosts:
    lowest_rated: list[tuple[int, Decimal, int]]  # (driver id, mean, centers)
    discussed_posts: list[PostSeen]


def ratings_and_posts(collaborative: Collaborative, month: datetime.date) -> RatingsAndPosts:
    """The month page's lowest-rated drivers and most discussed posts, cached until a
    self-assessment (its ratings are saved with it), a post or a comment changes: one small
    stamp query instead of the two reads. Drivers are named by the caller, fresh."""
    assessments = SelfAssessment.objects.filter(center__collaborative=collaborative)
    posts = Post.objects.filter(collaborative=collaborative)
    comments = Comment.objects.filter(collaborative=collaborative)
    row = summary_row(
        collaborative,
        assessments_n=(assessments, "COUNT", "id"),
        assessments_last=(assessments, "MAX", "updated_at"),
        posts_n=(posts, "COUNT", "id"),
        posts_last=(posts, "MAX", "updated_at"),
        comments_n=(comments, "COUNT", "id"),
        comments_last=(comments, "MAX", "id"),
    )
    stamp = repr((collaborative.pk, collaborative.timezone, sorted(row.items())))
    return cached(
        stamp,
        "synthesis-ratings-posts",
        month,
        compute=lambda: RatingsAndPosts(
            lowest_rated_ids(collaborative),
            [
                PostSeen(post.public_id, post.title, post.month_comments)
                for post in most_discussed(collaborative, month)
            ],
        ),
    )


def month_summary(collaborative: Collaborative, month: datetime.date) -> MonthSummary:
    drivers = cycle_activity(collaborative, month)
    started, adopted, abandoned = Counter(), Counter(), Counter()
    for group in drivers:
        started.update(c.pk for c in group.started)
        adopted.update(c.pk for c in group.adopted)
        abandoned.update(c.pk for c in group.abandoned)
    return MonthSummary(
        month=month,
        drivers=drivers,
        signals=signals_appeared(collaborative, month),
        lowest_rated=lowest_rated(collaborative),
        discussed_posts=most_discussed(collaborative, month),
        cycles_started=len(started),
        cycles_adopted=len(adopted),
        cycles_abandoned=len(abandoned),
    )
