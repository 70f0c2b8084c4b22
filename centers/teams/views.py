"""Center profile (IT) and team pages (the team and the IT)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bsc.form_errors import add_service_errors
from bsc.tenancy import Access, collaborative_view, get_center_for_user
from bsc.uploads import serve_upload
from centers.teams import services
from centers.teams.forms import CenterForm, TeamForm


@collaborative_view(permission="change_center_profile")
def center_edit(request: HttpRequest, access: Access, center: str | None = None) -> HttpResponse:
    instance = get_center_for_user(access, center) if center else None
    form = CenterForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.center_save(access=access, data=form.cleaned_data, center=instance)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The center was saved."))
            return redirect(saved)
    return render(
        request,
        "centers/teams/center_form.html",
        {"form": form, "center": instance},
        status=400 if form.errors else 200,
    )


@collaborative_view()
def team_edit(request: HttpRequest, access: Access, center: str) -> HttpResponse:
    center_obj = get_center_for_user(access, center, permission="change_center_team")
    members = list(center_obj.memberships.select_related("user").order_by("center_role"))
    current = next((m for m in members if m.data_point_person), None)
    form = TeamForm(
        request.POST or None,
        request.FILES or None,
        members=members,
        initial={
            "team_name": center_obj.team_name,
            "motto": center_obj.motto,
            "data_point_person": str(current.public_id) if current else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.team_update(
                access=access,
                center=center_obj,
                team_name=form.cleaned_data["team_name"],
                motto=form.cleaned_data["motto"],
                storyboard=form.cleaned_data.get("storyboard") or None,
                data_point_person=form.cleaned_data.get("data_point_person"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your team page was saved."))
            return redirect(center_obj)
    return render(
        request,
        "centers/teams/team_form.html",
        {"form": form, "center": center_obj},
        status=400 if form.errors else 200,
    )


@collaborative_view()
def storyboard(request: HttpRequest, access: Access, center: str) -> HttpResponse:
    center_obj = get_center_for_user(access, center, permission="view_center")
    if not center_obj.storyboard:
        raise Http404
    return serve_upload(
        center_obj.storyboard.open("rb"),
        content_type=center_obj.storyboard_content_type,
        as_attachment=False,
    )
