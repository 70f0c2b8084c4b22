from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

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
from collaboratives.membership.models import Invitation, Membership
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
    return render(
        request,
        "collaboratives/membership/invite.html",
        {
            "form": form,
            "pending": membership_selectors.invitations_open(access)[:50],
            "role_changes": _role_changes(access),
        },
    )


def _role_changes(access: Access) -> list[tuple[Invitation, Membership | None]]:
    """Each role change waiting for confirmation, with the membership it would change."""
    waiting = list(membership_selectors.role_changes_awaiting(access))
    current = {
        m.user_id: m
        for m in members_visible_to(access).filter(user_id__in=[i.accepted_by_id for i in waiting])
    }
    return [(invitation, current.get(invitation.accepted_by_id)) for invitation in waiting]


@collaborative_view(permission="invite_members")
@require_POST
def invitation_revoke(request: HttpRequest, access: Access, invitation: uuid.UUID) -> HttpResponse:
    """Withdraw an open invitation, or decline the role change an accepted one asks for."""
    item = membership_selectors.get_invitation(access, invitation)
    try:
        membership_services.invitation_revoke(access=access, invitation=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The invitation to %(email)s was withdrawn.") % {"email": item.email}
        )
    return redirect("collaboratives:invite", slug=access.collaborative.slug)


@collaborative_view(permission="invite_members")
@require_POST
def invitation_confirm(request: HttpRequest, access: Access, invitation: uuid.UUID) -> HttpResponse:
    """Confirm the role change an accepted invitation asks for."""
    item = membership_selectors.get_invitation(access, invitation)
    try:
        membership = membership_services.invitation_confirm_role_change(
            access=access, invitation=item
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(email)s is now %(role)s.") % {"email": item.email, "role": membership.role_label},
        )
    return redirect("collaboratives:invite", slug=access.collaborative.slug)


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
            try:
                membership = invitation_accept(invitation=invitation, user=user)
            except InvitationError as error:
                return render(
                    request,
                    "collaboratives/membership/invitation_invalid.html",
                    {"reason": str(error)},
                    status=410,
                )
            if invitation.role_change_pending:
                messages.info(
                    request,
                    _(
                        "You are already a member as %(current)s. Your role changes to "
                        "%(role)s once the Implementation Team confirms it."
                    )
                    % {"current": membership.role_label, "role": invitation.get_role_display()},
                )
            else:
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
