"""Browser journeys: the IT copies and edits a change framework and adds a metric; a center
member completes and submits a self-assessment on a phone-sized screen."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_loaded(live_server):
    # The browser conftest has put the demo back for this live server.
    return live_server


def _login(page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", "demo-pass-2026")
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_it_copies_framework_edits_driver_and_adds_metric(browser, demo_loaded):
    base = demo_loaded.url
    page = browser.new_page()
    _login(page, base, "other@demo.test")
    page.goto(f"{base}/c/riverside-families/framework/edit/")
    page.select_option("select[name=source]", "builtin:bsc-sel")
    page.click("text=Copy this framework")
    page.wait_for_load_state("networkidle")
    assert page.locator("text=The framework and its metrics were copied.").is_visible()
    # Edit a secondary driver in place (HTMX swaps the editor, no full reload).
    field = page.get_by_label("1.4")
    field.fill("Provide clear directions")
    page.locator("li", has=field).get_by_role("button", name="Save").click()
    page.locator("summary", has_text="Earlier wording").first.wait_for()
    assert page.get_by_label("1.4").input_value() == "Provide clear directions"
    # The driver diagram shows the edit.
    page.goto(f"{base}/c/riverside-families/framework/")
    assert page.locator("text=Provide clear directions").is_visible()
    assert page.get_by_text("Reduce challenging behaviors", exact=True).is_visible()
    # Add a metric to the catalogue.
    page.goto(f"{base}/c/riverside-families/framework/metrics/new/")
    page.fill("input[name=name]", "Family conferences held")
    page.select_option("select[name=metric_type]", "count")
    page.select_option("select[name=chart]", "c")
    page.get_by_label("3.1 Use open, consistent communication with families").check()
    page.click("text=Save metric")
    page.wait_for_load_state("networkidle")
    assert page.locator("h2", has_text="Family conferences held").is_visible()


def test_center_member_submits_assessment_on_phone(browser, demo_loaded):
    base = demo_loaded.url
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    _login(page, base, "maple-street-teacher1@demo.test")
    page.goto(f"{base}/c/bsc-sel/self-assessments/")
    page.click("text=Start")
    page.wait_for_load_state("networkidle")
    assert page.locator("text=Serious Challenges or Does Not Yet Exist").first.is_visible()
    selects = page.locator("select[name^=score_]")
    assert selects.count() == 30
    # Save a draft with one score, come back, then finish and submit.
    selects.nth(0).select_option("2.5")
    page.locator("textarea[name^=comment_]").first.fill("Only in the toddler rooms")
    page.click("text=Save draft")
    page.wait_for_load_state("networkidle")
    assert page.locator("text=Your self-assessment was saved.").is_visible()
    assert page.locator("select[name^=score_]").nth(0).input_value() == "2.5"
    for index in range(1, 30):
        page.locator("select[name^=score_]").nth(index).select_option("3.5" if index % 2 else "3.0")
    page.locator("input[name^=priority_]").first.check()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"page is {width}px wide on a 375px screen"
    page.click("text=Submit assessment")
    page.wait_for_load_state("networkidle")
    assert page.locator("text=Your self-assessment was submitted.").is_visible()
    assert page.locator(".badge", has_text="Submitted").is_visible()
    context.close()
