"""The plain sentence under each subgroup's ratio: above, below and near 1."""

import datetime

from collaboratives.framework.models import Metric
from metrics.equity.analysis import sentence_for
from metrics.equity.models import BreakdownCategory, MetricBreakdown
from metrics.equity_stats import rate_ratio, risk_ratio

MARCH = datetime.date(2026, 3, 1)


def _breakdown(kind=Metric.MetricType.PROPORTION):
    return MetricBreakdown(metric=Metric(metric_type=kind), event_phrase="have a behavior incident")


def _group(label="Black children"):
    return BreakdownCategory(children_label=label)


def test_a_ratio_above_one_says_how_many_times_as_likely():
    text = sentence_for(_breakdown(), _group(), risk_ratio(7, 20, 9, 62), MARCH)
    assert text == (
        "Black children were 2.4 times as likely as other children to have a behavior "
        "incident in March 2026 (7 of 20 vs. 9 of 62)."
    )


def test_a_ratio_below_one_says_less_likely():
    text = sentence_for(_breakdown(), _group("Girls"), risk_ratio(2, 40, 14, 42), MARCH)
    assert text == (
        "Girls were less likely than other children to have a behavior incident in March 2026 "
        "(2 of 40 vs. 14 of 42): 0.1 times as likely."
    )


def test_a_ratio_near_one_says_about_as_likely():
    text = sentence_for(_breakdown(), _group("Toddlers"), risk_ratio(5, 50, 10, 95), MARCH)
    assert text == (
        "Toddlers were about as likely as other children to have a behavior incident in "
        "March 2026 (5 of 50 vs. 10 of 95)."
    )


def test_a_count_metric_speaks_of_rates():
    text = sentence_for(
        _breakdown(Metric.MetricType.COUNT), _group(), rate_ratio(30, 20, 20, 40), MARCH
    )
    assert text.startswith("Black children were counted at 3.0 times the rate of other children")
    assert "(30 per 20 vs. 20 per 40)" in text


def test_no_comparison_gives_no_sentence():
    assert sentence_for(_breakdown(), _group(), risk_ratio(3, 20, 0, 50), MARCH) == ""
    assert sentence_for(_breakdown(), _group(), None, MARCH) == ""
