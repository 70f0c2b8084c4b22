"""Monthly entry: the grid with in-place cell saves, the data collection plan, CSV import."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bsc.tenancy import Access, collaborative_view, get_center_for_user
from centers.teams.models import Center
from metrics.charts.cache import center_charts_cached
from metrics.charts.selectors import chart_months
from metrics.values import csv_import
from metrics.values.models import DataCollectionPlan, MetricValue, MetricValueHistory
from metrics.values.selectors import metric_from_url, metrics_of, month_from_url, values_for
from metrics.values.services import (
    MetricValueConflict,
    collection_plan_save,
    metric_value_submit,
)
from metrics.values.validation import collaborative_months, collaborative_today


def _entry_context(access: Access, center: Center, *, errors: dict | None = None) -> dict[str, Any]:
    metrics = metrics_of(access)
    # Metrics broken down by subgroup get a fold-out under each month (one query for all).
    prefetch_related_objects(metrics, "breakdowns")
    today = collaborative_today(access.collaborative)
    months = collaborative_months(access.collaborative, today)
    values = values_for([center], metrics, months)
    history: dict[int, list[MetricValueHistory]] = defaultdict(list)
    for row in MetricValueHistory.objects.filter(metric_value__center=center).select_related(
        "changed_by"
    ):
        history[row.metric_value_id].append(row)
    charts = {
        chart.metric.pk: chart for chart in center_charts_cached(access, center, metrics, months)
    }
    can_edit = access.can("submit_metrics", center)
    sections = []
    for metric in metrics:
        cells = []
        for month in reversed(months):
            value = values.get((center.pk, metric.pk, month))
            cell_errors = (errors or {}).get((metric.pk, month)) or {}
            cells.append(
                {
                    "metric": metric,
                    "month": month,
                    "row": value,
                    "history": history.get(value.pk, []) if value else [],
                    "errors": cell_errors.get("errors"),
                    "data": cell_errors.get("data"),
                    "conflict": cell_errors.get("conflict"),
                }
            )
        sections.append(
            {
                "metric": metric,
                "cells": cells,
                "chart": charts[metric.pk],
                "broken_down": bool(metric.breakdowns.all()),
                # A refused earlier month stays in view with its errors.
                "open_earlier": any(cell["errors"] or cell["conflict"] for cell in cells[3:]),
            }
        )
    return {"center": center, "sections": sections, "can_edit": can_edit, "months": months}


@collaborative_view()
def entry(request: HttpRequest, access: Access, center: str) -> HttpResponse:
    """The monthly entry grid for one center: every metric, every month so far."""
    center_obj = get_center_for_user(access, center, permission="view_center")
    return render(request, "metrics/entry/entry.html", _entry_context(access, center_obj))


@collaborative_view()
@require_POST
def cell_save(
    request: HttpRequest, access: Access, center: str, metric: str, month: str
) -> HttpResponse:
    """Save one month of one metric; HTMX gets the cell back and the redrawn chart."""
    center_obj = get_center_for_user(access, center, permission="submit_metrics")
    metric_obj = metric_from_url(access, metric)
    month_date = month_from_url(access, month)
    data = {key: request.POST.get(key, "") for key in request.POST}
    data["month"] = month_date.strftime("%Y-%m")
    data["not_collected"] = request.POST.get("not_collected") == "on" or request.POST.get(
        "not_collected"
    ) in ("1", "true")
    if request.POST.get("keep") == "theirs":
        # After a conflict the person chose the other version: nothing is saved.
        return _kept_theirs(request, access, center_obj, metric_obj, month_date)
    try:
        row, changed = metric_value_submit(
            access=access,
            center=center_obj,
            metric=metric_obj,
            data=data,
            version=request.POST.get("version"),
        )
    except MetricValueConflict as error:
        current = error.current
        conflict = {
            # Saving the form again from here deliberately replaces their version with yours.
            "version": current.version,
            "yours": error.yours,
            "theirs": current.snapshot() if current.pk else None,
            "who": current.submitted_by.get_full_name() if current.submitted_by else "",
            "when": current.submitted_at,
        }
        cell_data = data | {"version": current.version}
        if not request.htmx:
            context = _entry_context(
                access,
                center_obj,
                errors={(metric_obj.pk, month_date): {"data": cell_data, "conflict": conflict}},
            )
            return render(request, "metrics/entry/entry.html", context, status=409)
        cell = {
            "metric": metric_obj,
            "month": month_date,
            "row": current if current.pk else None,
            "data": cell_data,
            "conflict": conflict,
            "history": list(current.history.select_related("changed_by")) if current.pk else [],
        }
        # 409 is swapped in place: base.html's htmx-config lets this one error code through.
        return render(
            request,
            "metrics/entry/entry.html#cell",
            {"cell": cell, "center": center_obj, "can_edit": True},
            status=409,
        )
    except ValidationError as error:
        if not request.htmx:
            context = _entry_context(
                access,
                center_obj,
                errors={(metric_obj.pk, month_date): {"errors": error.message_dict, "data": data}},
            )
            return render(request, "metrics/entry/entry.html", context, status=400)
        cell = {
            "metric": metric_obj,
            "month": month_date,
            "row": MetricValue.objects.filter(
                center=center_obj, metric=metric_obj, month=month_date
            ).first(),
            "errors": error.message_dict,
            "data": data,
            "history": [],
        }
        # htmx swaps only 2xx answers by default: the refused cell comes back with its errors.
        return render(
            request,
            "metrics/entry/entry.html#cell",
            {"cell": cell, "center": center_obj, "can_edit": True},
        )
    if not request.htmx:
        messages.success(request, _("Saved."))
        return redirect("metrics:entry", slug=access.collaborative.slug, center=center_obj.slug)
    months = collaborative_months(access.collaborative)
    chart = center_charts_cached(access, center_obj, [metric_obj], months)[0]
    cell = {
        "metric": metric_obj,
        "month": month_date,
        "row": row,
        "history": list(row.history.select_related("changed_by")),
        "saved": True,
        "changed": changed,
    }
    return render(
        request,
        "metrics/entry/entry.html#cell_and_chart",
        {"cell": cell, "center": center_obj, "can_edit": True, "chart": chart, "oob": True},
    )


def _kept_theirs(
    request: HttpRequest, access: Access, center: Center, metric: Any, month: Any
) -> HttpResponse:
    """The cell as stored now, after the person chose to keep the other version."""
    if not request.htmx:
        messages.info(request, _("Their version was kept; yours was not saved."))
        return redirect("metrics:entry", slug=access.collaborative.slug, center=center.slug)
    row = (
        MetricValue.objects.filter(center=center, metric=metric, month=month)
        .select_related("submitted_by")
        .first()
    )
    cell = {
        "metric": metric,
        "month": month,
        "row": row,
        "history": list(row.history.select_related("changed_by")) if row else [],
        "kept_theirs": True,
    }
    return render(
        request,
        "metrics/entry/entry.html#cell",
        {"cell": cell, "center": center, "can_edit": True},
    )


@collaborative_view()
def collection_plan(request: HttpRequest, access: Access, center: str) -> HttpResponse:
    """The center's data collection plan: who collects each metric, how, with what, when."""
    center_obj = get_center_for_user(access, center, permission="view_center")
    metrics = metrics_of(access)
    plans = {p.metric_id: p for p in DataCollectionPlan.objects.filter(center=center_obj)}
    can_edit = access.can("submit_metrics", center_obj)
    errors: dict[str, Any] = {}
    if request.method == "POST":
        access.require("submit_metrics", center_obj)
        for metric in metrics:
            prefix = f"{metric.slug}-"
            data = {
                field: request.POST.get(prefix + field, "")
                for field in ("who_collects", "how", "tool", "when")
            }
            if not any(data.values()) and metric.pk not in plans:
                continue
            try:
                plans[metric.pk] = collection_plan_save(
                    access=access, center=center_obj, metric=metric, data=data
                )
            except ValidationError as error:
                errors[metric.slug] = error.message_dict
        if not errors:
            messages.success(request, _("The data collection plan is saved."))
            return redirect("metrics:plan", slug=access.collaborative.slug, center=center_obj.slug)
    rows = [{"metric": m, "plan": plans.get(m.pk), "errors": errors.get(m.slug)} for m in metrics]
    return render(
        request,
        "metrics/entry/plan.html",
        {"center": center_obj, "rows": rows, "can_edit": can_edit},
        status=400 if errors else 200,
    )


