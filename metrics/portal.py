from bsc.portal import Panel
from bsc.tenancy import Access

from .selectors import reports_visible_to


def panels(access: Access) -> list[Panel]:
    """Senior leaders (and everyone else) see the newest reports they may open."""
    reports = list(
        reports_visible_to(access).filter(files__isnull=False).distinct().order_by("-month")[:5]
    )
    return [Panel("metrics/panels/reports.html", {"reports": reports}, order=40)]
