"""A team leader on a phone works down "What to do now": enters this month's metrics, records
the Study of a cycle waiting for it, and answers a coach's comment; each done item leaves the
list."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_HEIGHT = 740


def _due(page):
    return page.locator("section.due")


def test_team_leader_works_through_what_is_due_on_a_phone(phone_page, live_server, login):
    from metrics.values.models import MetricValue
    from metrics.values.validation import collaborative_today
    from pdsa.cycles.models import Cycle
    from pdsa.discussion.models import Comment

    page = login(phone_page, live_server, "center@demo.test")
    due = _due(page)
    # The list starts in the first screen, under a one-row header.
    assert due.bounding_box()["y"] < PHONE_HEIGHT / 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # 1. Metrics: one tap to the entry page.
    due.get_by_role("link", name="Enter metrics").first.click()
    page.wait_for_url("**/metrics/centers/sunrise/")
    today = collaborative_today(Cycle.objects.first().ramp.center.collaborative)
    month = today.strftime("%Y-%m")
    cell = page.locator(f"#cell-challenging-behaviors-{month}")
    cell.locator("input[name=value]").fill("3")
    cell.locator("button[type=submit]").click()
    page.locator(f"#cell-challenging-behaviors-{month} [role=status]").wait_for()
    assert MetricValue.objects.filter(
        center__slug="sunrise", metric__slug="challenging-behaviors", month=f"{month}-01"
    ).exists()

    # 2. A cycle waiting for its Study.
    page.goto(f"{live_server.url}/c/bsc-sel/")
    study = _due(page).get_by_role("link", name="Record the Study").first
    study.click()
    page.wait_for_url("**/study/")
    page.fill("#id_results", "Fewer meltdowns at arrival on four of five days.")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert Cycle.objects.filter(
        ramp__center__slug="sunrise", results="Fewer meltdowns at arrival on four of five days."
    ).exists()

    # 3. Answer the coach.
    page.goto(f"{live_server.url}/c/bsc-sel/")
    before = _due(page).get_by_role("link", name="Reply").count()
    assert before >= 1
    href = _due(page).get_by_role("link", name="Reply").first.get_attribute("href")
    comment_id = href.split("#comment-")[1]
    _due(page).get_by_role("link", name="Reply").first.click()
    thread = page.locator(f"#comment-{comment_id}")
    thread.locator("summary", has_text="Reply").click()
    thread.locator("textarea").fill("We counted: four days out of five.")
    thread.get_by_role("button", name="Reply").click()
    page.get_by_text("We counted: four days out of five.").first.wait_for()
    assert Comment.objects.filter(
        parent__public_id=comment_id, body="We counted: four days out of five."
    ).exists()
    page.goto(f"{live_server.url}/c/bsc-sel/")
    assert f"#comment-{comment_id}" not in _due(page).inner_html()
