"""Writes for collaboratives: invitations and memberships."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bsc.audit import record_audit

if TYPE_CHECKING:
    from bsc.tenancy import Access
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from collaboratives.membership.models import Invitation, Membership

if TYPE_CHECKING:
    from bsc.models import User
    from bsc.tenancy import Access
    from centers.teams.models import Center


def competencies_assign(*, access: Access, holders: dict[str, Any]) -> None:
    """Set which IT member has primary responsibility for each Section 3 competency.

    `holders` maps competency -> Membership (or None for nobody).
    """
    from collaboratives.membership.models import Membership

    access.require("manage_competencies", access.collaborative)
    members = list(
        access.collaborative.memberships.filter(role=Membership.Role.IMPLEMENTATION_TEAM)
    )
    by_pk = {m.pk: m for m in members}
    for holder in holders.values():
        if holder is not None and holder.pk not in by_pk:
            raise ValidationError(_("Only Implementation Team members can hold a competency."))
    with transaction.atomic():
        for member in members:
            wanted = [c for c, holder in holders.items() if holder and holder.pk == member.pk]
            if sorted(member.competencies) != sorted(wanted):
                member.competencies = wanted
                member.save(update_fields=["competencies"])
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="competencies.assign",
            obj=access.collaborative,
            changes={c: (h.user.email if h else None) for c, h in holders.items()},
        )


INVITATION_SALT = "bsc.invitation"


class InvitationError(Exception):
    """Why an invitation link cannot be used; the message is shown to the person."""


def invitation_token(invitation: Invitation) -> str:
    return signing.TimestampSigner(salt=INVITATION_SALT).sign(str(invitation.public_id))


def invitation_url(invitation: Invitation) -> str:
    path = reverse("invitation-accept", kwargs={"token": invitation_token(invitation)})
    return f"{settings.SITE_URL}{path}"


def invitation_create(
    *,
    access: Access,
    email: str,
    role: str,
    full_name: str = "",
    center: Center | None = None,
    center_role: str = "",
) -> Invitation:
    """Invite a person by e-mail to the access's collaborative and send the signed link."""
    access.require("invite_members", access.collaborative)
    email = email.strip().lower()
    errors: dict[str, str] = {}
    if role == Membership.Role.CENTER_MEMBER:
        if center is None:
            errors["center"] = _("Choose the center this person joins.")
        elif center.collaborative_id != access.collaborative.pk:
            errors["center"] = _("That center is not part of this collaborative.")
        if not center_role:
            errors["center_role"] = _("Choose the person's role in the center team.")
    elif center is not None:
        errors["center"] = _("Only center team members belong to a center.")
    if Membership.objects.filter(
        collaborative=access.collaborative, user__email__iexact=email
    ).exists():
        errors["email"] = _("This person is already a member of the collaborative.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        invitation = Invitation(
            collaborative=access.collaborative,
            email=email,
            full_name=full_name,
            role=role,
            center=center if role == Membership.Role.CENTER_MEMBER else None,
            center_role=center_role if role == Membership.Role.CENTER_MEMBER else "",
            invited_by=access.user,
        )
        invitation.full_clean()
        invitation.save()
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="invitation.create",
            obj=invitation,
            changes={"email": email, "role": role},
        )
        transaction.on_commit(lambda: send_invitation(invitation))
    return invitation


def send_invitation(invitation: Invitation) -> None:
    """E-mail the signed link to the invited person."""
    context = {
        "invitation": invitation,
        "url": invitation_url(invitation),
        "days": settings.INVITATION_MAX_AGE_DAYS,
    }
    send_mail(
        subject=_("You are invited to %(name)s") % {"name": invitation.collaborative.name},
        message=render_to_string("collaboratives/membership/email/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


def invitation_from_token(token: str) -> Invitation:
    """The invitation a link stands for, or InvitationError saying why it cannot be used."""
    signer = signing.TimestampSigner(salt=INVITATION_SALT)
    max_age = settings.INVITATION_MAX_AGE_DAYS * 24 * 3600
    try:
        public_id = signer.unsign(token, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise InvitationError(
            _("This invitation has expired. Ask the Implementation Team for a new one.")
        ) from exc
    except signing.BadSignature as exc:
        raise InvitationError(_("This invitation link is not valid.")) from exc
    invitation = (
        Invitation.objects.select_related("collaborative", "center")
        .filter(public_id=public_id)
        .first()
    )
    if invitation is None:
        raise InvitationError(_("This invitation link is not valid."))
    if invitation.accepted_at is not None:
        raise InvitationError(_("This invitation has already been used."))
    return invitation


def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Join the collaborative with the invited role; the link then stops working."""
    if user.email.lower() != invitation.email.lower():
        raise InvitationError(_("This invitation was sent to another e-mail address."))
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.accepted_at is not None:
            raise InvitationError(_("This invitation has already been used."))
        membership, _created = Membership.objects.update_or_create(
            user=user,
            collaborative=locked.collaborative,
            defaults={
                "role": locked.role,
                "center": locked.center,
                "center_role": locked.center_role,
            },
        )
        locked.accepted_at = timezone.now()
        locked.accepted_by = user
        locked.save(update_fields=["accepted_at", "accepted_by"])
        record_audit(
            actor=user,
            collaborative=locked.collaborative,
            action="invitation.accept",
            obj=locked,
            changes={"role": locked.role},
        )
    return membership
