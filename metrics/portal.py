from bsc.portal import Panel
from bsc.tenancy import Access
from metrics.reports.selectors import reports_visible_to


def panels(access: Access) -> list[Panel]:
    """A center's team (senior leaders first of all) sees its newest reports on its home; the
    Implementation Team reaches every report from the navigation."""
    if not access.is_center_member:
        return []
    reports = list(
        reports_visible_to(access).filter(files__isnull=False).distinct().order_by("-month")[:5]
    )
    return [Panel("metrics/panels/reports.html", {"reports": reports}, order=40)]
