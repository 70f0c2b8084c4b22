"""The demo's story: at Riverbend, Black children's risk ratio is highlighted before the PDSA
cycle and falls after it; Willow Creek's two Asian children are withheld."""

import re

import pytest
from django.urls import reverse

from metrics.equity.models import MetricBreakdown
from metrics.values.models import add_months


def _riverbend_row(html):
    match = re.search(
        r"<tr><th scope=\"row\"><a [^>]*>Riverbend[^<]*</a></th>(.*?)</tr>", html, re.S
    )
    assert match, html[html.find("Riverbend") - 300 : html.find("Riverbend") + 300]
    return match.group(1)


@pytest.mark.django_db
def test_disproportion_is_highlighted_before_the_cycle_and_not_after(it_client, demo):
    breakdown = MetricBreakdown.objects.get(
        metric__slug="behavior-incidents", dimension__slug="race-ethnicity"
    )
    months = sorted(
        set(breakdown.metric.subgroup_values.values_list("month", flat=True).distinct())
    )
    assert len(months) == 12
    url = reverse("metrics:equity-collaborative", args=[demo.slug])

    def row(month):
        query = f"?metric=behavior-incidents&dimension=race-ethnicity&month={month:%Y-%m}"
        return _riverbend_row(it_client.get(url + query).text)

    assert 'class="highlight"' in row(months[1])
    assert 'class="highlight"' not in row(months[-1])
    assert add_months(months[0], 11) == months[-1]


@pytest.mark.django_db
def test_the_small_subgroup_is_withheld_on_its_centers_page(faculty_client, demo):
    url = reverse("metrics:equity-center", args=[demo.slug, "willow-creek"])
    page = faculty_client.get(url + "?metric=behavior-incidents&dimension=race-ethnicity")
    match = re.search(r"<th scope=\"row\">Asian</th>(.*?)</tr>", page.text, re.S)
    assert match and "fewer than 10" in match.group(1)
    assert "Asian children were" not in page.text
