"""Browser journeys of the foundation: each demo login reaches its own home and navigation;
another tenant's person cannot open BSC-SEL; the pages work on a phone; the API docs run
under the CSP."""

import pytest

pytestmark = pytest.mark.browser

HOMES = [
    ("it@demo.test", "/c/bsc-sel/", "Implementation Team dashboard", True),
    ("faculty@demo.test", "/c/bsc-sel/", "Faculty home", False),
    ("center@demo.test", "/c/bsc-sel/", "Center home — Sunrise Child Development Center", False),
    (
        "leader@demo.test",
        "/c/bsc-sel/",
        "Senior leader view — Sunrise Child Development Center",
        False,
    ),
    ("other@demo.test", "/c/riverside-families/", "Implementation Team dashboard", True),
]


@pytest.mark.parametrize(("email", "home", "heading", "can_invite"), HOMES)
def test_demo_login_reaches_own_home_with_role_navigation(
    page, live_server, login, email, home, heading, can_invite
):
    login(page, live_server, email)
    assert page.url == f"{live_server.url}{home}"
    assert page.get_by_role("heading", level=1).inner_text() == heading
    nav = page.get_by_role("navigation", name="Collaborative")
    # One row of at most six entries and the menu for the rest.
    assert nav.locator(".nav-bar > li:visible").count() <= 7
    nav.get_by_text("More").click()
    assert nav.get_by_role("link", name="People").is_visible()
    assert nav.get_by_role("link", name="Centers").is_visible()
    assert (nav.get_by_role("link", name="Invite").count() == 1) is can_invite
    has_team = email in ("center@demo.test", "leader@demo.test")
    assert (nav.get_by_role("link", name="Our team").count() == 1) is has_team

    # The navigation leads somewhere real.
    nav.get_by_role("link", name="People").click()
    page.wait_for_url("**/members/")
    assert page.get_by_role("heading", level=1).is_visible()


def test_other_tenant_cannot_open_bsc_sel(page, live_server, login):
    login(page, live_server, "other@demo.test")
    for path in ["/c/bsc-sel/", "/c/bsc-sel/centers/sunrise/", "/c/bsc-sel/members/"]:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 404, path
        assert "BSC-SEL" not in page.content()
        assert "Sunrise" not in page.content()


def test_invite_page_refused_to_faculty(page, live_server, login):
    login(page, live_server, "faculty@demo.test")
    response = page.goto(f"{live_server.url}/c/bsc-sel/members/invite/")
    assert response.status == 403


def test_it_invites_a_person_from_the_page(page, live_server, login):
    login(page, live_server, "it@demo.test")
    page.get_by_text("More").click()
    page.get_by_role("link", name="Invite").click()
    page.get_by_label("E-mail address").fill("new.person@example.org")
    page.locator("select[name=role]").select_option("center_member")
    page.get_by_role("button", name="Send the invitation").click()
    # A center member without a center: the field errors are shown, nothing is sent.
    assert page.get_by_text("Choose the center this person joins.").is_visible()
    page.locator("select[name=center]").select_option("sunrise")
    page.get_by_label("Role in the center team").select_option("teacher")
    page.get_by_role("button", name="Send the invitation").click()
    page.wait_for_url("**/members/")
    assert page.get_by_text("An invitation was sent to new.person@example.org.").is_visible()


@pytest.mark.parametrize("email", ["it@demo.test", "center@demo.test"])
def test_phone_width_has_no_horizontal_overflow(phone_page, live_server, login, email):
    login(phone_page, live_server, email)
    for path in ["/c/bsc-sel/", "/c/bsc-sel/members/", "/c/bsc-sel/centers/"]:
        phone_page.goto(f"{live_server.url}{path}")
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, (path, width)
        nav = phone_page.get_by_role("navigation", name="Collaborative")
        assert nav.is_visible()
        # A compact header: the page's heading is in the first screen, under one row.
        assert phone_page.locator("main").bounding_box()["y"] < 120
        nav.get_by_text("Menu").click()
        assert nav.get_by_role("link", name="People").is_visible()


def test_sign_out(page, live_server, login):
    login(page, live_server, "faculty@demo.test")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/")
    page.goto(f"{live_server.url}/c/bsc-sel/")
    assert "/accounts/login/" in page.url


def test_api_docs_render_from_vendored_assets_under_the_csp(page, live_server):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    external = []
    page.on(
        "request",
        lambda request: (
            external.append(request.url)
            if not request.url.startswith((live_server.url, "data:"))
            else None
        ),
    )
    page.goto(f"{live_server.url}/api/docs/")
    page.locator(".swagger-ui .info .title").wait_for()
    assert "BSC platform API" in page.locator(".swagger-ui .info .title").inner_text()
    page.locator(".opblock-tag-section").first.wait_for()
    assert violations == []
    assert external == []


def test_home_loads_vendored_htmx_without_console_errors(page, live_server, login):
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    login(page, live_server, "it@demo.test")
    page.goto(f"{live_server.url}/c/bsc-sel/")
    assert page.evaluate("typeof window.htmx") == "object"
    assert errors == []


def test_keyboard_user_can_skip_to_content(page, live_server, login):
    login(page, live_server, "center@demo.test")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")
    # Following the in-page link updates the address asynchronously: wait for it.
    page.wait_for_url("**#main", timeout=5000)
    assert page.url.endswith("#main")
