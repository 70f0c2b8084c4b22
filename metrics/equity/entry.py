"""Entry of subgroup counts: the fold-out under a metric's cell in the entry grid, and the CSV
import with one row per subgroup. Both call the service the API calls."""

from __future__ import annotations

import csv
import datetime
import io
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bsc.tenancy import Access, collaborative_view, get_center_for_user
from centers.teams.models import Center
from metrics.equity.models import MetricBreakdown
from metrics.equity.selectors import breakdowns_of, entered_counts
from metrics.equity.services import subgroup_values_save
from metrics.values.selectors import metric_from_url, month_from_url
from metrics.values.validation import parse_month

MAX_IMPORT_BYTES = 1_000_000
IMPORT_COLUMNS = ("metric", "dimension", "month", "subgroup", "events", "children")


def _forms(
    breakdowns: list[MetricBreakdown],
    center: Center,
    month: datetime.date,
    *,
    errors: dict[str, dict[str, list[str]]] | None = None,
    posted: dict[str, dict[str, Any]] | None = None,
    saved: str = "",
) -> list[dict[str, Any]]:
    forms = []
    for breakdown in breakdowns:
        slug = breakdown.dimension.slug
        stored = entered_counts(center, breakdown, month)
        data = (posted or {}).get(slug)
        rows = []
        for category in breakdown.dimension.categories.all():
            events, children = stored.get(category.slug, ("", ""))
            if data is not None:
                events = data.get(f"events-{category.slug}", "")
                children = data.get(f"children-{category.slug}", "")
            rows.append({"category": category, "events": events, "children": children})
        forms.append(
            {
                "breakdown": breakdown,
                "rows": rows,
                "errors": (errors or {}).get(slug) or {},
                "saved": saved == slug,
                "entered": bool(stored),
            }
        )
    return forms


@collaborative_view()
def subgroups(
    request: HttpRequest, access: Access, center: str, metric: str, month: str
) -> HttpResponse:
    """One month of one metric by subgroup: GET shows the forms, POST saves one dimension."""
    center_obj = get_center_for_user(access, center, permission="submit_metrics")
    metric_obj = metric_from_url(access, metric)
    month_date = month_from_url(access, month)
    breakdowns = [b for b in breakdowns_of(access) if b.metric_id == metric_obj.pk]
    context: dict[str, Any] = {
        "center": center_obj,
        "metric": metric_obj,
        "month": month_date,
    }
    status = 200
    if request.method == "POST":
        slug = request.POST.get("dimension", "")
        breakdown = next((b for b in breakdowns if b.dimension.slug == slug), None)
        posted = {key: request.POST.get(key, "") for key in request.POST}
        rows = {
            category.slug: {
                "events": posted.get(f"events-{category.slug}"),
                "children": posted.get(f"children-{category.slug}"),
            }
            for category in (breakdown.dimension.categories.all() if breakdown else [])
        }
        try:
            if breakdown is None:
                raise ValidationError({"__all__": [_("This metric is not broken down by that.")]})
            subgroup_values_save(
                access=access, center=center_obj, breakdown=breakdown, month=month_date, rows=rows
            )
        except ValidationError as error:
            context["forms"] = _forms(
                breakdowns,
                center_obj,
                month_date,
                errors={slug: error.message_dict},
                posted={slug: posted},
            )
            # htmx swaps only 2xx answers: the refused form comes back in place with its errors.
            status = 200 if request.htmx else 400
        else:
            if not request.htmx:
                messages.success(request, _("Subgroups saved."))
                return redirect(
                    "metrics:equity-subgroups",
                    access.collaborative.slug,
                    center_obj.slug,
                    metric_obj.slug,
                    month_date.strftime("%Y-%m"),
                )
            context["forms"] = _forms(breakdowns, center_obj, month_date, saved=slug)
    else:
        context["forms"] = _forms(breakdowns, center_obj, month_date)
    template = "metrics/equity/subgroups.html"
    if request.htmx:
        template += "#forms"
    return render(request, template, context, status=status)


