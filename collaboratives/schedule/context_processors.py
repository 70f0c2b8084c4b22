from typing import Any

from django.http import HttpRequest

from collaboratives.schedule.phases import current_phase_label, phases_of


def current_phase(request: HttpRequest) -> dict[str, Any]:
    """Where the current collaborative is in its timeline, shown in the base layout."""
    access = getattr(request, "access", None)
    if access is None:
        return {}
    return {"phase_label": current_phase_label(access.collaborative, phases=phases_of(access))}
