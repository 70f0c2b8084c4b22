"""axe-core on every page the demo logins reach, at desktop and phone width.

Each demo login starts at its collaborative home and follows the links it is shown (navigation
and page content), breadth first. A page is one Django view: the first URL found for a view
stands for all of it, so the sweep stays bounded while still covering every kind of page a
person of that role can open. Every HTML page is checked at 1280 px and again at 375 px (the
same load, resized), and must have no violation of impact "serious" or "critical". Moderate
and minor findings are collected and printed so they can be worked through; they do not fail.

axe-core is vendored under tests/browser/vendor/axe-core (see its README for the pinned
version and how to update it): nothing is downloaded at test time.

Languages are one parameter: add a code to LANGUAGES and the whole sweep runs again with the
`django_language` cookie set, since a translation changes text lengths and labels everywhere.
"""

from collections import deque
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import Resolver404, resolve

from tests.browser import axe

pytestmark = pytest.mark.browser
PlaywrightError = pytest.importorskip("playwright.sync_api").Error

LANGUAGES = ["en", "es"]
ROLES = [
    ("it@demo.test", "/c/bsc-sel/"),
    ("faculty@demo.test", "/c/bsc-sel/"),
    ("center@demo.test", "/c/bsc-sel/"),
    ("leader@demo.test", "/c/bsc-sel/"),
]
WIDTHS = [(1280, 800), (375, 740)]
# Views that change state on GET or leave the HTML product (files, feeds, API browser).
SKIP_VIEWS = {"accounts:logout", "schema", "swagger-ui", "redoc"}
SKIP_PATH_PARTS = ("/api/", "/static/", "/media/", ".ics", ".csv", ".pdf", "/pdf/", "/download")


def _view_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def _links(page: Any, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    found = []
    for href in hrefs:
        href = urldefrag(href)[0]
        if not href.startswith(origin):
            continue
        path = href[len(origin) :]
        if any(part in path for part in SKIP_PATH_PARTS):
            continue
        found.append(path)
    return found


def _sweep(page: Any, origin: str, start: str) -> tuple[int, dict[str, list[dict]]]:
    """Visit each view once from `start`; return the pages checked and axe violations by
    'width path (view)'."""
    seen_views: set[str] = set()
    seen_paths: set[str] = set()
    queue = deque([start])
    findings: dict[str, list[dict]] = {}
    visited = 0
    while queue:
        path = queue.popleft()
        if path in seen_paths:
            continue
        seen_paths.add(path)
        view = _view_name(urlsplit(path).path)
        if view is None or view in SKIP_VIEWS or view in seen_views:
            continue
        seen_views.add(view)
        page.set_viewport_size({"width": WIDTHS[0][0], "height": WIDTHS[0][1]})
        try:
            response = page.goto(origin + path)
        except PlaywrightError as error:
            if "Download is starting" in str(error):
                continue  # a file, not a page
            raise
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        assert response.status < 500, f"{path} answered {response.status}"
        if response.status >= 400:
            continue
        visited += 1
        for width, height in WIDTHS:
            page.set_viewport_size({"width": width, "height": height})
            violations = axe.violations(page)
            # Wide content scrolls inside its own box; the page itself never sideways.
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                violations.append(
                    {
                        "id": "page-scrolls-sideways",
                        "impact": "serious",
                        "help": "The page is wider than the screen",
                        "nodes": [f"{scroll_width}px wide at {width}px"],
                    }
                )
            if violations:
                findings[f"{width}px {path} ({view})"] = violations
        queue.extend(_links(page, origin))
    return visited, findings


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_serious_accessibility_violations_on_any_reachable_page(
    browser, live_server, login, language
):
    origin = live_server.url
    blocking: list[str] = []
    moderate: list[str] = []
    pages = 0
    for email, home in ROLES:
        context = browser.new_context(locale="en-US")
        context.set_default_timeout(15_000)
        axe.install(context)
        if language != "en":
            host = urlsplit(origin).hostname
            context.add_cookies(
                [{"name": "django_language", "value": language, "domain": host, "path": "/"}]
            )
        page = context.new_page()
        login(page, live_server, email)
        visited, findings = _sweep(page, origin, home)
        # The crawl must really walk the product, not stop at a sign-in page.
        assert visited >= 10, f"{email} reached only {visited} pages"
        pages += visited
        for where, violations in findings.items():
            for violation in violations:
                line = f"[{email}] {where}: {violation['impact']} {violation['id']} — " + (
                    "; ".join(violation["nodes"])
                )
                (blocking if violation["impact"] in axe.BLOCKING else moderate).append(line)
        context.close()
    if moderate:
        print("\nModerate/minor axe findings:\n" + "\n".join(moderate))
    assert not blocking, "axe-core serious/critical violations:\n" + "\n".join(blocking)
    print(f"\naxe-core checked {pages} pages at {len(WIDTHS)} widths")
