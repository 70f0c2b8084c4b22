"""The equity pages over many centers: the collaborative table a page of centers at a time
(or only those with a highlighted ratio), cached month by month, and a change in the data
shown on the very next view."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from metrics.equity import views
from metrics.equity.models import SubgroupValue
from metrics.values.services import data_changed

# Ratio above the default highlight (2.0) for the first subgroup: 9 of 20 vs. 3 of 60.
HIGH = {"alpha": (9, 20), "beta": (1, 20), "gamma": (1, 20), "delta": (1, 20)}
EVEN = {"alpha": (4, 20), "beta": (4, 20), "gamma": (4, 20), "delta": (4, 20)}


def _enter(center, breakdown, month, counts):
    categories = {c.slug: c for c in breakdown.dimension.categories.all()}
    SubgroupValue.objects.filter(center=center, metric=breakdown.metric, month=month).delete()
    SubgroupValue.objects.bulk_create(
        SubgroupValue(
            center=center,
            metric=breakdown.metric,
            category=categories[slug],
            month=month,
            events=events,
            children=children,
        )
        for slug, (events, children) in counts.items()
    )
    data_changed(center.collaborative)


def _url(demo, breakdown, month, extra=""):
    return (
        reverse("metrics:equity-collaborative", args=[demo.slug])
        + f"?metric={breakdown.metric.slug}&dimension=letters&month={month:%Y-%m}{extra}"
    )


def _row_names(page):
    found = re.findall(r'<th scope="row"><a href="[^"]*/equity/[^"]*">([^<]+)</a></th>', page)
    return [html.unescape(name) for name in found]


@pytest.fixture
def every_center_entered(demo, breakdown, month):
    centers = list(demo.centers.order_by("name"))
    for index, center in enumerate(centers):
        _enter(center, breakdown, month, HIGH if index % 2 else EVEN)
    return centers


@pytest.mark.django_db
def test_centers_come_a_page_at_a_time_and_the_links_keep_the_choice(
    monkeypatch, it_client, demo, breakdown, month, every_center_entered
):
    monkeypatch.setattr(views, "EQUITY_PAGE_SIZE", 3)
    names = [c.name for c in every_center_entered]
    first = it_client.get(_url(demo, breakdown, month))
    assert first.status_code == 200
    assert _row_names(first.text) == names[:3]
    pages = -(-len(names) // 3)
    assert f"Page 1 of {pages} ({len(names)} centers)" in first.text
    following = re.search(r'<a href="\?([^"]*page=2[^"]*)">Next</a>', first.text)
    assert following, "no link to the next page"
    link = following.group(1).replace("&amp;", "&")
    assert f"metric={breakdown.metric.slug}" in link and f"month={month:%Y-%m}" in link
    second = it_client.get(reverse("metrics:equity-collaborative", args=[demo.slug]) + "?" + link)
    assert _row_names(second.text) == names[3:6]
    assert "All centers, pooled" in second.text


@pytest.mark.django_db
def test_only_the_centers_with_a_highlighted_ratio(
    it_client, demo, breakdown, month, every_center_entered
):
    high = [c.name for index, c in enumerate(every_center_entered) if index % 2]
    page = it_client.get(_url(demo, breakdown, month, "&highlighted=1"))
    assert page.status_code == 200
    assert _row_names(page.text) == high
    assert f"With a ratio above 2.0 ({len(high)} centers)" in page.text


@pytest.mark.django_db
def test_a_change_in_the_counts_shows_on_the_next_view(
    it_client, center_client, demo, first_center, breakdown, month, every_center_entered
):
    url = _url(demo, breakdown, month, "&highlighted=1")
    assert first_center.name not in _row_names(it_client.get(url).text)
    center_url = reverse("metrics:equity-center", args=[demo.slug, first_center.slug])
    center_url += f"?metric={breakdown.metric.slug}&dimension=letters&month={month:%Y-%m}"
    assert "(4 of 20 vs. 12 of 60)" in center_client.get(center_url).text
    _enter(first_center, breakdown, month, HIGH)
    assert first_center.name in _row_names(it_client.get(url).text)
    assert "(9 of 20 vs. 3 of 60)" in center_client.get(center_url).text


@pytest.mark.django_db
def test_a_renamed_center_shows_at_once(it_client, demo, breakdown, month, every_center_entered):
    url = _url(demo, breakdown, month)
    it_client.get(url)
    center = every_center_entered[0]
    center.name = "Aardvark Early Learning"
    center.save(update_fields=["name"])
    assert "Aardvark Early Learning" in _row_names(it_client.get(url).text)


@pytest.mark.django_db
def test_the_queries_do_not_grow_with_the_centers(it_client, demo, breakdown, month):
    from django.core.cache import cache

    centers = list(demo.centers.order_by("name"))

    def queries():
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert it_client.get(_url(demo, breakdown, month)).status_code == 200
        return len(captured)

    _enter(centers[0], breakdown, month, HIGH)
    few = queries()
    for center in centers[1:]:
        _enter(center, breakdown, month, EVEN)
    assert queries() == few
