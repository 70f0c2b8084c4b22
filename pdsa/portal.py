from bsc.portal import Panel
from bsc.tenancy import Access

from . import selectors


def panels(access: Access) -> list[Panel]:
    if access.center is not None:
        ramps = (
            selectors.ramps_visible_to(access)
            .filter(center=access.center)
            .order_by("-updated_at")[:5]
        )
        return [Panel("pdsa/panels/my_ramps.html", {"ramps": ramps}, order=30)]
    if access.can("view_feedback_queue"):
        queue = selectors.feedback_queue(access)
        return [
            Panel(
                "pdsa/panels/feedback.html",
                {"cycles": queue[:5], "count": queue.count()},
                order=30,
            )
        ]
    return []
