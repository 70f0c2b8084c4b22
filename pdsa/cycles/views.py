"""PDSA pages: a center's ramps, a ramp's timeline, a cycle's stages, quick start, copying."""

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bsc.form_errors import add_service_errors, posted_data
from bsc.tenancy import Access, centers_visible_to, collaborative_view, get_center_for_user
from bsc.uploads import serve_upload
from pdsa.cycles import selectors as cycles_selectors
from pdsa.cycles import services
from pdsa.cycles.forms import AttachmentForm, QuickStartForm, RampForm, stage_form_class
from pdsa.cycles.models import Cycle
from pdsa.cycles.services import STAGE_FIELDS
from pdsa.discussion.forms import CommentForm
from pdsa.discussion.selectors import comments_for
from pdsa.discussion.views import _comment


@collaborative_view(permission="comment")
@require_POST
def cycle_comment(request: HttpRequest, access: Access, cycle: uuid.UUID) -> HttpResponse:
    cycle_obj = cycles_selectors.get_cycle(access, cycle)
    return _comment(request, access, cycle_obj, cycle=cycle_obj)


@collaborative_view(permission="comment")
@require_POST
def ramp_comment(request: HttpRequest, access: Access, ramp: uuid.UUID) -> HttpResponse:
    ramp_obj = cycles_selectors.get_ramp(access, ramp)
    return _comment(request, access, ramp_obj, ramp=ramp_obj)


@collaborative_view()
def pdsa_home(request: HttpRequest, access: Access) -> HttpResponse:
    if access.center is not None:
        return redirect("pdsa:center", slug=access.collaborative.slug, center=access.center.slug)
    centers = centers_visible_to(access).annotate(
        ramp_count=Count("ramps", distinct=True), cycle_count=Count("ramps__cycles")
    )
    return render(request, "pdsa/cycles/home.html", {"centers": centers})


@collaborative_view()
def center_pdsa(request: HttpRequest, access: Access, center: str) -> HttpResponse:
    center_obj = get_center_for_user(access, center, permission="view_center")
    return render(
        request,
        "pdsa/cycles/center.html",
        {
            "center": center_obj,
            "groups": cycles_selectors.center_ramps_by_driver(center_obj),
            "can_edit": access.can("change_ramp", center_obj),
        },
    )


