"""The equity pages: a center's subgroups for one metric and month, the collaborative's risk
ratios across centers, its CSV export, and the IT's settings."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from bsc.exports import csv_writer
from bsc.options import options_html
from bsc.tenancy import Access, centers_visible_to, collaborative_view, get_center_for_user
from metrics.charts.cache import cache_stamp, cached
from metrics.equity.analysis import Cell, MonthTable
from metrics.equity.charts import ratio_charts
from metrics.equity.models import MetricBreakdown
from metrics.equity.selectors import (
    breakdowns_of,
    dimensions_of,
    latest_entered_month,
    month_tables,
    settings_of,
    used_categories,
)
from metrics.equity.services import (
    breakdown_category_add,
    breakdown_category_move,
    breakdown_category_rename,
    breakdown_category_retire,
    default_dimensions_ensure,
    equity_settings_for,
    equity_settings_save,
    metric_breakdown_set,
)
from metrics.values.selectors import metrics_of
from metrics.values.validation import collaborative_months, parse_month


def _chosen(
    request: HttpRequest, access: Access
) -> tuple[
    list[MetricBreakdown], MetricBreakdown | None, list[datetime.date], datetime.date | None
]:
    breakdowns = breakdowns_of(access)
    months = collaborative_months(access.collaborative)
    wanted = (request.GET.get("metric"), request.GET.get("dimension"))
    if request.GET.get("breakdown"):
        # The picker sends "metric-slug dimension-slug" from one select.
        metric_slug, _space, dimension_slug = request.GET["breakdown"].partition(" ")
        wanted = (metric_slug, dimension_slug)
    breakdown = next(
        (b for b in breakdowns if (b.metric.slug, b.dimension.slug) == wanted),
        breakdowns[0] if breakdowns else None,
    )
    month = months[-1] if months else None
    if request.GET.get("month"):
        try:
            asked = parse_month(request.GET["month"])
        except ValueError:
            asked = None
        if asked in months:
            month = asked
    return breakdowns, breakdown, months, month


EQUITY_PAGE_SIZE = 25  # centers per page of the collaborative table: one screen's reading


def _with_month_picker(context: dict[str, Any]) -> dict[str, Any]:
    """The month menu (latest first) and the chosen month as a parameter, written once in
    Python: two date filters per option and per row cost more than the rest of the form."""
    month = context.get("month")
    context["month_param"] = month.strftime("%Y-%m") if month else ""
    context["month_options"] = options_html(
        ((m.strftime("%Y-%m"), date_format(m, "F Y")) for m in reversed(context["months"])),
        context["month_param"],
    )
    return context


def _latest_entered(
    request: HttpRequest,
    breakdown: MetricBreakdown,
    months: list[datetime.date],
    month: datetime.date,
    stamp: str,
) -> datetime.date:
    """Without a month asked for, the latest month anyone entered subgroups for."""
    if request.GET.get("month"):
        return month
    latest = cached(
        stamp,
        "equity-latest",
        breakdown.pk,
        tuple(months),
        # Cached as a one-item list: "nothing entered yet" is an answer worth keeping too.
        compute=lambda: [latest_entered_month(breakdown, months)],
    )[0]
    return latest or month


def cached_table(
    access: Access,
    breakdown: MetricBreakdown,
    month: datetime.date,
    *,
    stamp: str,
    settings: tuple[int, float],
) -> MonthTable:
    """One month's table of a breakdown, cached until any value or setting changes.

    Cached month by month, not as the whole span: a page reads one month, and reading every
    month's cells back from the cache costs more than computing the one it shows."""
    return cached(
        stamp,
        "equity-table",
        breakdown.pk,
        settings,
        month,
        compute=lambda: month_tables(access, breakdown, [month])[month],
    )


@collaborative_view()
def center_equity(request: HttpRequest, access: Access, center: str) -> HttpResponse:
    """One center's subgroups for a broken-down metric and month, with the ratio over time."""
    center_obj = get_center_for_user(access, center, permission="view_center_reports")
    breakdowns, breakdown, months, month = _chosen(request, access)
    settings = settings_of(access)
    context: dict[str, Any] = {
        "center": center_obj,
        "breakdowns": breakdowns,
        "breakdown": breakdown,
        "months": months,
        "month": month,
        "threshold": settings[0],
    }
    if breakdown is not None and month is not None:
        stamp = cache_stamp(access.collaborative)
        month = context["month"] = _latest_entered(request, breakdown, months, month, stamp)
        shown = month
        context["cells"] = cached(
            stamp,
            "equity-center-cells",
            center_obj.pk,
            breakdown.pk,
            settings,
            shown,
            compute=lambda: cached_table(
                access, breakdown, shown, stamp=stamp, settings=settings
            ).rows.get(center_obj.pk, []),
        )
        context["charts"] = cached(
            stamp,
            "equity-charts",
            center_obj.pk,
            breakdown.pk,
            settings,
            tuple(months),
            compute=lambda: ratio_charts(
                month_tables(access, breakdown, months), center_obj.pk, months
            ),
        )
    return render(request, "metrics/equity/center_equity.html", _with_month_picker(context))


