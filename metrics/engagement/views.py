"""The continuum of engagement: IT and faculty only, never shown to centers."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from bsc.form_errors import add_service_errors, posted_data
from bsc.links import ANY, split_link
from bsc.options import options_html
from bsc.tenancy import Access, collaborative_view, get_center_for_user
from metrics.charts.cache import CACHE_SECONDS
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
CSRF_MARK = "<!--csrf-->"  # where a cached row's form takes this request's CSRF field


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
    slug = access.collaborative.slug
    can_set = access.can("set_engagement_position")
    center_url = split_link("metrics:engagement-center", slug, ANY)
    rows_html = _rows_html(
        request,
        list(selectors.with_positions(page.object_list)),
        periods=periods,
        period=period,
        can_set=can_set,
        # One reverse per link kind, not one per row: the center's slug goes between.
        center_url=center_url,
        position_url=split_link("metrics:engagement-position", slug, ANY),
    )
    return render(
        request,
        "metrics/engagement/table.html",
        {
            "rows_html": rows_html,
            "page": page,
            "periods": periods,
            "period": period,
            "suggested": suggested,
            # Labels translated once, not once per option.
            "positions": [(value, str(label)) for value, label in Position.choices],
            "can_set": can_set,
            "dropped": dropped,
            "center_url": center_url,
        },
    )


def _rows_html(
    request: HttpRequest,
    rows: list[selectors.CenterRow],
    *,
    periods: list[selectors.Period],
    period: selectors.Period | None,
    can_set: bool,
    center_url: tuple[str, str],
    position_url: tuple[str, str],
) -> list[SafeString]:
    """Each row of the table as HTML, from the cache when nothing it shows has changed.

    A row's key is everything it is drawn from (the center's name and slug, its summary, its
    positions, the periods, the language, the reader's right to set positions), so a change
    to any of them draws it anew; its form's CSRF field is the only part put in each time."""
    language = get_language()
    keys = {}
    for row in rows:
        positions = sorted(
            (p.period, p.position, p.suggested, p.note) for p in row.positions.values()
        )
        shown = (
            language,
            can_set,
            center_url,
            position_url,
            [(p.number, p.label) for p in periods],
            period.number if period else None,
            (row.center.pk, row.center.name, row.center.slug),
            row.summary,
            positions,
        )
        keys[row.center.pk] = "engagement-row:" + hashlib.sha256(repr(shown).encode()).hexdigest()
    found = cache.get_many(keys.values())
    missing = {}
    if len(found) < len(keys):
        labels = {value: str(label) for value, label in Position.choices}
        choices = list(labels.items())
        for row in rows:
            if keys[row.center.pk] in found:
                continue
            _draw(row, period, periods, labels, choices)
            missing[keys[row.center.pk]] = render_to_string(
                "metrics/engagement/table_row.html",
                {
                    "row": row,
                    "period": period,
                    "can_set": can_set,
                    "center_url": center_url,
                    "position_url": position_url,
                },
            ).strip()
        cache.set_many(missing, CACHE_SECONDS)
    csrf = ""
    if can_set and period:
        csrf = format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
        )
    return [
        mark_safe(  # noqa: S308 - rendered by our template; the token is escaped
            (found.get(keys[row.center.pk]) or missing[keys[row.center.pk]]).replace(
                CSRF_MARK, csrf
            )
        )
        for row in rows
    ]


def _draw(
    row: selectors.CenterRow,
    period: selectors.Period | None,
    periods: list[selectors.Period],
    labels: dict[str, str],
    choices: list[tuple[str, str]],
) -> None:
    """What a row's template shows beyond its summary: sparklines, positions, its menu."""
    name = row.center.name
    row.activity_svg = sparkline(
        row.scores, _("Monthly engagement of %(center)s") % {"center": name}
    )
    row.cycles_svg = sparkline(
        [float(n) for n in row.cycles],
        _("Cycles started per month at %(center)s") % {"center": name},
    )
    row.plan_svg = sparkline(
        [float(n) for n in row.plan_items_moved],
        _("Action Plan items moved to ramps per month at %(center)s") % {"center": name},
    )
    row.plan_total = sum(row.plan_items_moved)
    row.current = row.positions.get(period.number) if period else None
    chosen = row.current or row.suggestion
    row.options = options_html(choices, chosen.position if chosen else "")
    row.history = [
        (p, position, labels.get(position.position, "") if position else "")
        for p in periods
        for position in [row.positions.get(p.number)]
    ]


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