@collaborative_view()
def import_csv(request: HttpRequest, access: Access, center: str) -> HttpResponse:
    """Upload a month's (or many months') values as CSV: all rows or none."""
    center_obj = get_center_for_user(access, center, permission="submit_metrics")
    context: dict[str, Any] = {"center": center_obj}
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["file_error"] = _("Choose a CSV file to upload.")
            status = 400
        else:
            outcome = csv_import.import_file(access=access, center=center_obj, upload=upload)
            if outcome.errors:
                context["row_errors"] = outcome.errors
                status = 400
            else:
                messages.success(
                    request,
                    _("%(total)s rows read: %(changed)s saved, %(same)s unchanged.")
                    % {
                        "total": outcome.total,
                        "changed": outcome.changed,
                        "same": outcome.total - outcome.changed,
                    },
                )
                return redirect(
                    "metrics:entry", slug=access.collaborative.slug, center=center_obj.slug
                )
    return render(request, "metrics/entry/import.html", context, status=status)


@collaborative_view()
def import_template(request: HttpRequest, access: Access, center: str) -> HttpResponse:
    center_obj = get_center_for_user(access, center, permission="view_center")
    metrics = metrics_of(access)
    months = chart_months(access.collaborative)
    body = csv_import.template(metrics, months[-1] if months else None)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="metrics-{access.collaborative.slug}-{center_obj.slug}.csv"'
    )
    return response
