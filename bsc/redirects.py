"""Where a `next` parameter may send a person: only back to this site."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request: HttpRequest, fallback: str, *args: Any, **kwargs: Any) -> str:
    """The `next` of the request (POST first, then GET) if it stays on this host, else the
    URL of `fallback` (a URL name resolved with `args`/`kwargs`, or a path).

    An off-site `next` would turn any of our links into a trusted-looking jump to a phishing
    page, so anything pointing elsewhere is ignored rather than followed.
    """
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(fallback, *args, **kwargs)


def redirect_next(
    request: HttpRequest, fallback: str, *args: Any, **kwargs: Any
) -> HttpResponseRedirect:
    """Redirect to a same-host `next`, else to `fallback`."""
    return redirect(safe_next_url(request, fallback, *args, **kwargs))
