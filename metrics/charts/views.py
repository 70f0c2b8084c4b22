"""Chart pages (a center's metrics; the collaborative's small multiples, aggregate and summary)
and the completeness board, with IT's phases, exclusions, chart choices and reminders."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bsc.tenancy import Access, centers_visible_to, collaborative_view, get_center_for_user
from metrics.charts.cache import cache_stamp, cached, center_charts_cached
from metrics.charts.models import ChartExclusion, ChartPhase, ChartSetting
from metrics.charts.selectors import LANEY_DENOMINATOR, center_charts, collaborative_charts
from metrics.charts.services import (
    chart_annotation_remove,
    chart_exclusion_add,
    chart_phase_add,
    chart_setting_set,
)
from metrics.values.selectors import metric_from_url, metrics_of
from metrics.values.validation import collaborative_months, parse_month


@collaborative_view()
def center_chart_page(request: HttpRequest, access: Access, center: str) -> HttpResponse:
    """All of a center's metrics as charts, with IT's controls for each."""
    center_obj = get_center_for_user(access, center, permission="view_center")
    metrics = metrics_of(access)
    months = collaborative_months(access.collaborative)
    charts = center_charts_cached(access, center_obj, metrics, months)
    return render(
        request,
        "metrics/charts/center_charts.html",
        {
            "center": center_obj,
            "charts": charts,
            "months": months,
            "can_manage": access.can("manage_metric_charts", center_obj),
            "chart_choices": ChartSetting.Chart.choices,
            "laney_denominator": LANEY_DENOMINATOR,
        },
    )


@collaborative_view()
def collaborative_chart_page(request: HttpRequest, access: Access) -> HttpResponse:
    """Small multiples (one per center) and the aggregate for one metric, plus the summary
    table of signals across every metric and center."""
    metrics = metrics_of(access)
    if not metrics:
        return render(request, "metrics/charts/collaborative_charts.html", {"metrics": []})
    wanted = request.GET.get("metric")
    metric = next((m for m in metrics if m.slug == wanted), metrics[0])
    months = collaborative_months(access.collaborative)

    def content() -> str:
        centers = list(centers_visible_to(access).order_by("name"))
        # The small multiples load as images, each cached on its own, so that the page stays
        # light with 160 centers; the aggregate is drawn inline.
        aggregate, multiples, summary = collaborative_charts(
            access, metric, centers, metrics, months, draw_multiples=False
        )
        return render_to_string(
            "metrics/charts/collaborative_charts.html#content",
            {
                "collaborative": access.collaborative,
                "metrics": metrics,
                "metric": metric,
                "aggregate": aggregate,
                "multiples": multiples,
                "summary_rows": [(c, [summary[c.pk].get(m.pk) for m in metrics]) for c in centers],
            },
        )

    html = cached(
        cache_stamp(access.collaborative),
        "collaborative",
        metric.pk,
        [m.pk for m in metrics],
        months[0],
        months[-1],
        compute=content,
    )
    return render(
        request, "metrics/charts/collaborative_charts.html", {"metrics": metrics, "content": html}
    )


def _redirect_to_charts(access: Access, center_slug: str) -> HttpResponse:
    return redirect("metrics:center-charts", slug=access.collaborative.slug, center=center_slug)


def _show_errors(request: HttpRequest, error: ValidationError) -> None:
    for field_errors in error.message_dict.values():
        for message in field_errors:
            messages.error(request, message)


@collaborative_view()
def center_chart_svg(
    request: HttpRequest, access: Access, center: str, metric: str
) -> HttpResponse:
    """One center's chart of one metric as a small SVG image (the collaborative's small
    multiples)."""
    center_obj = get_center_for_user(access, center, permission="view_center")
    metric_obj = metric_from_url(access, metric)
    months = collaborative_months(access.collaborative)
    svg = cached(
        cache_stamp(access.collaborative),
        "svg",
        center_obj.pk,
        metric_obj.pk,
        months[0],
        months[-1],
        compute=lambda: (
            center_charts(
                access, center_obj, [metric_obj], months, width=300, height=160, legend=False
            )[0].svg
        ),
    )
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "private, max-age=60"
    return response


@collaborative_view(permission="manage_metric_charts")
@require_POST
def chart_setting(request: HttpRequest, access: Access, center: str, metric: str) -> HttpResponse:
    center_obj = get_center_for_user(access, center)
    metric_obj = metric_from_url(access, metric)
    try:
        chart_setting_set(
            access=access, center=center_obj, metric=metric_obj, chart=request.POST.get("chart", "")
        )
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(request, _("The chart type is saved."))
    return _redirect_to_charts(access, center_obj.slug)


@collaborative_view(permission="manage_metric_charts")
@require_POST
def chart_annotation_add(
    request: HttpRequest, access: Access, center: str, metric: str
) -> HttpResponse:
    """Add a phase (rebase) or an exclusion, each with its reason."""
    center_obj = get_center_for_user(access, center)
    metric_obj = metric_from_url(access, metric)
    kind = request.POST.get("kind")
    try:
        try:
            month = parse_month(request.POST.get("month"))
        except ValueError:
            raise ValidationError({"month": [_("Choose a month.")]}) from None
        if month not in collaborative_months(access.collaborative):
            raise ValidationError({"month": [_("Choose one of the chart's months.")]})
        reason = request.POST.get("reason", "")
        if kind == "phase":
            chart_phase_add(
                access=access,
                center=center_obj,
                metric=metric_obj,
                start_month=month,
                reason=reason,
            )
            messages.success(request, _("A new phase starts in %(month)s.") % {"month": month})
        elif kind == "exclusion":
            chart_exclusion_add(
                access=access, center=center_obj, metric=metric_obj, month=month, reason=reason
            )
            messages.success(request, _("The month is left out of the analysis."))
        else:
            raise ValidationError({"kind": [_("Choose a phase or an exclusion.")]})
    except ValidationError as error:
        _show_errors(request, error)
    return _redirect_to_charts(access, center_obj.slug)


@collaborative_view(permission="manage_metric_charts")
@require_POST
def chart_annotation_delete(
    request: HttpRequest, access: Access, center: str, annotation: str
) -> HttpResponse:
    center_obj = get_center_for_user(access, center)
    found = None
    for model in (ChartPhase, ChartExclusion):
        try:
            found = model.objects.filter(center=center_obj, public_id=annotation).first()
        except ValidationError:
            raise Http404 from None
        if found:
            break
    if found is None:
        raise Http404
    chart_annotation_remove(access=access, annotation=found)
    messages.success(request, _("Removed."))
    return _redirect_to_charts(access, center_obj.slug)
