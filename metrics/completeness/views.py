from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bsc.audit import record_audit
from bsc.tenancy import Access, centers_visible_to, collaborative_view, get_center_for_user
from metrics.charts.cache import cache_stamp, cached
from metrics.completeness.forms import MetricsSettingsForm
from metrics.completeness.selectors import completeness
from metrics.completeness.services import reminder_send_now
from metrics.values.selectors import month_from_url
from metrics.values.services import data_changed, metrics_settings_for
from metrics.values.validation import collaborative_months, collaborative_today


@collaborative_view(permission="view_completeness")
def completeness_board(request: HttpRequest, access: Access) -> HttpResponse:
    """Centers × months: who submitted on time, late, not at all, or did not collect."""
    months = collaborative_months(access.collaborative)

    def table() -> str:
        centers = list(centers_visible_to(access).order_by("name"))
        return render_to_string(
            "metrics/completeness/completeness.html#board",
            {
                "collaborative": access.collaborative,
                "board": completeness(access, centers, months),
                "months": months,
            },
        )

    html = cached(cache_stamp(access.collaborative), "completeness", months[0], compute=table)
    return render(request, "metrics/completeness/completeness.html", {"board_html": html})


@collaborative_view(permission="remind_centers")
@require_POST
def remind(request: HttpRequest, access: Access, center: str, month: str) -> HttpResponse:
    center_obj = get_center_for_user(access, center)
    month_date = month_from_url(access, month)
    sent = reminder_send_now(
        access=access,
        center=center_obj,
        month=month_date,
        today=collaborative_today(access.collaborative),
    )
    if sent:
        text = _("Reminder sent to %(center)s.") % {"center": center_obj.name}
    else:
        text = _("%(center)s was already reminded today.") % {"center": center_obj.name}
    if request.htmx:
        return HttpResponse(format_html('<span class="badge ok" role="status">{}</span>', text))
    messages.success(request, text)
    return redirect("metrics:completeness", slug=access.collaborative.slug)


@collaborative_view(permission="manage_metric_charts")
def metric_settings(request: HttpRequest, access: Access) -> HttpResponse:
    """IT sets the due day, when reminders and the escalation go out, and baseline months."""
    settings_row = metrics_settings_for(access.collaborative)
    form = MetricsSettingsForm(request.POST or None, instance=settings_row)
    if request.method == "POST" and form.is_valid():
        form.save()
        data_changed(access.collaborative)
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="metrics_settings.change",
            obj=settings_row,
            changes=form.cleaned_data,
        )
        messages.success(request, _("The metric settings are saved."))
        return redirect("metrics:settings", slug=access.collaborative.slug)
    return render(
        request,
        "metrics/completeness/settings.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
