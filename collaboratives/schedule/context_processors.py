from typing import Any

from django.http import HttpRequest

from collaboratives.schedule.phases import current_phase_label, request_phases


def current_phase(request: HttpRequest) -> dict[str, Any]:
    """Where the current collaborative is in its timeline, shown in the base layout."""
    access = getattr(request, "access", None)
    if access is None:
        return {}
    # Read once for the request: a page's own parts may need the phases too (request_phases).
    return {
        "phase_label": current_phase_label(
            access.collaborative, phases=lambda: request_phases(access)
        )
    }
