"""Two people save the same month of a metric from their own grid: the second sees, in place,
that someone else saved first, with both versions, and keeps one of them."""

from collections.abc import Iterator
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

METRIC = "challenging-behaviors"


@pytest.fixture
def second_page(browser: Any, browser_context_args: dict[str, Any]) -> Iterator[Any]:
    ctx = browser.new_context(**browser_context_args)
    ctx.set_default_timeout(10_000)
    yield ctx.new_page()
    ctx.close()


@pytest.mark.parametrize("debug", [False, True], ids=["debug-off", "debug-on"])
def test_second_save_of_the_same_cell_sees_the_conflict_in_place(
    page, second_page, live_server, login, settings, debug
):
    from collaboratives.membership.models import Collaborative
    from metrics.values.models import MetricValue
    from metrics.values.validation import collaborative_today

    # With DEBUG on, django-htmx's script replaces the whole page with some error answers; the
    # conflict must still arrive in its cell.
    settings.DEBUG = debug
    collaborative = Collaborative.objects.get(slug="bsc-sel")
    month_date = collaborative_today(collaborative).replace(day=1)
    MetricValue.objects.filter(
        center__slug="sunrise", metric__slug=METRIC, month=month_date
    ).delete()
    month = month_date.strftime("%Y-%m")
    entry = f"{live_server.url}/c/bsc-sel/metrics/centers/sunrise/"

    login(page, live_server, "center@demo.test")
    login(second_page, live_server, "leader@demo.test")
    page.goto(entry)
    second_page.goto(entry)

    mine = page.locator(f"#cell-{METRIC}-{month}")
    mine.locator("input[name=value]").fill("12")
    mine.locator("button[type=submit]").first.click()
    page.locator(f"#cell-{METRIC}-{month} [role=status]").wait_for()

    theirs = second_page.locator(f"#cell-{METRIC}-{month}")
    theirs.locator("input[name=value]").fill("15")
    theirs.locator("input[name=note]").fill("recounted")
    theirs.locator("button[type=submit]").first.click()

    alert = second_page.locator(f"#cell-{METRIC}-{month} .conflict[role=alert]")
    alert.wait_for()
    assert "Someone else saved this month while you were editing." in alert.inner_text()
    assert alert.locator(".yours").inner_text().strip() == "15 — recounted"
    assert alert.locator(".theirs").inner_text().strip() == "12"
    # In place: the rest of the grid is still there and the address did not change.
    assert second_page.url == entry
    assert second_page.locator("h1").inner_text().startswith("Monthly metrics")
    assert second_page.locator("#chart-challenging-behaviors").count() == 1
    row = MetricValue.objects.get(center__slug="sunrise", metric__slug=METRIC, month=month_date)
    assert row.value == 12

    alert.get_by_role("button", name="Keep their version").click()
    second_page.locator(f"#cell-{METRIC}-{month} [role=status]").wait_for()
    cell = second_page.locator(f"#cell-{METRIC}-{month}")
    assert "Their version was kept" in cell.inner_text()
    assert cell.locator("input[name=value]").input_value() == "12"
    row.refresh_from_db()
    assert row.value == 12 and row.version == 1
