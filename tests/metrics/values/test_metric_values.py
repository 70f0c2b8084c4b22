"""Monthly values: validation (each case), history, idempotent re-submission."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from bsc.tenancy import get_access
from collaboratives.framework.models import Metric
from collaboratives.membership.models import Collaborative
from metrics.values.models import MetricValue, MetricValueHistory, add_months
from metrics.values.services import Entry, EntryErrors, metric_value_submit, metric_values_submit
from metrics.values.validation import collaborative_today, first_month


@pytest.fixture
def access(center_user, demo):
    return get_access(center_user, demo.slug)


@pytest.fixture
def two_way(demo):
    return demo.metrics.get(slug="two-way-communication")


@pytest.fixture
def behaviors(demo):
    return demo.metrics.get(slug="challenging-behaviors")


@pytest.fixture
def this_month(demo):
    return collaborative_today(demo).replace(day=1).strftime("%Y-%m")


def submit(access, center, metric, **data):
    return metric_value_submit(access=access, center=center, metric=metric, data=data)


def refused(access, center, metric, field, **data):
    before = MetricValue.objects.count(), MetricValueHistory.objects.count()
    with pytest.raises(ValidationError) as info:
        submit(access, center, metric, **data)
    assert field in info.value.message_dict, info.value.message_dict
    assert (MetricValue.objects.count(), MetricValueHistory.objects.count()) == before
    return " ".join(info.value.message_dict[field])


def test_proportion_is_stored_with_history(access, first_center, two_way, this_month):
    row, changed = submit(
        access, first_center, two_way, month=this_month, numerator="12", denominator="20"
    )
    assert changed
    assert row.plotted == pytest.approx(0.6)
    assert row.submitted_by == access.user
    history = list(row.history.all())
    assert len(history) == 1 and history[0].old is None
    assert history[0].new["numerator"] == "12"


def test_resubmitting_keeps_the_earlier_value_in_history(access, first_center, two_way, this_month):
    submit(access, first_center, two_way, month=this_month, numerator="10", denominator="20")
    row, changed = submit(
        access, first_center, two_way, month=this_month, numerator="15", denominator="20"
    )
    assert changed
    history = list(row.history.order_by("changed_at", "pk"))
    assert [h.new["numerator"] for h in history] == ["10", "15"]
    assert history[1].old["numerator"] == "10"
    assert history[1].changed_by == access.user
    assert MetricValue.objects.filter(center=first_center, metric=two_way).count() >= 1


def test_identical_resubmission_changes_nothing(access, first_center, behaviors, this_month):
    submit(access, first_center, behaviors, month=this_month, value="7")
    row, changed = submit(access, first_center, behaviors, month=this_month, value="7.0")
    assert not changed
    assert row.history.count() == 1


def test_numerator_above_denominator_is_refused(access, first_center, two_way, this_month):
    text = refused(
        access, first_center, two_way, "numerator", month=this_month, numerator=21, denominator=20
    )
    assert "cannot be larger than the denominator" in text


def test_negative_count_is_refused(access, first_center, behaviors, this_month):
    assert "negative" in refused(
        access, first_center, behaviors, "value", month=this_month, value="-1"
    )


def test_zero_denominator_is_refused(access, first_center, two_way, this_month):
    assert "cannot be 0" in refused(
        access, first_center, two_way, "denominator", month=this_month, numerator=0, denominator=0
    )


def test_future_month_is_refused(access, first_center, behaviors, demo):
    next_month = add_months(collaborative_today(demo).replace(day=1), 1).strftime("%Y-%m")
    assert "future" in refused(
        access, first_center, behaviors, "month", month=next_month, value="3"
    )


def test_month_before_the_collaborative_is_refused(access, first_center, behaviors, demo):
    before = add_months(first_month(demo), -1).strftime("%Y-%m")
    assert "outside the collaborative" in refused(
        access, first_center, behaviors, "month", month=before, value="3"
    )


def test_month_after_the_collaborative_is_refused(center_user, first_center, behaviors, demo):
    # Shorten the collaborative so that this month is past its end.
    end = add_months(collaborative_today(demo).replace(day=1), -2)
    Collaborative.objects.filter(pk=demo.pk).update(end_date=end)
    access = get_access(center_user, demo.slug)
    assert "outside the collaborative" in refused(
        access,
        first_center,
        behaviors,
        "month",
        month=collaborative_today(demo).strftime("%Y-%m"),
        value="3",
    )


def test_metric_of_another_collaborative_is_refused(
    access, first_center, other_collaborative, this_month
):
    foreign = Metric.objects.create(
        collaborative=other_collaborative, slug="visits", name="Home visits", metric_type="count"
    )
    assert "not part of this collaborative" in refused(
        access, first_center, foreign, "metric", month=this_month, value="3"
    )


def test_text_in_a_number_is_refused(access, first_center, two_way, this_month):
    assert "not a number" in refused(
        access,
        first_center,
        two_way,
        "numerator",
        month=this_month,
        numerator="twelve",
        denominator="20",
    )


def test_bad_month_text_is_refused(access, first_center, behaviors):
    assert "YYYY-MM" in refused(access, first_center, behaviors, "month", month="March", value=1)


def test_not_collected_needs_a_reason_and_clears_numbers(
    access, first_center, behaviors, this_month
):
    refused(
        access,
        first_center,
        behaviors,
        "not_collected_reason",
        month=this_month,
        not_collected=True,
    )
    row, _ = submit(
        access,
        first_center,
        behaviors,
        month=this_month,
        value="4",
        not_collected=True,
        not_collected_reason="Observer on leave",
    )
    assert row.not_collected and row.value is None and row.plotted is None


def test_batch_is_all_or_nothing(access, first_center, two_way, behaviors, this_month):
    before = MetricValue.objects.count()
    with pytest.raises(EntryErrors) as info:
        metric_values_submit(
            access=access,
            center=first_center,
            entries=[
                Entry(behaviors, {"month": this_month, "value": "3"}),
                Entry(two_way, {"month": this_month, "numerator": "5", "denominator": "0"}),
            ],
        )
    assert [number for number, _ in info.value.rows] == [2]
    assert MetricValue.objects.count() == before


def test_only_the_own_center_may_submit(
    demo, other_center_user, it_user, first_center, behaviors, this_month
):
    from django.core.exceptions import PermissionDenied

    for user in (other_center_user, it_user):
        with pytest.raises(PermissionDenied):
            submit(get_access(user, demo.slug), first_center, behaviors, month=this_month, value=1)


def test_demo_has_months_of_both_metrics_for_every_center(demo):
    months = (
        MetricValue.objects.filter(center__collaborative=demo).values("month").distinct().count()
    )
    assert 12 <= months <= 18
    for center in demo.centers.all():
        assert center.metric_values.filter(metric__slug="two-way-communication").exists()
        assert center.metric_values.filter(metric__slug="challenging-behaviors").exists()
    assert isinstance(first_month(demo), datetime.date)
