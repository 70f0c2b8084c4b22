"""HTMX forms show refused input in place, whatever DEBUG says: an empty secondary driver in
the framework editor keeps the page and shows "This field is required." under the form."""

import pytest

from collaboratives.framework.models import PrimaryDriver

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("debug", [True, False], ids=["debug-on", "debug-off"])
def test_empty_secondary_driver_shows_its_error_in_place(page, live_server, login, settings, debug):
    settings.DEBUG = debug
    login(page, live_server, "it@demo.test")
    page.goto(f"{live_server.url}/c/bsc-sel/framework/edit/")
    driver = PrimaryDriver.objects.filter(framework__collaborative__slug="bsc-sel").order_by(
        "number"
    )[0]
    count = driver.secondary_drivers.count()
    form = page.locator(f"form:has(#new-s-{driver.public_id})")
    with page.expect_response(lambda r: r.request.method == "POST"):
        form.get_by_role("button", name="Add secondary driver").click()
    form = page.locator(f"form:has(#new-s-{driver.public_id})")
    form.locator(".errorlist").wait_for()
    assert "This field is required." in form.locator(".errorlist").inner_text()
    # Still the styled editor page, not an error fragment in its place.
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Edit the Collaborative Change Framework"
    )
    assert page.locator("link[rel=stylesheet]").count() > 0
    assert page.locator("#ccf-editor").count() == 1
    assert driver.secondary_drivers.count() == count
