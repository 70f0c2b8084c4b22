"""In a browser: the IT adds a cycle to a theme from the cycle page, builds and sends the
month's newsletter; a teacher reads it and comments on a chart of their center."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_theme_newsletter_and_chart_comment(browser, live_server, login):
    from metrics.newsletter.models import Newsletter
    from pdsa.cycles.models import Cycle

    cycle = (
        Cycle.objects.filter(ramp__center__collaborative__slug="bsc-sel")
        .select_related("ramp")
        .first()
    )
    it = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    login(it, live_server, "it@demo.test")
    it.goto(f"{live_server.url}/c/bsc-sel/pdsa/cycles/{cycle.public_id}/")
    it.get_by_role("link", name="Add to a theme").click()
    it.fill("#id_new_title", "Logs become routine by the second cycle")
    it.select_option("#id_new_lens", "content")
    it.get_by_role("button", name="Add to the theme").click()
    assert (
        it.get_by_role("heading", level=1).inner_text() == "Logs become routine by the second cycle"
    )
    assert cycle.ramp.title in it.locator("#evidence-h + ul").inner_text()

    it.goto(f"{live_server.url}/c/bsc-sel/newsletters/")
    it.get_by_role("button", name="Build this month's draft").click()
    it.get_by_role("button", name="Send to every member").click()
    assert "Sent to" in it.content()
    sent = (
        Newsletter.objects.filter(collaborative__slug="bsc-sel", status="sent")
        .order_by("-month")
        .first()
    )

    teacher = browser.new_context(viewport={"width": 375, "height": 740}).new_page()
    login(teacher, live_server, "maple-street-teacher1@demo.test")
    teacher.goto(f"{live_server.url}/c/bsc-sel/newsletters/")
    teacher.get_by_role("link", name=sent.title, exact=True).click()
    assert "Highlights" in teacher.content()
    teacher.goto(f"{live_server.url}/c/bsc-sel/metrics/centers/maple-street/charts/")
    teacher.get_by_role("link", name="Discuss").first.click()
    teacher.fill("textarea[name=body]", "Our numbers rose after the log started.")
    teacher.get_by_role("button", name="Comment").click()
    assert teacher.get_by_text("Our numbers rose after the log started.").is_visible()
    assert teacher.evaluate("document.documentElement.scrollWidth") <= 375
