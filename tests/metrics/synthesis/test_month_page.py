"""The month page lists a few cycles per cell and all of a driver's on its own view, with the
same queries however many cycles the month holds."""

import datetime

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
