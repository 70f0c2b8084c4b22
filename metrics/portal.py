from bsc.portal import Panel
from bsc.tenancy import Access
from metrics.reports.selectors import reports_visible_to


def panels(access: Access) -> list[Panel]:
    """A center's team (senior leaders first of all) sees its newest reports on its home; the
    Implementation Team reaches every report from the navigation, and sees the centers whose
    engagement dropped last month, so that someone reaches out."""
    from metrics.newsletter.models import Newsletter

    result = []
    # Members learn of the newest newsletter on their home; the IT, who sent it, has the archive.
    latest = (
        None
        if access.is_it
        else (
            Newsletter.objects.filter(
                collaborative=access.collaborative, status=Newsletter.Status.SENT
            )
            .order_by("-month")
            .first()
        )
    )
    if latest is not None:
        result.append(Panel("metrics/panels/newsletter.html", {"newsletter": latest}, order=45))
    if access.can("set_engagement_position"):
        # Filled in after the page loads (HTMX): the home stays as cheap as it was.
        result.append(Panel("metrics/panels/engagement_dropped.html", {}, order=35))
    if not access.is_center_member:
        return result
    reports = list(
        reports_visible_to(access).filter(files__isnull=False).distinct().order_by("-month")[:5]
    )
    return [*result, Panel("metrics/panels/reports.html", {"reports": reports}, order=40)]
