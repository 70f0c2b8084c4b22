"""The pages that fold a large collaborative's centers (participation by month, one center's
people per event of a month, attendance of one center at a time, consultations and Action
Plans a page of centers at a time) pass axe-core and do not scroll sideways at 375 px."""

import pytest

from tests.browser import axe

pytestmark = pytest.mark.browser

WIDTHS = [(1280, 800), (375, 740)]


def test_folded_pages_are_accessible_at_desktop_and_phone_width(browser, live_server, login):
    from collaboratives.schedule.models import Event

    ls1 = Event.objects.get(collaborative__slug="bsc-sel", kind="learning_session", number=1)
    paths = [
        "/c/bsc-sel/participation/?q=sun",
        "/c/bsc-sel/participation/?center=sunrise",
        f"/c/bsc-sel/events/{ls1.public_id}/attendance/?center=sunrise",
        "/c/bsc-sel/consultations/",
        "/c/bsc-sel/pdsa/action-plans/",
    ]
    context = browser.new_context(locale="en-US")
    context.set_default_timeout(15_000)
    axe.install(context)
    page = context.new_page()
    login(page, live_server, "it@demo.test")
    problems = []
    for path in paths:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        for width, height in WIDTHS:
            page.set_viewport_size({"width": width, "height": height})
            problems += [f"{width}px {line}" for line in axe.blocking(page)]
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                problems.append(f"{width}px {path} is {scroll}px wide")
    context.close()
    assert not problems, "\n".join(problems)
