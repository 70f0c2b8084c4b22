"""A small breakdown whose numbers are chosen to be found: one center, one month, four
subgroups, one of them too small (Beta, 3 children) and one withheld with it (Delta, 29 of
47, the smallest of the others)."""

import datetime

import pytest
from django.utils import timezone

from bsc.tenancy import get_access
from collaboratives.framework.models import Metric
from metrics.equity.models import BreakdownCategory, BreakdownDimension, MetricBreakdown
from metrics.equity.services import subgroup_values_save
from metrics.values.models import MetricValue
from metrics.values.validation import collaborative_months

COUNTS = {
    "alpha": (13, 61),
    "beta": (2, 3),
    "gamma": (11, 58),
    "delta": (29, 47),
}
TOTAL = (55, 169)


@pytest.fixture
def access(center_user, demo):
    return get_access(center_user, demo.slug)


@pytest.fixture
def month(demo):
    return collaborative_months(demo)[-2]


@pytest.fixture
def breakdown(demo):
    metric = Metric.objects.create(
        collaborative=demo,
        slug="incidents-check",
        name="Incidents check",
        metric_type=Metric.MetricType.PROPORTION,
        numerator_label="Children with an incident",
        denominator_label="Children enrolled",
        required=False,
        order=9,
    )
    dimension = BreakdownDimension.objects.create(
        collaborative=demo, slug="letters", name="Letters", order=9
    )
    for order, slug in enumerate(COUNTS):
        BreakdownCategory.objects.create(
            dimension=dimension,
            slug=slug,
            label=slug.capitalize(),
            children_label=f"{slug.capitalize()} children",
            order=order,
        )
    return MetricBreakdown.objects.create(
        metric=metric, dimension=dimension, event_phrase="have an incident"
    )


def rows(counts=COUNTS):
    return {slug: {"events": e, "children": c} for slug, (e, c) in counts.items()}


@pytest.fixture
def total(breakdown, first_center, month):
    now = timezone.now() - datetime.timedelta(hours=1)
    return MetricValue.objects.create(
        center=first_center,
        metric=breakdown.metric,
        month=month,
        numerator=TOTAL[0],
        denominator=TOTAL[1],
        first_submitted_at=now,
        submitted_at=now,
    )


@pytest.fixture
def entered(access, breakdown, first_center, month, total):
    subgroup_values_save(
        access=access, center=first_center, breakdown=breakdown, month=month, rows=rows()
    )
    return breakdown
