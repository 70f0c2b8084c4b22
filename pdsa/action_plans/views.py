"""Action Plan pages: every center's plan per Learning Session, the team's own to write."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bsc.form_errors import add_service_errors, posted_data
from bsc.tenancy import Access, centers_visible_to, collaborative_view, get_center_for_user
from pdsa.action_plans import selectors, services
from pdsa.action_plans.forms import ItemForm, PlanForm, driver_options
from pdsa.cycles.models import Ramp
from pdsa.discussion.forms import CommentForm
from pdsa.discussion.selectors import comments_for
from pdsa.discussion.views import COMMENT_URL_NAMES, _comment


def _plan_url(access: Access, event: Any, center: Any) -> str:
    return reverse(
        "pdsa:action-plan", args=[access.collaborative.slug, event.public_id, center.slug]
    )


# The plans a person reads through at once; the others are a page or a search away.
CENTERS_PAGE_SIZE = 25


@collaborative_view(permission="view_action_plan")
def action_plans(request: HttpRequest, access: Access) -> HttpResponse:
    sessions = list(selectors.learning_sessions(access))
    now = timezone.now()
    chosen = request.GET.get("session")
    event = next((s for s in sessions if str(s.public_id) == chosen), None)
    if event is None:
        started = [s for s in sessions if s.start <= now]
        event = started[-1] if started else (sessions[0] if sessions else None)
    rows = []
    query = request.GET.get("q", "").strip()[:100]
    centers = centers_visible_to(access).order_by("name", "pk").only("pk", "name", "slug")
    if query:
        centers = centers.filter(name__icontains=query)
    page = Paginator(centers, CENTERS_PAGE_SIZE).get_page(request.GET.get("page"))
    if event is not None:
        event.collaborative = access.collaborative
        plans = selectors.plan_counts_of_session(access, event)
        for center in page.object_list:
            plan = plans.get(center.pk)
            rows.append(
                {
                    "center": center,
                    "plan": plan is not None,
                    "items": plan["item_count"] if plan else 0,
                    "ramps": plan["ramp_count"] if plan else 0,
                    "own": center.pk == access.center_id,
                }
            )
    return render(
        request,
        "pdsa/action_plans/list.html",
        {
            "sessions": sessions,
            "event": event,
            "rows": rows,
            "page": page,
            "query": query,
            "pager_query": urlencode(
                {"session": event.public_id if event else "", **({"q": query} if query else {})}
            ),
        },
    )


def _forms(access: Access, center: Any, event: Any, data: Any = None, which: str = "") -> dict:
    page = selectors.plan_page(access, center, event)
    plan, choices = page.plan, page.choices
    initial = {
        "focus_drivers": [d.pk for d in page.focus_drivers],
        "support_wanted": plan.support_wanted if plan else "",
    }
    later = (event.number or 1) >= 2
    return {
        "plan": plan,
        "focus_drivers": page.focus_drivers,
        "plan_items": page.items,
        "plan_form": PlanForm(
            data if which == "plan" else None, driver_choices=choices, initial=initial
        ),
        "item_form": ItemForm(
            data if which == "item" else None,
            driver_choices=choices,
            # The choice shows each ramp by its title; the center is kept for a chosen one.
            ramps=Ramp.objects.filter(center=center)
            .only("pk", "title", "center")
            .order_by("title"),
            later=later,
        ),
        "later": later,
    }


FORM_FIELDS_SECONDS = 6 * 3600


def _form_fields(access: Access, forms: dict) -> dict[str, str]:
    """The fields of the two forms as HTML. Drawing their widgets costs more than the rest
    of the page, and unfilled they come out the same for the same options, so they are
    kept in the cache under what they are drawn from (options, ramps, language): a change
    to any of it is a new key, never a stale form. A form sent back with errors is drawn
    afresh."""
    item_form, plan_form = forms["item_form"], forms["plan_form"]

    def draw() -> dict[str, str]:
        context = {**forms}
        return {
            part: mark_safe(  # noqa: S308 - rendered by our own template, escaped there
                render_to_string(f"pdsa/action_plans/_form_fields.html#{part}", context)
            )
            for part in ("item", "plan")
        }

    if item_form.is_bound or plan_form.is_bound:
        return draw()
    ramp_field = item_form.fields.get("ramp")
    ramps = [(r.pk, str(r)) for r in ramp_field.loaded] if ramp_field is not None else None
    drawn_from = repr(
        (
            access.collaborative.pk,
            get_language(),
            forms["later"],
            forms["item_driver_options"],
            forms["plan_driver_options"],
            ramps,
            plan_form["support_wanted"].value(),
        )
    )
    key = "action-plan-forms:" + hashlib.sha256(drawn_from.encode()).hexdigest()
    fields = cache.get(key)
    if fields is None:
        fields = draw()
        cache.set(key, {part: str(html) for part, html in fields.items()}, FORM_FIELDS_SECONDS)
        return fields
    return {part: mark_safe(html) for part, html in fields.items()}  # noqa: S308 - as drawn


def _render_plan(
    request: HttpRequest, access: Access, center: Any, event: Any, forms: dict, status: int = 200
) -> HttpResponse:
    plan = forms["plan"]
    can_edit = access.can("change_action_plan", center)
    if can_edit:
        forms["plan_driver_options"] = driver_options(forms["plan_form"]["focus_drivers"])
        forms["item_driver_options"] = driver_options(forms["item_form"]["drivers"])
        forms["form_fields"] = _form_fields(access, forms)
    items = [(item, selectors.item_progress(item)) for item in forms["plan_items"]]
    return render(
        request,
        "pdsa/action_plans/plan.html",
        {
            **forms,
            "center": center,
            "event": event,
            "items": items,
            "can_edit": can_edit,
            # The thread needs a plan to hang on: a team that has written nothing yet has
            # nothing to discuss.
            "comments": comments_for(action_plan=plan) if plan else [],
            "comment_form": CommentForm(),
            "comment_url_name": COMMENT_URL_NAMES["action_plan"],
            "target": plan,
        },
        status=status,
    )


@collaborative_view(permission="view_action_plan")
def action_plan(
    request: HttpRequest, access: Access, event: uuid.UUID, center: str
) -> HttpResponse:
    event_obj = selectors.get_session(access, event)
    center_obj = get_center_for_user(access, center)
    if request.method != "POST":
        return _render_plan(
            request, access, center_obj, event_obj, _forms(access, center_obj, event_obj)
        )
    access.require("change_action_plan", center_obj)
    forms = _forms(access, center_obj, event_obj, posted_data(request), which="plan")
    form = forms["plan_form"]
    if form.is_valid():
        try:
            services.action_plan_save(
                access=access,
                center=center_obj,
                event=event_obj,
                focus_drivers=form.cleaned_data["focus_drivers"],
                support_wanted=form.cleaned_data["support_wanted"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Action Plan saved."))
            return redirect(_plan_url(access, event_obj, center_obj))
    return _render_plan(request, access, center_obj, event_obj, forms, status=400)


@collaborative_view(permission="view_action_plan")
@require_POST
def action_plan_item_add(
    request: HttpRequest, access: Access, event: uuid.UUID, center: str
) -> HttpResponse:
    event_obj = selectors.get_session(access, event)
    center_obj = get_center_for_user(access, center, permission="change_action_plan")
    forms = _forms(access, center_obj, event_obj, posted_data(request), which="item")
    form = forms["item_form"]
    if form.is_valid():
        try:
            services.action_plan_item_add(
                access=access,
                center=center_obj,
                event=event_obj,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                who=form.cleaned_data["who"],
                by_when=form.cleaned_data["by_when"],
                drivers=form.cleaned_data["drivers"],
                ramp=form.cleaned_data.get("ramp"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Added to the Action Plan."))
            return redirect(_plan_url(access, event_obj, center_obj))
    return _render_plan(request, access, center_obj, event_obj, forms, status=400)


@collaborative_view(permission="view_action_plan")
@require_POST
def action_plan_item_remove(
    request: HttpRequest, access: Access, plan_item: uuid.UUID
) -> HttpResponse:
    item = selectors.get_plan_item(access, plan_item, permission="change_action_plan")
    services.action_plan_item_remove(access=access, item=item)
    messages.success(request, _("Removed from the Action Plan."))
    return redirect(_plan_url(access, item.plan.event, item.plan.center))


@collaborative_view(permission="view_action_plan")
@require_POST
def action_plan_item_ramp(
    request: HttpRequest, access: Access, plan_item: uuid.UUID
) -> HttpResponse:
    item = selectors.get_plan_item(access, plan_item, permission="change_action_plan")
    try:
        ramp = services.action_plan_item_start_ramp(access=access, item=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_plan_url(access, item.plan.event, item.plan.center))
    messages.success(request, _("Ramp started from your Action Plan: plan its first cycle."))
    return redirect(ramp.get_absolute_url())


@collaborative_view(permission="view_action_plan")
@require_POST
def action_plan_comment(request: HttpRequest, access: Access, plan: uuid.UUID) -> HttpResponse:
    """A comment or reply in the discussion of one center's Action Plan."""
    plan_obj = selectors.get_plan(access, plan)
    return _comment(request, access, plan_obj, action_plan=plan_obj)
