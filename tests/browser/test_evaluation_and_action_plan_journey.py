"""On a phone: a team leader answers the anonymous evaluation from her home, writes her team's
Action Plan and starts a PDSA ramp from a planned change."""

import datetime

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-pass-2026"
PHONE = {"width": 375, "height": 740}


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_answer_the_evaluation_write_the_plan_and_start_a_ramp(browser, live_server):
    from bsc.models import User
    from bsc.tenancy import get_access
    from collaboratives.evaluations import services as evaluations
    from collaboratives.evaluations.models import EvaluationResponse
    from collaboratives.schedule.models import Event, EventAttendance
    from pdsa.action_plans.models import ActionPlanItem

    it = get_access(User.objects.get(email="it@demo.test"), "bsc-sel")
    carmen = User.objects.get(email="center@demo.test")
    end = timezone.now() - datetime.timedelta(hours=3)
    event = Event.objects.create(
        collaborative=it.collaborative,
        kind="all_team_call",
        title="All-team call: storyboards",
        start=end - datetime.timedelta(hours=1),
        end=end,
    )
    EventAttendance.objects.create(event=event, user=carmen)
    evaluation = evaluations.evaluation_create(access=it, event=event, source="appendix_f")
    evaluations.send_evaluation_invitations(timezone.now())

    page = browser.new_context(viewport=PHONE).new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "center@demo.test")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/c/bsc-sel/**")

    page.click("text=Evaluate All-team call: storyboards")
    page.wait_for_url("**/evaluation/answer/")
    assert _fits(page)
    page.get_by_role("group", name="1. The Opening Sessions").get_by_label("Strongly agree").check()
    page.get_by_role("group", name="9. Which Affinity Group").get_by_label("Team Leader").check()
    page.fill("#i11-text", "Seeing the other teams' storyboards.")
    page.click("text=Send my answers")
    page.wait_for_selector("text=your answers are in")
    assert "Evaluate All-team call" not in page.content()
    stored = EvaluationResponse.objects.get(evaluation=evaluation)
    assert stored.answers["i1"]["score"] == 5 and stored.answers["i9"] == {"choice": "Team Leader"}

    page.click("nav.main-nav summary")
    page.click("nav.main-nav .nav-panel >> text=Action Plans")
    page.wait_for_url("**/pdsa/action-plans/")
    page.click("text=Write our plan")
    page.wait_for_url("**/sunrise/")
    assert _fits(page)
    page.fill("#id_text", "Sing the clean-up song in the toddler room")
    page.fill("#id_who", "Carmen")
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_selector("text=Added to the Action Plan")
    item = ActionPlanItem.objects.get(text="Sing the clean-up song in the toddler room")
    page.click(f"#item-{item.public_id} >> text=Start a PDSA ramp")
    page.wait_for_url("**/pdsa/ramps/**")
    assert "Sing the clean-up song in the toddler room" in page.content()
    assert _fits(page)
    item.refresh_from_db()
    assert item.ramp is not None and item.ramp.center.slug == "sunrise"
