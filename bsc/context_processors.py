from typing import Any

from django.http import HttpRequest


def portal(request: HttpRequest) -> dict[str, Any]:
    """The current collaborative's access and navigation, for the base layout."""
    access = getattr(request, "access", None)
    if access is None:
        return {"access": None, "nav_items": [], "nav": None}
    from .portal import nav_items, nav_menu

    items = nav_items(access)
    return {
        "access": access,
        "collaborative": access.collaborative,
        "nav_items": items,
        "nav": nav_menu(items),
    }
