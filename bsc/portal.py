"""Portal shells: the collaborative picker and each role's collaborative home.

Each domain app contributes navigation (`<app>/nav.py: nav_items(access)`) and home panels
(`<app>/portal.py: panels(access)`), so the portal knows the apps only through settings.
"""

import datetime
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy

from bsc.tenancy import Access, collaborative_view, memberships_for


@dataclass(frozen=True)
class NavItem:
    """One navigation entry. `group` files it under what people do (a key of NAV_GROUPS);
    `primary` entries go in the always-visible bar, lowest `order` first, the rest in the
    menu. An app that names neither lands in the menu under "The collaborative"."""

    label: str
    url: str
    name: str  # the URL name, to mark the current page
    group: str = "collaborative"
    primary: bool = False
    order: int = 50


# What people do, in the order the menu shows it.
NAV_GROUPS: dict[str, Any] = {
    "today": gettext_lazy("Today"),
    "team": gettext_lazy("Our team"),
    "improve": gettext_lazy("Test changes"),
    "measure": gettext_lazy("Measure"),
    "collaborative": gettext_lazy("The collaborative"),
    "run": gettext_lazy("Run the collaborative"),
}
# The bar holds this many entries plus the menu button: seven in all, one row at 1280 px.
NAV_BAR_SIZE = 6


@dataclass
class NavMenu:
    bar: list[NavItem]
    groups: list[tuple[Any, list[NavItem]]]

    def __bool__(self) -> bool:
        return bool(self.bar or self.groups)


def nav_menu(items: list[NavItem]) -> NavMenu:
    """The bar (primary entries, at most NAV_BAR_SIZE) and the menu of the rest by group."""
    ordered = sorted(items, key=lambda item: item.order)
    bar = [item for item in ordered if item.primary][:NAV_BAR_SIZE]
    rest = [item for item in ordered if item not in bar]
    by_group: dict[str, list[NavItem]] = {}
    for item in rest:
        by_group.setdefault(item.group if item.group in NAV_GROUPS else "collaborative", []).append(
            item
        )
    groups = [(label, by_group[key]) for key, label in NAV_GROUPS.items() if key in by_group]
    return NavMenu(bar=bar, groups=groups)


@dataclass
class Panel:
    """A block on a collaborative home: a template and its context; `order` sorts them."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 50


@dataclass(frozen=True)
class DueItem:
    """One thing a person should do now, for the top of their home. `order` sorts the list
    (what the team does first comes first); `overdue` marks it as past its date."""

    title: str
    url: str
    action: str  # the button's words: what tapping it does
    detail: str = ""
    due: datetime.date | None = None
    overdue: bool = False
    order: int = 50
    points: tuple[str, ...] = ()  # short lines under the title, e.g. a call's questions


@dataclass(frozen=True)
class WorkplanExtra:
    """Something due that lives in another part of the platform but belongs on the
    workplan's list, e.g. an outreach next step; `source` names where it comes from."""

    source: str
    title: str
    url: str
    due: datetime.date
    detail: str = ""
    overdue: bool = False


def _collect(module_name: str, function: str, access: Access, optional: bool = False) -> list[Any]:
    items: list[Any] = []
    for app in settings.BSC_APPS:
        try:
            module = import_module(f"{app}.{module_name}")
        except ModuleNotFoundError as error:
            if error.name != f"{app}.{module_name}":
                raise
            continue
        provider = getattr(module, function, None)
        if provider is None and optional:
            continue
        items.extend(provider(access))
    return items


def nav_items(access: Access) -> list[NavItem]:
    return _collect("nav", "nav_items", access)


def due_items(access: Access) -> list[DueItem]:
    """What waits for this person, from each app's `portal.due(access)`."""
    return sorted(_collect("portal", "due", access, optional=True), key=lambda item: item.order)


def workplan_extras(access: Access) -> list[WorkplanExtra]:
    """Items for the workplan from each app's `portal.workplan_extras(access)`: the workplan
    sits below the apps that own them and may not import them."""
    return sorted(
        _collect("portal", "workplan_extras", access, optional=True),
        key=lambda item: (item.due, item.title),
    )


def home_panels(access: Access) -> list[Panel]:
    return sorted(_collect("portal", "panels", access), key=lambda panel: panel.order)


def board_panels(access: Access) -> list[Panel]:
    """Blocks beside the shared board, from each app's `portal.board_panels(access)`: a higher
    app (e.g. the synthesis of themes) shows its part there without the board importing it."""
    return sorted(
        _collect("portal", "board_panels", access, optional=True), key=lambda panel: panel.order
    )


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
        {"panels": home_panels(access), "portal": access.portal, "due": due_items(access)},
    )


app_name = "portal"
urlpatterns = [
    path("", home, name="home"),
    path("c/<slug:slug>/", collaborative_home, name="collaborative"),
]
