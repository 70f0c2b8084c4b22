"""A team leader on a phone works down "What to do now": enters this month's metrics, records
the Study of a cycle waiting for it and the Do of one still at its Plan, and answers a coach's
comment; each done item leaves the list. The same journey runs in English and, with a Spanish
profile, in Spanish: the page says lang="es", the buttons and due dates read in Spanish, and
the pages it crossed have no serious or critical axe finding."""

import pytest

from tests.browser import axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_HEIGHT = 740

# What the team leader reads on the way, in each language.
TEXT = {
    "en": {
        "what_to_do": "What to do now",
        "enter_metrics": "Enter metrics",
        "record_study": "Record the Study",
        "reply": "Reply",
    },
    "es": {
        "what_to_do": "Qué hacer ahora",
        "enter_metrics": "Ingresar indicadores",
        "record_study": "Registrar la etapa Estudiar",
        "reply": "Responder",
    },
}


def _due(page):
    return page.locator("section.due")


@pytest.mark.parametrize("language", ["en", "es"])
def test_team_leader_works_through_what_is_due_on_a_phone(phone_page, live_server, login, language):
    from bsc.models import User
    from metrics.values.models import MetricValue
    from metrics.values.validation import collaborative_today
    from pdsa.cycles.models import Cycle
    from pdsa.discussion.models import Comment

    text = TEXT[language]
    User.objects.filter(email="center@demo.test").update(language=language)
    axe.install(phone_page.context)
    page = login(phone_page, live_server, "center@demo.test")
    findings: list[str] = []
    assert page.locator("html").get_attribute("lang") == language
    due = _due(page)
    assert text["what_to_do"] in due.inner_text()
    # The list starts in the first screen, under a one-row header.
    assert due.bounding_box()["y"] < PHONE_HEIGHT / 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    findings += axe.blocking(page)

    # 1. Metrics: one tap to the entry page.
    due.get_by_role("link", name=text["enter_metrics"]).first.click()
    page.wait_for_url("**/metrics/centers/sunrise/")
    assert page.locator("html").get_attribute("lang") == language
    today = collaborative_today(Cycle.objects.first().ramp.center.collaborative)
    month = today.strftime("%Y-%m")
    cell = page.locator(f"#cell-challenging-behaviors-{month}")
    cell.locator("input[name=value]").fill("3")
    cell.locator("button[type=submit]").click()
    page.locator(f"#cell-challenging-behaviors-{month} [role=status]").wait_for()
    assert MetricValue.objects.filter(
        center__slug="sunrise", metric__slug="challenging-behaviors", month=f"{month}-01"
    ).exists()
    findings += axe.blocking(page)

    # 2. A cycle waiting for its Study.
    page.goto(f"{live_server.url}/c/bsc-sel/")
    study = _due(page).get_by_role("link", name=text["record_study"]).first
    study.click()
    page.wait_for_url("**/study/")
    findings += axe.blocking(page)
    page.fill("#id_results", "Fewer meltdowns at arrival on four of five days.")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert Cycle.objects.filter(
        ramp__center__slug="sunrise", results="Fewer meltdowns at arrival on four of five days."
    ).exists()

    # 3. The Do of a cycle still at its Plan.
    planned = Cycle.objects.filter(
        ramp__center__slug="sunrise", do_saved_at__isnull=True, act_saved_at__isnull=True
    ).first()
    assert planned is not None, "the demo keeps a planned cycle for the Do"
    page.goto(f"{live_server.url}/c/bsc-sel/pdsa/cycles/{planned.public_id}/do/")
    assert page.locator("html").get_attribute("lang") == language
    page.fill("#id_what_happened", "Tried the visual schedule in the toddler room.")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    planned.refresh_from_db()
    assert planned.what_happened == "Tried the visual schedule in the toddler room."

    # 4. Answer the coach.
    page.goto(f"{live_server.url}/c/bsc-sel/")
    reply = text["reply"]
    before = _due(page).get_by_role("link", name=reply).count()
    assert before >= 1
    href = _due(page).get_by_role("link", name=reply).first.get_attribute("href")
    comment_id = href.split("#comment-")[1]
    _due(page).get_by_role("link", name=reply).first.click()
    thread = page.locator(f"#comment-{comment_id}")
    thread.locator("summary", has_text=reply).click()
    thread.locator("textarea").fill("We counted: four days out of five.")
    thread.get_by_role("button", name=reply).click()
    page.get_by_text("We counted: four days out of five.").first.wait_for()
    assert Comment.objects.filter(
        parent__public_id=comment_id, body="We counted: four days out of five."
    ).exists()
    findings += axe.blocking(page)
    page.goto(f"{live_server.url}/c/bsc-sel/")
    assert f"#comment-{comment_id}" not in _due(page).inner_html()
    assert page.locator("html").get_attribute("lang") == language
    findings += axe.blocking(page)
    assert not findings, "axe-core serious/critical violations:\n" + "\n".join(findings)
