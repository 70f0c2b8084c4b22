"""Pages for the Collaborative Change Framework: driver diagram, editor, metrics, competencies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bsc.autosave import is_autosave, saved_status
from bsc.form_errors import add_service_errors
from bsc.pdf import pdf_response
from bsc.tenancy import Access, collaborative_view, get_object_in_collaborative
from collaboratives.framework import copying
from collaboratives.framework import selectors as framework_selectors
from collaboratives.framework import services as framework_services
from collaboratives.framework import versions as framework_versions
from collaboratives.framework.forms import (
    AimForm,
    CopyForm,
    MetricForm,
    NeedForm,
    PrimaryDriverForm,
    PublishForm,
    SecondaryDriverForm,
)
from collaboratives.framework.models import (
    Aim,
    DriverRevision,
    Metric,
    PrimaryDriver,
    SecondaryDriver,
)


def _diagram_context(access: Access) -> dict[str, Any]:
    framework, aims, primaries = framework_selectors.framework_tree(access.collaborative)
    return {
        "framework": framework,
        "aims": aims,
        "primaries": primaries,
        "can_edit": access.can("manage_framework"),
    }


@collaborative_view(permission="view_framework")
def driver_diagram(request: HttpRequest, access: Access) -> HttpResponse:
    return render(request, "collaboratives/framework/diagram.html", _diagram_context(access))


@collaborative_view(permission="view_framework")
def driver_diagram_pdf(request: HttpRequest, access: Access) -> HttpResponse:
    context = {**_diagram_context(access), "collaborative": access.collaborative}
    return pdf_response(
        request,
        "collaboratives/framework/diagram_pdf.html",
        context,
        f"{access.collaborative.slug}-driver-diagram.pdf",
    )


def _editor_context(access: Access, **extra: Any) -> dict[str, Any]:
    framework, aims, primaries = framework_selectors.framework_tree(
        access.collaborative, include_retired=True
    )
    revisions: dict[tuple[str, int], list[DriverRevision]] = {}
    if framework is not None:
        for revision in framework.driver_revisions.filter(
            action__in=["changed", "retired", "restored"]
        ).select_related("changed_by"):
            key = (
                ("s", revision.secondary_id)
                if revision.secondary_id
                else ("p", revision.primary_id)
            )
            revisions.setdefault(key, []).append(revision)
    for primary in primaries:
        primary.history = revisions.get(("p", primary.pk), [])
        for secondary in primary.secondaries:
            secondary.history = revisions.get(("s", secondary.pk), [])
    choices = [(copying.BUILTIN_KEY, _("Built-in: BSC-SEL framework (Field Guide, Appendix B)"))]
    choices += [(c.slug, c.name) for c in framework_selectors.frameworks_to_copy(access)]
    context = {
        "framework": framework,
        "aims": aims,
        "primaries": primaries,
        "need_form": NeedForm(
            initial={
                "need": framework.need if framework else "",
                "opportunity": framework.opportunity if framework else "",
            }
        ),
        "copy_form": CopyForm(choices=choices),
        "aim_form": AimForm(),
        "primary_form": PrimaryDriverForm(),
        "secondary_form": SecondaryDriverForm(),
        "publish_form": PublishForm(),
        "versions": framework_versions.versions_of(access.collaborative)[:5],
    }
    context.update(extra)
    return context


def _editor_response(request: HttpRequest, access: Access, **extra: Any) -> HttpResponse:
    """The editor after a change. For HTMX the editor fragment, always with status 200: htmx
    swaps only 2xx answers (and django-htmx's debug script replaces the whole page with a 400),
    so refused input answered 400 would never show its errors in place."""
    if request.htmx:
        return render(
            request,
            "collaboratives/framework/edit.html#editor",
            _editor_context(access, **extra),
        )
    if extra.get("error"):
        return render(
            request,
            "collaboratives/framework/edit.html",
            _editor_context(access, **extra),
            status=400,
        )
    return redirect("collaboratives:framework-edit", slug=access.collaborative.slug)


def _autosaved(
    request: HttpRequest,
    access: Access,
    form: Form,
    save: Callable[..., Any],
    *,
    anchors: dict[str, str],
) -> HttpResponse:
    """One part of the editor saved as you go: saved when valid, and the live region's answer
    either way; the editor itself is not swapped, so the field being typed in keeps its focus."""
    if form.is_valid():
        save(**form.cleaned_data)
    errors = [
        (anchors.get(key, key), message)
        for key, field_errors in form.errors.items()
        for message in field_errors
    ]
    return saved_status(request, tz=access.collaborative.timezone, errors=errors, field_prefix="")


@collaborative_view(permission="manage_framework")
def framework_edit(request: HttpRequest, access: Access) -> HttpResponse:
    if request.method == "POST":
        form = NeedForm(request.POST)
        if is_autosave(request):
            return _autosaved(
                request,
                access,
                form,
                lambda **data: framework_services.framework_update(access=access, **data),
                anchors={"need": "id_need", "opportunity": "id_opportunity"},
            )
        if form.is_valid():
            framework_services.framework_update(access=access, **form.cleaned_data)
            messages.success(request, _("The need and opportunity were saved."))
            return _editor_response(request, access)
        return _editor_response(request, access, need_form=form, error=True)
    return render(request, "collaboratives/framework/edit.html", _editor_context(access))


@collaborative_view(permission="manage_framework")
@require_POST
def framework_publish(request: HttpRequest, access: Access) -> HttpResponse:
    """Publish the draft as the next version, with a note of what changed and why."""
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            version = framework_versions.framework_version_publish(
                access=access, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Version %(n)d is published. Rounds opened from now on use it; open rounds "
                    "keep the version they opened with."
                )
                % {"n": version.number},
            )
            return redirect("collaboratives:framework-edit", slug=access.collaborative.slug)
    return render(
        request,
        "collaboratives/framework/edit.html",
        _editor_context(access, publish_form=form),
        status=400,
    )


@collaborative_view(permission="view_framework")
def version_list(request: HttpRequest, access: Access) -> HttpResponse:
    return render(
        request,
        "collaboratives/framework/versions.html",
        {"versions": framework_versions.versions_of(access.collaborative)},
    )


@collaborative_view(permission="view_framework")
def version_detail(request: HttpRequest, access: Access, version: int) -> HttpResponse:
    """One published version as it was: its aims and drivers, whatever the draft says now."""
    obj = framework_versions.get_version(access, version)
    return render(
        request,
        "collaboratives/framework/version.html",
        {
            "version": obj,
            "aims": [a["text"] for a in obj.snapshot.get("aims", [])],
            "primaries": framework_versions.version_drivers(obj),
        },
    )


@collaborative_view(permission="manage_framework")
@require_POST
def framework_copy(request: HttpRequest, access: Access) -> HttpResponse:
    context = _editor_context(access)
    form = CopyForm(request.POST, choices=context["copy_form"].fields["source"].choices)
    if form.is_valid():
        try:
            copying.framework_copy(access=access, source=form.cleaned_data["source"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The framework and its metrics were copied."))
            return redirect("collaboratives:framework-edit", slug=access.collaborative.slug)
    context["copy_form"] = form
    return render(request, "collaboratives/framework/edit.html", context, status=400)


def _item_action(request: HttpRequest) -> str:
    action = request.POST.get("action", "save")
    if action not in {"save", "delete", "up", "down", "restore"}:
        raise Http404
    return action


@collaborative_view(permission="manage_framework")
@require_POST
def aim_add(request: HttpRequest, access: Access) -> HttpResponse:
    form = AimForm(request.POST)
    if form.is_valid():
        framework_services.aim_save(access=access, text=form.cleaned_data["text"])
        return _editor_response(request, access)
    return _editor_response(request, access, aim_form=form, error=True)


@collaborative_view(permission="manage_framework")
@require_POST
def aim_change(request: HttpRequest, access: Access, aim: str) -> HttpResponse:
    obj = get_object_in_collaborative(
        access,
        Aim.objects.select_related("framework"),
        public_id=aim,
        collaborative_path="framework__collaborative",
    )
    action = _item_action(request)
    if action == "delete":
        framework_services.aim_delete(access=access, aim=obj)
    elif action in ("up", "down"):
        framework_services.aim_move(access=access, aim=obj, direction=action)
    else:
        form = AimForm(request.POST)
        if is_autosave(request):
            return _autosaved(
                request,
                access,
                form,
                lambda text: framework_services.aim_save(access=access, aim=obj, text=text),
                anchors={"text": f"aim-{obj.public_id}"},
            )
        if not form.is_valid():
            return _editor_response(
                request, access, error=True, error_for=str(obj.public_id), item_errors=form.errors
            )
        framework_services.aim_save(access=access, aim=obj, text=form.cleaned_data["text"])
    return _editor_response(request, access)


@collaborative_view(permission="manage_framework")
@require_POST
def primary_add(request: HttpRequest, access: Access) -> HttpResponse:
    form = PrimaryDriverForm(request.POST)
    if form.is_valid():
        framework_services.primary_driver_save(access=access, **form.cleaned_data)
        return _editor_response(request, access)
    return _editor_response(request, access, primary_form=form, error=True)


def _primary(access: Access, public_id: str) -> PrimaryDriver:
    return get_object_in_collaborative(
        access,
        PrimaryDriver.objects.select_related("framework"),
        public_id=public_id,
        collaborative_path="framework__collaborative",
    )


def _change_driver(
    request: HttpRequest,
    access: Access,
    driver: PrimaryDriver | SecondaryDriver,
    *,
    remove: Callable[..., str],
    move: Callable[..., Any],
    restore: Callable[..., Any],
    form_class: type[Form],
    save: Callable[..., Any],
    anchors: dict[str, str],
) -> HttpResponse:
    """The editor's actions on one driver, primary or secondary: delete (or retire when work
    refers to it), move up or down, restore, or save its wording."""
    action = _item_action(request)
    if action == "delete":
        if remove(access=access, driver=driver) == "retired":
            messages.info(
                request,
                _(
                    "Ratings or other work refer to this driver, so it was "
                    "retired instead of deleted."
                ),
            )
    elif action in ("up", "down"):
        move(access=access, driver=driver, direction=action)
    elif action == "restore":
        restore(access=access, driver=driver)
    else:
        form = form_class(request.POST)
        if is_autosave(request):
            return _autosaved(request, access, form, save, anchors=anchors)
        if not form.is_valid():
            return _editor_response(
                request,
                access,
                error=True,
                error_for=str(driver.public_id),
                item_errors=form.errors,
            )
        save(**form.cleaned_data)
    return _editor_response(request, access)


@collaborative_view(permission="manage_framework")
@require_POST
def primary_change(request: HttpRequest, access: Access, primary: str) -> HttpResponse:
    driver = _primary(access, primary)
    return _change_driver(
        request,
        access,
        driver,
        remove=framework_services.primary_driver_remove,
        move=framework_services.primary_driver_move,
        restore=framework_services.primary_driver_restore,
        form_class=PrimaryDriverForm,
        anchors={
            "name": f"pn-{driver.public_id}",
            "full_name": f"pf-{driver.public_id}",
            "description": f"pd-{driver.public_id}",
        },
        save=lambda **data: framework_services.primary_driver_save(
            access=access, driver=driver, **data
        ),
    )


@collaborative_view(permission="manage_framework")
@require_POST
def secondary_add(request: HttpRequest, access: Access, primary: str) -> HttpResponse:
    driver = _primary(access, primary)
    form = SecondaryDriverForm(request.POST)
    if form.is_valid():
        framework_services.secondary_driver_save(access=access, primary=driver, **form.cleaned_data)
        return _editor_response(request, access)
    return _editor_response(
        request, access, error=True, error_add_for=str(driver.public_id), item_errors=form.errors
    )


@collaborative_view(permission="manage_framework")
@require_POST
def secondary_change(request: HttpRequest, access: Access, secondary: str) -> HttpResponse:
    driver = get_object_in_collaborative(
        access,
        SecondaryDriver.objects.select_related("primary__framework"),
        public_id=secondary,
        collaborative_path="primary__framework__collaborative",
    )
    return _change_driver(
        request,
        access,
        driver,
        remove=framework_services.secondary_driver_remove,
        move=framework_services.secondary_driver_move,
        restore=framework_services.secondary_driver_restore,
        form_class=SecondaryDriverForm,
        anchors={
            "text": f"st-{driver.public_id}",
            "assessment_text": f"sa-{driver.public_id}",
        },
        save=lambda **data: framework_services.secondary_driver_save(
            access=access, primary=driver.primary, driver=driver, **data
        ),
    )


@collaborative_view(permission="view_framework")
def metric_list(request: HttpRequest, access: Access) -> HttpResponse:
    metrics = access.collaborative.metrics.prefetch_related(
        Prefetch("drivers", queryset=SecondaryDriver.objects.select_related("primary"))
    )
    return render(
        request,
        "collaboratives/framework/metrics.html",
        {"metrics": metrics, "can_edit": access.can("manage_framework")},
    )


@collaborative_view(permission="manage_framework")
def metric_edit(request: HttpRequest, access: Access, metric: str | None = None) -> HttpResponse:
    instance = None
    if metric is not None:
        instance = get_object_in_collaborative(access, Metric.objects.all(), slug=metric)
    drivers = list(framework_selectors.active_secondary_drivers(access.collaborative))
    form = MetricForm(request.POST or None, instance=instance, drivers=drivers)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "drivers"}
        try:
            framework_services.metric_save(
                access=access, data=data, drivers=form.cleaned_data["drivers"], metric=instance
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The metric was saved."))
            return redirect("collaboratives:metrics", slug=access.collaborative.slug)
    status = 400 if form.errors else 200
    return render(
        request,
        "collaboratives/framework/metric_form.html",
        {"form": form, "metric": instance},
        status=status,
    )
