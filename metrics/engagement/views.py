"""The continuum of engagement: IT and faculty only, never shown to centers."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from bsc.form_errors import add_service_errors, posted_data
from bsc.tenancy import Access, collaborative_view, get_center_for_user
from metrics.engagement import selectors, services
from metrics.engagement.continuum import suggest
from metrics.engagement.forms import PositionForm
from metrics.engagement.models import EngagementPosition, Position
from metrics.engagement.sparkline import sparkline
from metrics.values.models import month_label


def _period(access: Access, raw: str) -> tuple[list[selectors.Period], selectors.Period | None]:
    periods = selectors.action_periods(access)
    chosen = periods[-1] if periods else None
    if raw:
        chosen = next((p for p in periods if str(p.number) == raw), None)
        if chosen is None:
            raise Http404
    return periods, chosen


ENGAGEMENT_PAGE_SIZE = 25  # centers per page: what the IT reads and decides in one sitting


@collaborative_view(permission="view_engagement")
def engagement_table(request: HttpRequest, access: Access) -> HttpResponse:
    """The continuum table, the centers that need attention first (engagement dropped, then
    the least engaged), a page at a time, optionally one suggested position only."""
    periods, period = _period(access, request.GET.get("period", ""))
    rows = selectors.engagement_table(access, period)
    dropped = [row for row in rows if row.dropped]
    suggested = request.GET.get("suggested", "")
    if suggested not in Position.values:
        suggested = ""
    if suggested:
        rows = [row for row in rows if row.suggestion and row.suggestion.position == suggested]
    page = Paginator(rows, ENGAGEMENT_PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page.object_list:
        row.activity_svg = sparkline(
            row.scores, _("Monthly engagement of %(center)s") % {"center": row.center.name}
        )
        row.cycles_svg = sparkline(
            [float(n) for n in row.cycles],
            _("Cycles started per month at %(center)s") % {"center": row.center.name},
        )
        row.plan_svg = sparkline(
            [float(n) for n in row.plan_items_moved],
            _("Action Plan items moved to ramps per month at %(center)s")
            % {"center": row.center.name},
        )
        row.plan_total = sum(row.plan_items_moved)
        row.current = row.positions.get(period.number) if period else None
        chosen = row.current or row.suggestion
        row.selected = chosen.position if chosen else ""
        row.history = [(p, row.positions.get(p.number)) for p in periods]
    return render(
        request,
        "metrics/engagement/table.html",
        {
            "rows": page.object_list,
            "page": page,
            "periods": periods,
            "period": period,
            "suggested": suggested,
            # Labels translated once, not once per row's menu.
            "positions": [(value, str(label)) for value, label in Position.choices],
            "can_set": access.can("set_engagement_position"),
            "dropped": dropped,
        },
    )


@collaborative_view(permission="view_engagement")
def center_timeline(request: HttpRequest, access: Access, center: str) -> HttpResponse:
    center_obj = get_center_for_user(access, center)
    months = selectors.center_timeline(access, center_obj)
    periods = selectors.action_periods(access)
    positions = {
        row.period: row
        for row in EngagementPosition.objects.filter(center=center_obj).select_related("set_by")
    }
    by_month = {m.month: m for m in months}
    period_rows = []
    for period in periods:
        span = [by_month[m] for m in period.months if m in by_month]
        period_rows.append((period, suggest(span) if span else None, positions.get(period.number)))
    return render(
        request,
        "metrics/engagement/center.html",
        {
            "center": center_obj,
            "months": [(month_label(m.month), m) for m in months],
            "period_rows": period_rows,
            "can_set": access.can("set_engagement_position"),
        },
    )


@collaborative_view(permission="set_engagement_position")
def position_set(request: HttpRequest, access: Access, center: str) -> HttpResponse:
    center_obj = get_center_for_user(access, center)
    form = PositionForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        periods = {p.number: p for p in selectors.action_periods(access)}
        period = periods.get(form.cleaned_data["period"])
        if period is None:
            form.add_error("period", _("This Action Period has not begun."))
        else:
            by_month = {m.month: m for m in selectors.center_timeline(access, center_obj)}
            span = [by_month[m] for m in period.months if m in by_month]
            try:
                services.position_set(
                    access=access,
                    center=center_obj,
                    period=period.number,
                    suggestion=suggest(span),
                    position=form.cleaned_data["position"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                # Back to the page of the table the center is on, at its row.
                order = [row.center.pk for row in selectors.engagement_table(access, period)]
                page = order.index(center_obj.pk) // ENGAGEMENT_PAGE_SIZE + 1
                return redirect(
                    reverse("metrics:engagement", args=[access.collaborative.slug])
                    + f"?period={period.number}&page={page}#center-{center_obj.slug}"
                )
    return render(
        request, "metrics/engagement/position_form.html", {"form": form, "center": center_obj}
    )


@collaborative_view(permission="set_engagement_position")
def dropped(request: HttpRequest, access: Access) -> HttpResponse:
    """The centers whose engagement dropped last month, with the reason: the IT's home loads
    it as a panel; without JavaScript, it is a page."""
    template = "metrics/engagement/dropped.html"
    if request.htmx:
        template += "#panel"
    return render(request, template, {"dropped": selectors.dropped_centers(access)})
