"""Where the equity lens is reached from (the entry grid's fold-out, Driver 4 of the
self-assessment, the navigation), the IT's settings, and the cost of its pages."""

import pytest
from django.urls import reverse

from metrics.equity.models import EquitySettings, MetricBreakdown


@pytest.mark.django_db
def test_entry_grid_folds_out_subgroups_under_a_broken_down_metric(
    center_client, demo, first_center
):
    from metrics.values.validation import collaborative_months

    page = center_client.get(reverse("metrics:entry", args=[demo.slug, first_center.slug]))
    assert page.status_code == 200
    month = collaborative_months(demo)[-1].strftime("%Y-%m")

    def fold_out(metric):
        url = reverse(
            "metrics:equity-subgroups", args=[demo.slug, first_center.slug, metric, month]
        )
        return f'hx-get="{url}" hx-trigger="toggle once"'

    assert fold_out("behavior-incidents") in page.text
    assert fold_out("two-way-communication") not in page.text


@pytest.mark.django_db
def test_driver_four_of_the_self_assessment_links_to_the_equity_page(
    center_client, demo, first_center
):
    page = center_client.get(reverse("centers:assessment", args=[demo.slug, first_center.slug, 1]))
    assert page.status_code == 200
    link = reverse("metrics:equity-center", args=[demo.slug, first_center.slug])
    assert f'<a href="{link}">see your metrics by subgroup</a>' in page.text


@pytest.mark.django_db
def test_it_changes_the_threshold_and_adds_a_breakdown(it_client, demo):
    url = reverse("metrics:equity-settings", args=[demo.slug])
    assert it_client.get(url).status_code == 200
    answer = it_client.post(
        url, {"form": "settings", "suppression_threshold": "5", "highlight_ratio": "1.5"}
    )
    assert answer.status_code == 302
    row = EquitySettings.objects.get(collaborative=demo)
    assert row.suppression_threshold == 5 and float(row.highlight_ratio) == 1.5
    answer = it_client.post(
        url,
        {
            "form": "breakdown",
            "metric": "behavior-incidents",
            "dimension": "gender",
            "event_phrase": "have a behavior incident",
        },
    )
    assert answer.status_code == 302
    assert MetricBreakdown.objects.filter(
        metric__slug="behavior-incidents", dimension__slug="gender"
    ).exists()


@pytest.mark.django_db
def test_settings_refuse_a_bad_threshold_and_measurement_metrics(it_client, center_client, demo):
    url = reverse("metrics:equity-settings", args=[demo.slug])
    answer = it_client.post(
        url, {"form": "settings", "suppression_threshold": "1", "highlight_ratio": "2"}
    )
    assert answer.status_code == 400
    assert "greater than or equal to 2" in answer.text
    answer = it_client.post(
        url, {"form": "settings", "suppression_threshold": "ten", "highlight_ratio": "2"}
    )
    assert answer.status_code == 400 and "Enter a whole number." in answer.text
    assert EquitySettings.objects.get(collaborative=demo).suppression_threshold == 10
    assert center_client.get(url).status_code == 403


@pytest.mark.django_db
def test_a_lower_threshold_shows_a_group_the_default_withholds(it_client, demo, first_center):
    url = reverse("metrics:equity-center", args=[demo.slug, "willow-creek"])
    page = it_client.get(url)
    assert "fewer than 10" in page.text
    EquitySettings.objects.filter(collaborative=demo).update(suppression_threshold=2)
    page = it_client.get(url)
    assert "fewer than 10" not in page.text


@pytest.mark.django_db
def test_equity_pages_cost_the_same_queries_whatever_the_number_of_centers(
    it_client, demo, django_assert_max_num_queries
):
    """The demo has every center for 12 months; the query count is measured cold (empty
    cache) on the center page and the collaborative view, and must not depend on the data."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    breakdown = MetricBreakdown.objects.get(
        metric__slug="behavior-incidents", dimension__slug="iep-ifsp"
    )
    urls = [
        reverse("metrics:equity-collaborative", args=[demo.slug])
        + "?metric=behavior-incidents&dimension=iep-ifsp",
        reverse("metrics:equity-center", args=[demo.slug, "sunrise"])
        + "?metric=behavior-incidents&dimension=iep-ifsp",
    ]
    counts = []
    for url in urls:
        cache.clear()
        with CaptureQueriesContext(connection) as few:
            assert it_client.get(url).status_code == 200
        counts.append(len(few))
    # Fewer subgroup rows: delete half the centers' values and measure again.
    breakdown.metric.subgroup_values.filter(center__slug__in=["sunrise", "riverbend"]).delete()
    for url, before in zip(urls, counts, strict=True):
        cache.clear()
        with django_assert_max_num_queries(before):
            assert it_client.get(url).status_code == 200
    assert max(counts) <= 40
