"""Portal shells: the collaborative picker and each role's collaborative home.

Each domain app contributes navigation (`<app>/nav.py: nav_items(access)`) and home panels
(`<app>/portal.py: panels(access)`), so the portal knows the apps only through settings.
"""

from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from bsc.tenancy import Access, collaborative_view, memberships_for


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    name: str  # the URL name, to mark the current page


@dataclass
class Panel:
    """A block on a collaborative home: a template and its context; `order` sorts them."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 50


def _collect(module_name: str, function: str, access: Access) -> list[Any]:
    items: list[Any] = []
    for app in settings.BSC_APPS:
        try:
            module = import_module(f"{app}.{module_name}")
        except ModuleNotFoundError as error:
            if error.name != f"{app}.{module_name}":
                raise
            continue
        items.extend(getattr(module, function)(access))
    return items


def nav_items(access: Access) -> list[NavItem]:
    return _collect("nav", "nav_items", access)


def home_panels(access: Access) -> list[Panel]:
    return sorted(_collect("portal", "panels", access), key=lambda panel: panel.order)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Pick a collaborative; with exactly one, go straight to it."""
    memberships = list(memberships_for(request.user))
    if len(memberships) == 1:
        return redirect(memberships[0].collaborative)
    return render(request, "portal/pick.html", {"memberships": memberships})


@collaborative_view()
def collaborative_home(request: HttpRequest, access: Access) -> HttpResponse:
    return render(
        request,
        "portal/home.html",
        {"panels": home_panels(access), "portal": access.portal},
    )


app_name = "portal"
urlpatterns = [
    path("", home, name="home"),
    path("c/<slug:slug>/", collaborative_home, name="collaborative"),
]
