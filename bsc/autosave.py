"""Save as you go: forms in steps post each change in the background and show, in a live
region, that it was saved or why not. One helper so every such form answers the same way."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


def is_autosave(request: HttpRequest) -> bool:
    """An HTMX post sent by a change in the form rather than by one of its buttons."""
    return bool(getattr(request, "htmx", False)) and "autosave" in request.POST


def saved_status(
    request: HttpRequest,
    *,
    tz: str,
    errors: Iterable[tuple[str, str]] = (),
    problem: str = "",
    field_prefix: str = "id_",
    template: str = "includes/saved_status.html",
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    """The live region's answer: "Saved at 11:40", or the errors linked to their fields. A
    refused save answers 200 so htmx swaps it in, and what was typed stays in the page."""
    errors = list(errors)
    return render(
        request,
        template,
        {
            "problem": problem or ("invalid" if errors else ""),
            "errors": errors,
            "field_prefix": field_prefix,
            "saved_at": timezone.localtime(timezone=zoneinfo.ZoneInfo(tz)),
            **extra,
        },
        status=status,
    )
