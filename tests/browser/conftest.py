"""Shared fixtures for browser tests: Playwright (sync API) driving Debian's Chromium.

Use them from any `tests/browser/test_*.py`::

    import pytest

    pytestmark = pytest.mark.browser

    def test_something(page, live_server, login):
        login(page, live_server, "it@demo.test")          # real sign-in form, demo password
        page.goto(live_server.url + "/c/bsc-sel/")
        assert page.get_by_role("heading", level=1).inner_text() == "..."

Fixtures:

- `browser` (session): one headless Chromium from /usr/bin/chromium, launched with
  `--headless --no-sandbox --disable-gpu --disable-background-networking`. Every browser test
  is skipped when /usr/bin/chromium (or the playwright package) is missing.
- `browser_context_args` (function): keyword arguments for `browser.new_context`; override it
  in a test module to change them (default: 1280×800 viewport, English, a base URL is NOT set).
- `context` / `page` (function): a fresh browser context (own cookies) and a page in it,
  closed after the test. The default timeout is 10 s.
- `phone_page` (function): a page in a 375×740 viewport (a phone), own context.
- `login` (function): `login(page, live_server, email, password=DEMO_PASSWORD)` signs in
  through the real login form and waits until the browser has left it. Returns the page.
- `demo_data` (function, autouse for tests that use `live_server`): `live_server` runs on a
  transactional database that is flushed after each test, so the demo is put back before
  each browser test (`tests/demo_snapshot.py`: loaded once, then copied back).

`DJANGO_ALLOW_ASYNC_UNSAFE=true` is set when the browser starts: Playwright's sync API runs an
event loop in the test thread, which Django would otherwise take for async code and refuse
database access.
Tests in this directory get the `browser` marker automatically; mark them anyway for clarity.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bsc.demo import DEMO_PASSWORD
from tests import demo_snapshot

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    # Set for as long as Playwright's event loop lives, i.e. the rest of the session.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def browser_context_args() -> dict[str, Any]:
    return {"viewport": {"width": 1280, "height": 800}, "locale": "en-US"}


@pytest.fixture
def context(browser: Any, browser_context_args: dict[str, Any]) -> Iterator[Any]:
    ctx = browser.new_context(**browser_context_args)
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: Any) -> Any:
    return context.new_page()


@pytest.fixture
def phone_page(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(
        viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True, locale="en-US"
    )
    ctx.set_default_timeout(10_000)
    yield ctx.new_page()
    ctx.close()


@pytest.fixture(autouse=True)
def demo_data(request: pytest.FixtureRequest) -> None:
    if "live_server" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        demo_snapshot.load_demo()


def _login(page: Any, live_server: Any, email: str, password: str = DEMO_PASSWORD) -> Any:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    if "/accounts/login/" in page.url:
        raise AssertionError(f"Sign-in as {email} failed: {page.locator('main').inner_text()}")
    return page


@pytest.fixture
def login() -> Callable[..., Any]:
    return _login


@pytest.fixture(autouse=True)
def tasks_in_process(eager_tasks: None) -> None:
    """Browser journeys run background tasks in process: no worker runs beside the live server."""
