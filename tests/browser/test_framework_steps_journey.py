"""The IT edits the change framework on a phone, one primary driver at a time: the second
step alone shows with "Driver 2 of 5", a changed secondary driver saves itself and says so,
and the step has no serious or critical axe finding."""

import pytest

from tests.browser import axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_edits_a_driver_step_on_a_phone_and_it_saves_as_they_go(phone_page, live_server, login):
    from collaboratives.framework.models import PrimaryDriver

    axe.install(phone_page.context)
    page = login(phone_page, live_server, "it@demo.test")
    page.goto(f"{live_server.url}/c/bsc-sel/framework/edit/#step-2")
    step = page.locator("#step-2")
    assert "Driver 2 of 5" in step.inner_text()
    assert page.locator("#step-1").is_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    primary = PrimaryDriver.objects.filter(framework__collaborative__slug="bsc-sel").order_by(
        "number"
    )[1]
    secondary = primary.secondary_drivers.order_by("number").first()
    field = page.locator(f"#st-{secondary.public_id}")
    field.fill("Teach one feeling word a week")
    field.blur()
    page.locator(f"#saved-{secondary.public_id}", has_text="Saved at").wait_for()
    secondary.refresh_from_db()
    assert secondary.text == "Teach one feeling word a week"

    # Next driver moves to the third step.
    step.get_by_role("link", name="Next driver").click()
    assert page.locator("#step-3").is_visible()
    assert page.locator("#step-2").is_hidden()

    serious = axe.blocking(page)
    assert not serious, serious
