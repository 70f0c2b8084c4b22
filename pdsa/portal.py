from bsc.portal import Panel
from bsc.tenancy import Access
from pdsa.cycles import selectors as cycles_selectors
from pdsa.feedback import selectors as feedback_selectors


def panels(access: Access) -> list[Panel]:
    if access.center is not None:
        ramps = (
            cycles_selectors.ramps_visible_to(access)
            .filter(center=access.center)
            .order_by("-updated_at")[:5]
        )
        return [Panel("pdsa/panels/my_ramps.html", {"ramps": ramps}, order=30)]
    if access.can("view_feedback_queue"):
        queue = feedback_selectors.feedback_queue(access)
        return [
            Panel(
                "pdsa/panels/feedback.html",
                {"cycles": queue[:5], "count": queue.count()},
                order=30,
            )
        ]
    return []