def _collaborative_rows(access: Access, table: MonthTable) -> list[tuple[Any, list[Any]]]:
    centers = list(centers_visible_to(access).order_by("name"))
    return [(center, table.rows[center.pk]) for center in centers if center.pk in table.rows]


@dataclass(frozen=True)
class CollaborativeMonth:
    """What the collaborative page shows of a month: the pooled cells, each center's ratio
    cells as ready HTML, and the centers with a ratio above the highlight."""

    pooled: list[Cell]
    cells_html: dict[int, str]
    highlighted: frozenset[int]


def _collaborative_month(table: MonthTable) -> CollaborativeMonth:
    return CollaborativeMonth(
        pooled=table.pooled,
        cells_html={
            center_id: render_to_string(
                "metrics/equity/_center_ratio_cells.html",
                {"cells": cells, "threshold": table.threshold},
            )
            for center_id, cells in table.rows.items()
        },
        highlighted=frozenset(
            center_id
            for center_id, cells in table.rows.items()
            if any(cell.highlighted for cell in cells)
        ),
    )


@collaborative_view(permission="review_center_work")
def collaborative_equity(request: HttpRequest, access: Access) -> HttpResponse:
    """Risk ratios of every center's subgroups for one month; the pooled subgroups first, then
    the centers a page at a time, optionally only those with a highlighted ratio."""
    breakdowns, breakdown, months, month = _chosen(request, access)
    settings = settings_of(access)
    threshold, highlight = settings
    only_highlighted = request.GET.get("highlighted") == "1"
    context: dict[str, Any] = {
        "breakdowns": breakdowns,
        "breakdown": breakdown,
        "months": months,
        "month": month,
        "threshold": threshold,
        "highlight": highlight,
        "only_highlighted": only_highlighted,
    }
    if breakdown is not None and month is not None:
        stamp = cache_stamp(access.collaborative)
        month = context["month"] = _latest_entered(request, breakdown, months, month, stamp)
        shown = month
        # The cells are cached as HTML (a month's 160 rows of cells cost more to render than
        # the whole rest of the page); the centers' names and links are not, so a rename
        # shows at once.
        data = cached(
            stamp,
            "equity-collaborative",
            breakdown.pk,
            settings,
            shown,
            get_language(),
            compute=lambda: _collaborative_month(
                cached_table(access, breakdown, shown, stamp=stamp, settings=settings)
            ),
        )
        wanted = data.highlighted if only_highlighted else data.cells_html.keys()
        # One query for the names of every center; the page is cut from that list.
        centers = [
            center
            for center in centers_visible_to(access)
            .only("pk", "name", "slug")
            .order_by("name", "pk")
            if center.pk in wanted
        ]
        page = Paginator(centers, EQUITY_PAGE_SIZE).get_page(request.GET.get("page"))
        context["categories"] = list(breakdown.dimension.categories.all())
        context["pooled"] = data.pooled
        context["page"] = page
        context["rows"] = [(center, data.cells_html[center.pk]) for center in page.object_list]
        # One reverse for the centers' links: each row puts its slug between the parts.
        placeholder = "center-slug-placeholder"
        context["center_url"] = reverse(
            "metrics:equity-center", args=[access.collaborative.slug, placeholder]
        ).split(placeholder)
        context["center_query"] = "?" + urlencode(
            {
                "metric": breakdown.metric.slug,
                "dimension": breakdown.dimension.slug,
                "month": shown.strftime("%Y-%m"),
            }
        )
        context["highlighted_count"] = len(data.highlighted)
    return render(request, "metrics/equity/collaborative_equity.html", _with_month_picker(context))


def _ratio_text(cell: Any) -> tuple[str, str, str]:
    if cell.ratio is None or cell.ratio.ratio is None:
        return "", "", ""
    low = "" if cell.ratio.low is None else f"{cell.ratio.low:.2f}"
    high = "" if cell.ratio.high is None else f"{cell.ratio.high:.2f}"
    return f"{cell.ratio.ratio:.2f}", low, high


