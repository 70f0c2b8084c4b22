from typing import Any

from django.http import HttpRequest


def portal(request: HttpRequest) -> dict[str, Any]:
    """The current collaborative's access and navigation, for the base layout."""
    access = getattr(request, "access", None)
    if access is None:
        return {"access": None, "nav_items": []}
    from .portal import nav_items

    return {
        "access": access,
        "collaborative": access.collaborative,
        "nav_items": nav_items(access),
    }
