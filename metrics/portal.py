from bsc.portal import DueItem, Panel
from bsc.stamps import counts_row, stamped
from bsc.tenancy import Access
from metrics.reports.selectors import reports_visible_to

BOARD_THEMES = 10


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


def board_panels(access: Access) -> list[Panel]:
    """The themes the IT shared with everyone for the current Action Period, on the board."""
    from metrics.engagement.selectors import action_periods
    from metrics.synthesis.selectors import shared_with_everyone

    periods = action_periods(access)
    period = periods[-1].number if periods else None
    themes = list(
        shared_with_everyone(access.collaborative)
        .filter(action_period=period)
        .order_by("-updated_at", "-pk")[:BOARD_THEMES]
    )
    if not themes:
        return []
    return [
        Panel(
            "metrics/panels/shared_themes.html",
            {"themes": themes, "period": periods[-1] if periods else None},
            order=20,
        )
    ]


# What a team's metrics due depend on besides the day: the catalogue (which metrics are
# required), the settings (due day, baseline months) and the team's values of the months the
# list looks at (a write counts, moves the latest id or the latest submission).
CENTER_DUE_STAMP = """
SELECT
  (SELECT COUNT(*) FROM collaboratives_metric WHERE collaborative_id = %(collaborative)s),
  (SELECT MAX(updated_at) FROM collaboratives_metric WHERE collaborative_id = %(collaborative)s),
  (SELECT MAX(due_day) FROM metrics_metricssettings WHERE collaborative_id = %(collaborative)s),
  (SELECT MAX(baseline_months) FROM metrics_metricssettings
    WHERE collaborative_id = %(collaborative)s),
  (SELECT COUNT(*) FROM metrics_metricvalue WHERE center_id = %(center)s AND month >= %(since)s),
  (SELECT MAX(id) FROM metrics_metricvalue WHERE center_id = %(center)s AND month >= %(since)s),
  (SELECT MAX(submitted_at) FROM metrics_metricvalue
    WHERE center_id = %(center)s AND month >= %(since)s)
"""


def due(access: Access) -> list[DueItem]:
    """A team's monthly metrics still to enter: months past their date first, then the next
    month to fall due. The Implementation Team sees how many centers are behind.

    A team's list is kept between views under a stamp of what it is computed from and the
    collaborative's day: read on every view of its home, it would otherwise load the settings,
    catalogue and values each time."""
    if access.center is None:
        return _due(access)
    from collaboratives.membership.dates import local_today
    from metrics.values.models import add_months

    collaborative = access.collaborative
    today = local_today(collaborative)
    # The list looks at the last three months up to this one (or to the collaborative's end).
    since = add_months(min(today, collaborative.end_date).replace(day=1), -2)
    params = {"collaborative": collaborative.pk, "since": since, "center": access.center_id}
    stamp = (
        collaborative.pk,
        collaborative.slug,
        collaborative.start_date,
        collaborative.end_date,
        collaborative.timezone,
        today,
        access.center_id,
        access.center.slug,
        counts_row(CENTER_DUE_STAMP, params),
    )
    return stamped("metrics-center-due", stamp, lambda: _due(access))


def _due(access: Access) -> list[DueItem]:
    from django.urls import reverse
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from metrics.charts.selectors import MISSING, OPEN, PARTIAL
    from metrics.completeness.selectors import centers_behind, completeness
    from metrics.values.validation import collaborative_months

    slug = access.collaborative.slug
    months = collaborative_months(access.collaborative)[-3:]
    if not months:
        return []
    if access.center is not None:
        [(center, cells)] = completeness(access, [access.center], months)
        url = reverse("metrics:entry", args=[slug, center.slug])
        items = []
        behind = [cell for cell in cells if cell.status in (MISSING, PARTIAL)]
        upcoming = [cell for cell in cells if cell.status == OPEN][:1]
        for cell in behind + upcoming:
            month = date_format(cell.month, "F Y")
            items.append(
                DueItem(
                    title=_("Enter the metrics for %(month)s") % {"month": month},
                    url=url,
                    action=_("Enter metrics"),
                    detail=_("%(done)s of %(required)s entered")
                    % {"done": cell.submitted, "required": cell.required},
                    due=cell.due,
                    overdue=cell.status != OPEN,
                    order=10,
                )
            )
        return items
    if not access.can("view_completeness"):
        return []
    last_due = months[-2] if len(months) > 1 else months[-1]
    late, due_day = centers_behind(access, last_due)
    if not late:
        return []
    return [
        DueItem(
            title=ngettext(
                "%(count)s center has not entered %(month)s's metrics",
                "%(count)s centers have not entered %(month)s's metrics",
                late,
            )
            % {"count": late, "month": date_format(last_due, "F Y")},
            url=reverse("metrics:completeness", args=[slug]),
            action=_("See who and remind"),
            due=due_day,
            overdue=True,
            order=15,
        )
    ]
