"""The month page lists a few cycles per cell and all of a driver's on its own view, with the
same queries however many cycles the month holds."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from collaboratives.framework.models import SecondaryDriver
from collaboratives.membership.dates import local_today
from metrics.synthesis.month import month_summary
from pdsa.cycles.models import Cycle, Ramp


def _start_cycles(center, driver, n: int, day: datetime.date, title: str) -> None:
    ramp = Ramp.objects.create(center=center, title=title)
    ramp.secondary_drivers.add(driver)
    for number in range(1, n + 1):
        Cycle.objects.create(ramp=ramp, number=number, objective="Try", start_date=day)


def _driver(demo) -> SecondaryDriver:
    return (
        SecondaryDriver.objects.filter(primary__framework__collaborative=demo)
        .select_related("primary")
        .first()
    )


def test_cells_list_five_cycles_and_link_to_the_drivers_view(it_client, demo, first_center):
    driver = _driver(demo)
    month = local_today(demo).replace(day=1)
    _start_cycles(first_center, driver, 9, month, "Calm-down corner")
    url = f"/c/bsc-sel/across/{month:%Y-%m}/"

    started = next(g.started for g in month_summary(demo, month).drivers if g.driver == driver)
    assert len(started) >= 9

    page = it_client.get(url).content.decode()
    row = page.split(f'<th scope="row">{driver.code} ')[1].split("</tr>")[0]
    started_cell = row.split("<td>")[1]
    assert started_cell.count('<a class="small" href="/c/') == 5
    assert f'href="?driver={driver.code}#drivers-h">and {len(started) - 5} more' in started_cell

    whole = it_client.get(url, {"driver": driver.code}).content.decode()
    assert whole.count("Calm-down corner #") == 9
    assert f"Every cycle of driver {driver.code}." in whole
    assert " more</a>" not in whole

    nothing = it_client.get(url, {"driver": "9.99"})
    assert nothing.status_code == 200
    assert "No cycles started or decided this month." in nothing.content.decode()


def test_month_page_queries_do_not_grow_with_cycles(it_client, demo, first_center, second_center):
    driver = _driver(demo)
    month = local_today(demo).replace(day=1)
    url = f"/c/bsc-sel/across/{month:%Y-%m}/"
    _start_cycles(first_center, driver, 2, month, "Few")
    it_client.get(url)
    with CaptureQueriesContext(connection) as few:
        it_client.get(url)
    for center in (first_center, second_center):
        _start_cycles(center, driver, 12, month, f"Many at {center.slug}")
    it_client.get(url)  # the new cycles change the charts' stamp: signals recomputed once
    with CaptureQueriesContext(connection) as many:
        it_client.get(url)
    assert len(many) == len(few)


def _month_url(demo) -> tuple[datetime.date, str]:
    month = local_today(demo).replace(day=1)
    return month, f"/c/bsc-sel/across/{month:%Y-%m}/"


def _totals(page: str) -> str:
    return page.split(" cycles started, ")[0].rsplit("<p>", 1)[1]


def test_a_drivers_view_pages_through_all_its_cycles_once(it_client, demo, first_center):
    driver = _driver(demo)
    month, url = _month_url(demo)
    _start_cycles(first_center, driver, 30, month, "Paging ramp")
    seen = []
    pages = 0
    page_number = 1
    while True:
        page = it_client.get(url, {"driver": driver.code, "page": page_number}).content.decode()
        pages += 1
        row = page.split(f'<th scope="row">{driver.code} ')[1].split("</tr>")[0]
        started_cell = row.split("<td>")[1]
        assert started_cell.count('<a class="small" href="/c/') <= 25
        seen += [int(n) for n in re.findall(r"Paging ramp #(\d+)", started_cell)]
        assert 'aria-label="Pages of the driver’s cycles"' in page
        if ">Next</a>" not in page:
            break
        page_number += 1
    assert pages >= 2
    assert sorted(seen) == list(range(1, 31))
    # Past the last page: the last page, not an error.
    last = it_client.get(url, {"driver": driver.code, "page": 999})
    assert last.status_code == 200
    assert f"Page {pages} of {pages}" in last.content.decode()


def test_a_cycle_counted_once_across_drivers_and_shown_after_changes(it_client, demo, first_center):
    first, second = list(
        SecondaryDriver.objects.filter(primary__framework__collaborative=demo)
        .select_related("primary")
        .order_by("primary__number", "number")[:2]
    )
    month, url = _month_url(demo)
    before = int(_totals(it_client.get(url).content.decode()))
    ramp = Ramp.objects.create(center=first_center, title="Both drivers")
    ramp.secondary_drivers.add(first, second)
    for number in (1, 2, 3):
        Cycle.objects.create(ramp=ramp, number=number, objective="Try", start_date=month)
    page = it_client.get(url).content.decode()
    assert int(_totals(page)) == before + 3
    whole = it_client.get(url, {"driver": second.code}).content.decode()
    assert whole.count("Both drivers #") == 3

    # The ramp leaves the second driver: its view no longer lists the ramp's cycles.
    ramp.secondary_drivers.remove(second)
    whole = it_client.get(url, {"driver": second.code}).content.decode()
    assert "Both drivers #" not in whole
    # A renamed center shows its new name in the cells.
    first_center.name = "Renamed center"
    first_center.save()
    whole = it_client.get(url, {"driver": first.code}).content.decode()
    assert "Renamed center: Both drivers #1" in whole


def _signals(metric: str, n: int) -> list:
    from metrics.synthesis.month import SignalSeen

    return [
        SignalSeen(
            f"Center {i:02d}",
            f"center-{i:02d}",
            metric.title(),
            metric,
            f"Signal {metric} {i}",
            f"center-{i:02d}/{metric}/Dec 2026",
            f"/c/bsc-sel/metrics/centers/center-{i:02d}/#c-{metric}",
            True,
            0 if metric == "first" else 1,
        )
        for i in range(n)
    ]


def test_signals_are_listed_by_metric_and_each_metric_pages_through_all(
    it_client, demo, monkeypatch
):
    from metrics.synthesis import views

    found = _signals("second", 2) + _signals("first", 30)
    monkeypatch.setattr(views, "signals_appeared", lambda *args, **kwargs: found)
    _month, url = _month_url(demo)
    page = it_client.get(url).content.decode()
    assert "32 signals appeared." in page
    # In the catalogue's order, each metric with its exact count and its first five.
    assert page.index('id="signals-first"') < page.index('id="signals-second"')
    first = page.split('id="signals-first"')[1].split("</ul>")[0]
    assert "30 signals" in first
    assert first.count("Signal first ") == 5
    assert 'href="?metric=first#signals-h">and 25 more</a>' in first
    second = page.split('id="signals-second"')[1].split("</ul>")[0]
    assert second.count("Signal second ") == 2
    assert " more</a>" not in second

    listed = []
    for number in (1, 2):
        whole = it_client.get(url, {"metric": "first", "signals_page": number}).content.decode()
        assert 'aria-label="Pages of the metric’s signals"' in whole
        assert "Signal second " not in whole
        listed += [int(n) for n in re.findall(r"Signal first (\d+)", whole)]
    assert sorted(listed) == list(range(30))


def test_lowest_rated_means_are_those_of_each_centers_latest_submitted_assessment(demo):
    from decimal import Decimal

    from centers.assessments.models import Rating, SelfAssessment
    from metrics.synthesis.month import lowest_rated_ids

    latest = {}
    for assessment in SelfAssessment.objects.filter(
        center__collaborative=demo, status=SelfAssessment.Status.SUBMITTED
    ).order_by("round__number"):
        latest[assessment.center_id] = assessment.pk
    scores: dict[int, list[Decimal]] = {}
    for driver, score in Rating.objects.filter(
        assessment__in=latest.values(), score__isnull=False
    ).values_list("driver", "score"):
        scores.setdefault(driver, []).append(score)
    assert scores, "the demo has submitted self-assessments"
    expected = sorted(
        ((sum(found) / len(found), driver, len(found)) for driver, found in scores.items())
    )[:5]
    assert lowest_rated_ids(demo) == [
        (driver, mean.quantize(Decimal("0.1")), n) for mean, driver, n in expected
    ]


def test_a_new_comment_and_a_retitled_post_show_on_the_next_view(it_client, demo, it_user):
    from pdsa.board.models import Post
    from pdsa.discussion.models import Comment

    _month, url = _month_url(demo)
    post = Post.objects.filter(collaborative=demo).order_by("pk").first()

    def discussed() -> str:
        page = it_client.get(url).content.decode()
        return page.split('id="posts-h"')[1].split("</section>")[0]

    discussed()  # computed and kept
    for n in range(40):
        Comment.objects.create(collaborative=demo, post=post, author=it_user, body=f"Comment {n}")
    section = discussed()
    assert f">{post.title}</a>" in section.split("</li>")[0]
    assert "comments this month" in section.split("</li>")[0]
    post.title = "A retitled post"
    post.save()
    assert ">A retitled post</a>" in discussed()
