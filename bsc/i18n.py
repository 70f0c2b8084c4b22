"""Which language a person reads: the one place that decides it.

A page: the person's profile language, else the language cookie (the header's switch for
anonymous visitors), else the browser's Accept-Language, else the collaborative's default
language, else the site's. An e-mail or a PDF has no browser: the recipient's profile
language, else the collaborative's default, else the site's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import trans_real

if TYPE_CHECKING:
    from bsc.models import User

# Where a page's language came from; only a "site" language gives way to the collaborative's.
SOURCE_PROFILE = "profile"
SOURCE_COOKIE = "cookie"
SOURCE_BROWSER = "browser"
SOURCE_SITE = "site"


def supported(code: str | None) -> str | None:
    """`code` as one of the site's languages (es-MX -> es), or None."""
    if not code:
        return None
    try:
        found = translation.get_supported_language_variant(code.lower())
    except LookupError:
        return None
    return found if found in dict(settings.LANGUAGES) else None


def browser_language(request: HttpRequest) -> str | None:
    """The first of the browser's Accept-Language choices the site has, or None."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _quality in trans_real.parse_accept_lang_header(header):
        if code == "*":
            break
        found = supported(code)
        if found:
            return found
    return None


def request_language(request: HttpRequest, user: Any = None) -> tuple[str, str]:
    """(language, source) for a page, before the collaborative is known."""
    user = user if user is not None else getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        found = supported(getattr(user, "language", ""))
        if found:
            return found, SOURCE_PROFILE
    found = supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
    if found:
        return found, SOURCE_COOKIE
    found = browser_language(request)
    if found:
        return found, SOURCE_BROWSER
    return settings.LANGUAGE_CODE, SOURCE_SITE


def activate_request_language(request: HttpRequest, user: Any = None) -> str:
    """Decide and activate the page's language; returns it."""
    language, source = request_language(request, user)
    translation.activate(language)
    request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
    request.language_source = source  # type: ignore[attr-defined]
    return language


def use_collaborative_language(request: HttpRequest, collaborative: Any) -> None:
    """On a collaborative's page, its default language stands in for a missing preference."""
    if getattr(request, "language_source", SOURCE_SITE) != SOURCE_SITE:
        return
    found = supported(getattr(collaborative, "default_language", ""))
    if found:
        translation.activate(found)
        request.LANGUAGE_CODE = found  # type: ignore[attr-defined]


def recipient_language(user: User | None, collaborative: Any = None) -> str:
    """The language of what is sent to `user`: profile, else collaborative, else site."""
    return (
        supported(getattr(user, "language", ""))
        or supported(getattr(collaborative, "default_language", ""))
        or settings.LANGUAGE_CODE
    )


@contextmanager
def in_language_of(user: User | None, collaborative: Any = None) -> Iterator[str]:
    """Render what `user` receives (subject, body, PDF) in their language."""
    language = recipient_language(user, collaborative)
    with translation.override(language):
        yield language


class LanguageMiddleware:
    """Activate the page's language once the person is known (after authentication)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        activate_request_language(request)
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", translation.get_language())
        translation.deactivate()
        return response