@collaborative_view(permission="create_ramp")
def quick_start(request: HttpRequest, access: Access) -> HttpResponse:
    form = QuickStartForm(posted_data(request), drivers=cycles_selectors.drivers_of(access))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        driver = data.pop("secondary_driver")
        try:
            cycle = services.quick_start(
                access=access, secondary_drivers=[driver] if driver else [], **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your test is planned. Record what happens next."))
            return redirect(cycle)
    return render(request, "pdsa/cycles/quick_start.html", {"form": form})


def _ramp_form(access: Access, data=None, instance=None) -> RampForm:
    return RampForm(
        data,
        instance=instance,
        drivers=cycles_selectors.drivers_of(access),
        metrics=access.collaborative.metrics.all(),
    )


@collaborative_view(permission="create_ramp")
def ramp_new(request: HttpRequest, access: Access) -> HttpResponse:
    form = _ramp_form(access, posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            ramp = services.ramp_create(access=access, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("pdsa:cycle-new", slug=access.collaborative.slug, ramp=ramp.public_id)
    return render(request, "pdsa/cycles/ramp_form.html", {"form": form})


@collaborative_view()
def ramp_detail(request: HttpRequest, access: Access, ramp: uuid.UUID) -> HttpResponse:
    ramp_obj = cycles_selectors.get_ramp(access, ramp)
    cycles = list(ramp_obj.cycles.order_by("number"))
    scale_steps = {value: index + 1 for index, value in enumerate(services.SCALE_ORDER)}
    for cycle in cycles:
        cycle.scale_step = scale_steps.get(cycle.scale, 1)
    return render(
        request,
        "pdsa/cycles/ramp.html",
        {
            "ramp": ramp_obj,
            "cycles": cycles,
            "scale_steps": len(scale_steps),
            "drivers": ramp_obj.secondary_drivers.select_related("primary"),
            "adaptations": ramp_obj.adaptations.select_related("center"),
            "comments": comments_for(ramp=ramp_obj),
            "comment_form": CommentForm(),
            "comment_url_name": "pdsa:ramp-comment",
            "target": ramp_obj,
            "can_edit": access.can("change_ramp", ramp_obj),
            "can_copy": access.can("create_ramp") and ramp_obj.center_id != access.center_id,
        },
    )


@collaborative_view()
def ramp_edit(request: HttpRequest, access: Access, ramp: uuid.UUID) -> HttpResponse:
    ramp_obj = cycles_selectors.get_ramp(access, ramp, permission="change_ramp")
    form = _ramp_form(access, posted_data(request), instance=ramp_obj)
    if request.method == "POST" and form.is_valid():
        try:
            services.ramp_update(access=access, ramp=ramp_obj, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(ramp_obj)
    return render(request, "pdsa/cycles/ramp_form.html", {"form": form, "ramp": ramp_obj})


@collaborative_view(permission="create_ramp")
@require_POST
def ramp_copy(request: HttpRequest, access: Access, ramp: uuid.UUID) -> HttpResponse:
    origin = cycles_selectors.get_ramp(access, ramp)
    copy = services.ramp_copy(access=access, origin=origin)
    messages.success(request, _("Copied to your center. Adapt the plan to your classrooms."))
    return redirect(copy)


@collaborative_view()
def cycle_new(request: HttpRequest, access: Access, ramp: uuid.UUID) -> HttpResponse:
    ramp_obj = cycles_selectors.get_ramp(access, ramp, permission="change_ramp")
    form = stage_form_class("plan")(posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.cycle_create(access=access, ramp=ramp_obj, plan=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(cycle)
    return render(
        request, "pdsa/cycles/cycle_stage.html", {"form": form, "ramp": ramp_obj, "stage": "plan"}
    )


@collaborative_view()
def cycle_detail(request: HttpRequest, access: Access, cycle: uuid.UUID) -> HttpResponse:
    cycle_obj = cycles_selectors.get_cycle(access, cycle)
    return render(
        request,
        "pdsa/cycles/cycle.html",
        {
            "cycle": cycle_obj,
            "ramp": cycle_obj.ramp,
            "attachments": cycle_obj.attachments.all(),
            "attachment_form": AttachmentForm(),
            "comments": comments_for(cycle=cycle_obj),
            "comment_form": CommentForm(),
            "comment_url_name": "pdsa:cycle-comment",
            "target": cycle_obj,
            "can_edit": access.can("change_ramp", cycle_obj.ramp),
            "next_cycle": cycle_obj.ramp.cycles.filter(number=cycle_obj.number + 1).first(),
        },
    )


@collaborative_view()
def cycle_stage(request: HttpRequest, access: Access, cycle: uuid.UUID, stage: str) -> HttpResponse:
    if stage not in STAGE_FIELDS:
        raise Http404
    cycle_obj = cycles_selectors.get_cycle(access, cycle, permission="change_ramp")
    form_class = stage_form_class(stage)
    form = form_class(
        posted_data(request), instance=cycle_obj, initial={"version": cycle_obj.version}
    )
    conflict = None
    status = 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        start_next = bool(data.pop("start_next", False))
        expected_version = data.pop("version", None)
        try:
            cycle_obj, next_cycle = services.cycle_save_stage(
                access=access,
                cycle=cycle_obj,
                stage=stage,
                data=data,
                start_next=start_next,
                expected_version=expected_version,
            )
        except services.CycleConflict as error:
            conflict = {
                "rows": _conflict_rows(form, data, error.theirs),
                "updated_by": error.cycle.updated_by,
                "updated_at": error.cycle.updated_at,
            }
            # The form keeps the person's entries; saving it again from here is a deliberate
            # choice to replace the newer version, so it now carries that version.
            posted = request.POST.copy()
            posted["version"] = str(error.version)
            form = form_class(posted, instance=error.cycle)
            form.is_valid()
            cycle_obj = error.cycle
            status = 409
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if cycle_obj.is_incomplete:
                messages.warning(
                    request, _("Saved. This cycle has no Study yet: it is marked incomplete.")
                )
            else:
                messages.success(request, _("Saved."))
            if next_cycle is not None:
                return redirect(
                    "pdsa:cycle-stage",
                    slug=access.collaborative.slug,
                    cycle=next_cycle.public_id,
                    stage="plan",
                )
            return redirect(cycle_obj)
    return render(
        request,
        "pdsa/cycles/cycle_stage.html",
        {
            "form": form,
            "ramp": cycle_obj.ramp,
            "cycle": cycle_obj,
            "stage": stage,
            "stage_label": dict(Cycle.Stage.choices)[stage],
            "conflict": conflict,
        },
        status=status,
    )


def _shown(field: forms.Field, value: Any) -> str:
    """A value as the person typed or picked it: a choice by its label, nothing as empty."""
    if value is None:
        return ""
    choices = dict(getattr(field, "choices", None) or [])
    return str(choices.get(value, value)).strip()


def _conflict_rows(
    form: forms.BaseForm, mine: dict[str, Any], theirs: dict[str, Any]
) -> list[dict[str, Any]]:
    """The stage's fields on which the two versions differ, with both versions."""
    rows = []
    for name, their_value in theirs.items():
        field = form.fields[name]
        my_text, their_text = _shown(field, mine.get(name)), _shown(field, their_value)
        if my_text != their_text:
            rows.append({"label": field.label, "mine": my_text, "theirs": their_text})
    return rows


@collaborative_view()
@require_POST
def attachment_upload(request: HttpRequest, access: Access, cycle: uuid.UUID) -> HttpResponse:
    cycle_obj = cycles_selectors.get_cycle(access, cycle, permission="change_ramp")
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                access=access, cycle=cycle_obj, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Attached."))
    else:
        messages.error(request, _("Choose a photo or PDF to attach."))
    return redirect(cycle_obj)


@collaborative_view()
def attachment_download(
    request: HttpRequest, access: Access, attachment: uuid.UUID
) -> HttpResponse:
    """Files are always downloaded, never shown inline, so a disguised file cannot run."""
    item = cycles_selectors.get_attachment(access, attachment)
    return serve_upload(
        item.file.open("rb"), content_type=item.content_type, filename=item.original_name
    )
