"""Browser journeys of the timeline: the IT moves Learning Session 2 by two weeks and sees the
anchored tasks follow; creates a standing call series and sees clashes; a center member finds
the call in their calendar and feed."""

import datetime
import os
import shutil
import zoneinfo

import pytest
from django.utils import timezone

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"),
        reason="needs Chromium",
    ),
]
NY = zoneinfo.ZoneInfo("America/New_York")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = live_server.url
    yield page
    context.close()


def sign_in(page, email):
    page.goto(f"{page.base_url}/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", "demo-pass-2026")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def test_it_moves_learning_session_2_and_anchored_tasks_follow(page):
    from collaboratives.schedule.models import Event

    ls2 = Event.objects.get(collaborative__slug="bsc-sel", kind="learning_session", number=2)
    tasks = {t.title: t.due_date for t in ls2.anchored_tasks.all()}
    sign_in(page, "it@demo.test")
    page.goto(f"{page.base_url}/c/bsc-sel/events/{ls2.public_id}/")
    page.get_by_role("link", name="Change or move").click()
    start = ls2.start.astimezone(NY) + datetime.timedelta(weeks=2)
    end = ls2.end.astimezone(NY) + datetime.timedelta(weeks=2)
    page.fill("input[name=start]", start.strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=end]", end.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    if "What moved" not in page.content():  # clashes were listed: confirm them
        page.get_by_role("button", name="Schedule it anyway").click()
    page.get_by_role("heading", name="What moved").wait_for()
    rows = page.locator("table.moved-tasks tbody tr")
    assert rows.count() == len(tasks)
    first = rows.first.inner_text()
    title = next(t for t in tasks if t in first)
    new_due = tasks[title] + datetime.timedelta(weeks=2)
    assert new_due.strftime("%b %-d, %Y") in first
    # The workplan shows the new dates too.
    page.goto(f"{page.base_url}/c/bsc-sel/workplan/?view=phase")
    # Phases other than today's, and today's done tasks, are folded and load when opened.
    folded = page.locator(
        "details.phase:not([open]) > summary, details.done-tasks:not([open]) > summary"
    )
    while folded.count():
        folded.first.click()
    page.get_by_text(title).first.wait_for()
    assert page.get_by_text(title).count() >= 1


def test_it_creates_call_series_and_sees_clashes(page):
    from collaboratives.schedule.models import CallSeries

    sign_in(page, "it@demo.test")
    page.goto(f"{page.base_url}/c/bsc-sel/events/")
    page.get_by_role("link", name="New standing call series").click()
    page.select_option("select[name=kind]", "senior_leader_call")
    page.fill("input[name=title]", "Directors' circle")
    page.select_option("select[name=weekday]", "TU")
    sentence = page.locator("#rule-sentence")
    sentence.get_by_text("Every month on the third Tuesday").wait_for()
    page.select_option("select[name=weekday]", "FR")
    sentence.get_by_text("Every month on the third Friday").wait_for()
    first = timezone.localdate()
    page.fill("input[name=first_date]", first.isoformat())
    page.fill("input[name=start_time]", "11:00")
    page.fill("input[name=end_time]", "11:45")
    page.select_option("select[name=audience]", "affinity_group")
    page.select_option("select[name=audience_center_role]", "senior_leader")
    page.get_by_role("button", name="Create the series").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    text = alert.inner_text()
    assert "clash" in text and "All-team call" in text  # same people, same week
    page.get_by_role("button", name="Create it anyway").click()
    page.get_by_role("heading", name="Directors' circle").wait_for()
    assert CallSeries.objects.filter(title="Directors' circle").exists()
    assert "All-team call" in page.get_by_role("alert").inner_text()


def test_center_member_finds_the_call_in_calendar_and_feed(page):
    from collaboratives.schedule.models import CalendarFeed, Event

    call = (
        Event.objects.filter(
            collaborative__slug="bsc-sel", kind="all_team_call", start__gt=timezone.now()
        )
        .order_by("start")
        .first()
    )
    sign_in(page, "center@demo.test")
    page.goto(f"{page.base_url}/c/bsc-sel/")
    page.locator("nav.main-nav summary").click()
    page.get_by_role("link", name="Calendar", exact=True).click()
    month = call.start.astimezone(NY).strftime("%Y-%m")
    page.goto(f"{page.base_url}/c/bsc-sel/calendar/?month={month}")
    link = page.locator(f"a.cal-event[href$='{call.public_id}/']")
    assert "11:00 AM All-team call" in link.inner_text()
    page.get_by_role("button", name="Create my calendar feed").click()
    feed_url = page.get_by_label("Your feed address").input_value()
    feed = CalendarFeed.objects.get(user__email="center@demo.test", revoked_at__isnull=True)
    assert feed.token in feed_url
    response = page.request.get(feed_url.replace("http://testserver", page.base_url))
    assert response.ok and str(call.public_id) in response.text()
    page.goto(f"{page.base_url}/c/bsc-sel/calendar/?month={month}&view=list")
    page.get_by_role("link", name="All-team call").first.click()
    page.get_by_role("heading", name="All-team call").wait_for()
    assert page.get_by_role("link", name="Add to calendar (.ics)").count() == 1