@collaborative_view(permission="review_center_work")
def equity_export(request: HttpRequest, access: Access) -> HttpResponse:
    """The collaborative table as CSV: withheld cells say so and carry no number."""
    breakdowns, breakdown, months, month = _chosen(request, access)
    if breakdown is None or month is None:
        raise Http404
    table = cached_table(
        access,
        breakdown,
        month,
        stamp=cache_stamp(access.collaborative),
        settings=settings_of(access),
    )
    threshold = table.threshold
    name = f"equity-{breakdown.metric.slug}-{breakdown.dimension.slug}-{month:%Y-%m}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv_writer(response)
    writer.writerow(
        [
            _("center"),
            _("subgroup"),
            _("children"),
            _("events"),
            _("rate"),
            _("risk ratio"),
            _("95% CI low"),
            _("95% CI high"),
            _("sentence"),
        ]
    )
    withheld = _("fewer than %(n)s") % {"n": threshold}
    rows = [(_("All centers (pooled)"), table.pooled)] + [
        (center.name, cells) for center, cells in _collaborative_rows(access, table)
    ]
    for name, cells in rows:
        for cell in cells:
            if cell.suppressed:
                writer.writerow([name, cell.category.label, withheld, "", "", "", "", "", ""])
                continue
            writer.writerow(
                [
                    name,
                    cell.category.label,
                    cell.children,
                    cell.events,
                    "" if cell.rate is None else f"{cell.rate:.3f}",
                    *_ratio_text(cell),
                    cell.sentence,
                ]
            )
    return response


@collaborative_view(permission="manage_collaborative")
def equity_settings(request: HttpRequest, access: Access) -> HttpResponse:
    """The threshold, the highlighted ratio and which metric is broken down by what."""
    default_dimensions_ensure(access.collaborative)
    row = equity_settings_for(access.collaborative)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            if request.POST.get("form") == "breakdown":
                metric = next(
                    (m for m in metrics_of(access) if m.slug == request.POST.get("metric")), None
                )
                dimension = next(
                    (d for d in dimensions_of(access) if d.slug == request.POST.get("dimension")),
                    None,
                )
                if metric is None or dimension is None:
                    raise ValidationError({"metric": [_("Choose a metric and a dimension.")]})
                metric_breakdown_set(
                    access=access,
                    metric=metric,
                    dimension=dimension,
                    event_phrase=request.POST.get("event_phrase", ""),
                )
            else:
                try:
                    threshold = int(request.POST.get("suppression_threshold", ""))
                except ValueError:
                    raise ValidationError(
                        {"suppression_threshold": [_("Enter a whole number.")]}
                    ) from None
                equity_settings_save(
                    access=access,
                    threshold=threshold,
                    highlight_ratio=request.POST.get("highlight_ratio", ""),
                )
            messages.success(request, _("Saved."))
            return redirect("metrics:equity-settings", access.collaborative.slug)
        except ValidationError as error:
            errors = error.message_dict
    return render(
        request,
        "metrics/equity/settings.html",
        {
            "settings_row": row,
            "breakdowns": breakdowns_of(access),
            "dimensions": dimensions_of(access),
            "metrics": metrics_of(access),
            "errors": errors,
            "data": request.POST if request.method == "POST" else {},
        },
        status=400 if errors else 200,
    )


_CATEGORY_ACTIONS = ("add", "rename", "up", "down", "retire")


@collaborative_view(permission="manage_collaborative")
def dimension_categories(request: HttpRequest, access: Access, dimension: str) -> HttpResponse:
    """The categories of one dimension: add, rename, reorder, and retire one never used."""
    found = next((d for d in dimensions_of(access) if d.slug == dimension), None)
    if found is None:
        raise Http404
    errors: dict[str, list[str]] = {}
    failed: str = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        category = None
        if action != "add":
            category = next(
                (c for c in found.categories.all() if c.slug == request.POST.get("category")),
                None,
            )
        try:
            if action not in _CATEGORY_ACTIONS or (action != "add" and category is None):
                raise ValidationError(_("Choose a category of this dimension."))
            if action == "add":
                breakdown_category_add(
                    access=access,
                    dimension=found,
                    label=request.POST.get("label", ""),
                    children_label=request.POST.get("children_label", ""),
                )
            elif action == "rename":
                breakdown_category_rename(
                    access=access,
                    category=category,
                    label=request.POST.get("label", ""),
                    children_label=request.POST.get("children_label", ""),
                )
            elif action == "retire":
                breakdown_category_retire(access=access, category=category)
            else:
                breakdown_category_move(
                    access=access, category=category, step=-1 if action == "up" else 1
                )
            messages.success(request, _("Saved."))
            return redirect("metrics:equity-dimension", access.collaborative.slug, found.slug)
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
            failed = "new" if action == "add" else (category.slug if category else "")
    categories = list(found.categories.all())
    return render(
        request,
        "metrics/equity/dimension.html",
        {
            "dimension": found,
            "categories": categories,
            "used": used_categories(categories),
            "errors": errors,
            "failed": failed,
            "data": request.POST if request.method == "POST" else {},
        },
        status=400 if errors else 200,
    )
