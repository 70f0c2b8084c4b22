"""In a browser on a phone-sized screen: a center plans and runs a test, faculty give feedback
from the queue, and the center member is notified once."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-pass-2026"
PHONE = {"width": 375, "height": 740}


def _sign_in(browser, live_server, email):
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    return page


def test_plan_do_study_act_feedback_and_notification(browser, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from bsc.models import Notification, User
    from pdsa.cycles.models import Cycle

    mail.outbox = []
    center = _sign_in(browser, live_server, "center@demo.test")
    center.goto(f"{live_server.url}/c/bsc-sel/pdsa/quick-start/")
    assert center.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    center.fill("#id_title", "Calm-down corner")
    center.fill("#id_objective", "Try a calm-down corner with one child at arrival.")
    center.fill("#id_prediction", "He will use it twice this week.")
    center.select_option("#id_scale", "one_child")
    center.click("main button[type=submit]")
    center.wait_for_url("**/pdsa/cycles/**")
    assert "Try a calm-down corner" in center.content()

    center.click("text=Record Do")
    center.fill("#id_what_happened", "He used it on three mornings.")
    center.click("main button[type=submit]")
    center.click("text=Record Study")
    center.fill("#id_results", "Better than predicted.")
    center.click("main button[type=submit]")
    center.click("text=Record Act")
    center.select_option("#id_decision", "adopt")
    center.fill("#id_next_step", "Offer the corner to the whole room.")
    center.check("#id_start_next")
    center.click("main button[type=submit]")
    center.wait_for_url("**/plan/")
    assert center.input_value("#id_objective") == "Offer the corner to the whole room."
    assert center.input_value("#id_scale") == "one_teacher"

    first = Cycle.objects.get(ramp__title="Calm-down corner", number=1)
    assert first.stage == Cycle.Stage.DONE and not first.is_incomplete
    # Eight days pass without feedback.
    Cycle.objects.filter(pk=first.pk).update(
        activity_at=timezone.now() - datetime.timedelta(days=8)
    )

    faculty = _sign_in(browser, live_server, "faculty@demo.test")
    faculty.goto(f"{live_server.url}/c/bsc-sel/feedback/")
    faculty.click("text=Calm-down corner — cycle 1")
    faculty.fill("#id_body", "What a lovely first test. What did the other children do?")
    faculty.click("form[hx-post] button[type=submit]")
    faculty.wait_for_selector("text=What a lovely first test.")

    center_user = User.objects.get(email="center@demo.test")
    rows = Notification.objects.filter(kind="pdsa.comment_on_cycle", recipient=center_user)
    assert rows.count() == 1
    assert len([m for m in mail.outbox if m.to == ["center@demo.test"]]) == 1

    center.goto(f"{live_server.url}/c/bsc-sel/")
    center.wait_for_selector("#notification-badge .badge")
    assert center.inner_text("#notification-badge .badge").strip().endswith("1")
    center.click("#notification-badge a")
    assert "commented on" in center.content()
