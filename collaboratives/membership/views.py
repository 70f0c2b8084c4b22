from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bsc.forms import SignUpForm
from bsc.models import User
from bsc.tenancy import (
    Access,
    centers_visible_to,
    collaborative_view,
    members_visible_to,
)
from collaboratives.membership import selectors as membership_selectors
from collaboratives.membership import services as membership_services
from collaboratives.membership.forms import CompetencyForm, InvitationForm
from collaboratives.membership.models import Membership
from collaboratives.membership.services import (
    InvitationError,
    invitation_accept,
    invitation_create,
    invitation_from_token,
)


@collaborative_view(permission="view_members")
def competencies(request: HttpRequest, access: Access) -> HttpResponse:
    holders = membership_selectors.competency_holders(access.collaborative)
    members = list(
        access.collaborative.memberships.filter(role=Membership.Role.IMPLEMENTATION_TEAM)
        .select_related("user")
        .order_by("user__full_name")
    )
    can_edit = access.can("manage_competencies")
    form = CompetencyForm(request.POST or None, holders=holders, members=members)
    if request.method == "POST":
        access.require("manage_competencies")
        if form.is_valid():
            membership_services.competencies_assign(access=access, holders=form.holders())
            messages.success(request, _("The competency checklist was saved."))
            return redirect("collaboratives:competencies", slug=access.collaborative.slug)
    return render(
        request,
        "collaboratives/membership/competencies.html",
        {"holders": holders, "form": form, "can_edit": can_edit},
        status=400 if form.errors else 200,
    )


@collaborative_view()
def member_list(request: HttpRequest, access: Access) -> HttpResponse:
    members = list(members_visible_to(access).order_by("role", "center__name", "user__full_name"))
    groups = [
        (label, [m for m in members if m.role == role]) for role, label in Membership.Role.choices
    ]
    return render(request, "collaboratives/membership/members.html", {"groups": groups})


@collaborative_view(permission="invite_members")
def invite(request: HttpRequest, access: Access) -> HttpResponse:
    centers = list(centers_visible_to(access))
    initial = {"center": request.GET.get("center", ""), "role": request.GET.get("role", "")}
    form = InvitationForm(request.POST or None, centers=centers, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitation_create(access=access, **form.cleaned_data)
        except ValidationError as error:
            for field, field_errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_errors)
        else:
            messages.success(
                request, _("An invitation was sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("collaboratives:members", slug=access.collaborative.slug)
    pending = access.collaborative.invitations.filter(accepted_at__isnull=True).select_related(
        "center"
    )[:50]
    return render(
        request, "collaboratives/membership/invite.html", {"form": form, "pending": pending}
    )


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Join through a signed link: sign in (existing account) or set a password (new one)."""
    try:
        invitation = invitation_from_token(token)
    except InvitationError as error:
        return render(
            request,
            "collaboratives/membership/invitation_invalid.html",
            {"reason": str(error)},
            status=410,
        )
    user = request.user
    if user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            # Another person's link: reveal nothing about the collaborative.
            raise Http404
        if request.method == "POST":
            invitation_accept(invitation=invitation, user=user)
            messages.success(
                request, _("Welcome to %(name)s.") % {"name": invitation.collaborative.name}
            )
            return redirect(invitation.collaborative)
        return render(
            request, "collaboratives/membership/invitation_accept.html", {"invitation": invitation}
        )

    if User.objects.filter(email__iexact=invitation.email).exists():
        return render(
            request,
            "collaboratives/membership/invitation_accept.html",
            {"invitation": invitation, "needs_sign_in": True},
        )
    form = SignUpForm(
        request.POST or None, email=invitation.email, initial={"full_name": invitation.full_name}
    )
    if request.method == "POST" and form.is_valid():
        new_user = User.objects.create_user(
            email=invitation.email,
            password=form.cleaned_data["password1"],
            full_name=form.cleaned_data["full_name"],
        )
        try:
            invitation_accept(invitation=invitation, user=new_user)
        except InvitationError as error:
            return render(
                request,
                "collaboratives/membership/invitation_invalid.html",
                {"reason": str(error)},
                status=410,
            )
        login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(invitation.collaborative)
    return render(
        request,
        "collaboratives/membership/invitation_accept.html",
        {"invitation": invitation, "form": form},
    )