def _import_rows(
    access: Access, text: str
) -> tuple[dict[tuple[int, str], dict[str, dict[str, str]]], dict[int, MetricBreakdown], list[str]]:
    breakdowns = {(b.metric.slug, b.dimension.slug): b for b in breakdowns_of(access)}
    reader = csv.DictReader(io.StringIO(text))
    problems: list[str] = []
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in IMPORT_COLUMNS if name not in header]
    if missing:
        return {}, {}, [_("The file lacks the columns: %(names)s.") % {"names": ", ".join(missing)}]
    extra = [name for name in header if name not in IMPORT_COLUMNS]
    if extra:
        # Aggregates only: a column that is not a count is refused, not ignored.
        return (
            {},
            {},
            [
                _("Only counts are imported; remove the columns: %(names)s.")
                % {"names": ", ".join(name[:40] for name in extra)}
            ],
        )
    groups: dict[tuple[int, str], dict[str, dict[str, str]]] = defaultdict(dict)
    chosen: dict[int, MetricBreakdown] = {}
    for number, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        breakdown = breakdowns.get((row["metric"], row["dimension"]))
        if breakdown is None:
            problems.append(
                _("Row %(n)s: no metric “%(metric)s” broken down by “%(dimension)s”.")
                % {"n": number, "metric": row["metric"][:60], "dimension": row["dimension"][:60]}
            )
            continue
        try:
            month = parse_month(row["month"])
        except ValueError:
            problems.append(_("Row %(n)s: enter the month as YYYY-MM.") % {"n": number})
            continue
        key = (breakdown.pk, month.strftime("%Y-%m"))
        chosen[breakdown.pk] = breakdown
        if row["subgroup"] in groups[key]:
            problems.append(_("Row %(n)s repeats a subgroup.") % {"n": number})
        groups[key][row["subgroup"]] = {"events": row["events"], "children": row["children"]}
    return groups, chosen, problems


@collaborative_view()
def import_subgroups(request: HttpRequest, access: Access, center: str) -> HttpResponse:
    """Import subgroup counts from CSV, one row per subgroup; all rows or none."""
    center_obj = get_center_for_user(access, center, permission="submit_metrics")
    problems: list[str] = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            problems = [_("Choose a CSV file.")]
        elif upload.size > MAX_IMPORT_BYTES:
            problems = [_("The file is larger than 1 MB.")]
        else:
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                text = None
                problems = [_("Save the file as UTF-8 CSV.")]
            if text is not None:
                groups, chosen, problems = _import_rows(access, text)
                if not problems and not groups:
                    problems = [_("The file has no rows.")]
                if not problems:
                    problems = _store(access, center_obj, groups, chosen)
                if not problems:
                    messages.success(
                        request, _("Imported %(n)s months of subgroups.") % {"n": len(groups)}
                    )
                    return redirect("metrics:equity-import", access.collaborative.slug, center)
    return render(
        request,
        "metrics/equity/import.html",
        {
            "center": center_obj,
            "problems": problems,
            "columns": IMPORT_COLUMNS,
            "breakdowns": breakdowns_of(access),
        },
        status=400 if problems else 200,
    )


def _store(
    access: Access,
    center: Center,
    groups: dict[tuple[int, str], dict[str, dict[str, str]]],
    chosen: dict[int, MetricBreakdown],
) -> list[str]:
    problems: list[str] = []
    try:
        with transaction.atomic():
            for (breakdown_pk, month), rows in groups.items():
                breakdown = chosen[breakdown_pk]
                try:
                    subgroup_values_save(
                        access=access,
                        center=center,
                        breakdown=breakdown,
                        month=parse_month(month),
                        rows=rows,
                        source="csv",
                    )
                except ValidationError as error:
                    for messages_ in error.message_dict.values():
                        for message in messages_:
                            problems.append(
                                f"{breakdown.metric.slug} · {breakdown.dimension.slug} · "
                                f"{month}: {message}"
                            )
            if problems:
                raise _Rollback
    except _Rollback:
        pass
    return problems


class _Rollback(Exception):
    """Undo every month of a file when one of them fails."""
