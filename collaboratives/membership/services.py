"""Writes for collaboratives: invitations and memberships."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bsc.audit import record_audit
from bsc.i18n import in_language_of

if TYPE_CHECKING:
    from bsc.tenancy import Access
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
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
        # The newest invitation to an address is the one that counts: older open links stop
        # working, so an old Implementation Team link cannot be used after a teacher one.
        Invitation.objects.filter(
            collaborative=access.collaborative,
            email__iexact=email,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
        ).exclude(pk=invitation.pk).update(
            revoked_at=timezone.now(), revoked_by=access.user, superseded_by=invitation
        )
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
    # Someone with an account reads their own language; a newcomer, the collaborative's.
    known = get_user_model().objects.filter(email__iexact=invitation.email).first()
    with in_language_of(known, invitation.collaborative):
        subject = _("You are invited to %(name)s") % {"name": invitation.collaborative.name}
        message = render_to_string("collaboratives/membership/email/invitation.txt", context)
    send_mail(
        subject=subject,
        message=message,
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
    _refuse_closed(invitation)
    return invitation


def _refuse_closed(invitation: Invitation) -> None:
    """InvitationError saying why a link that was used, withdrawn or replaced is dead."""
    if invitation.superseded_by_id is not None:
        raise InvitationError(
            _("A newer invitation replaced this one. Use the link in the latest e-mail.")
        )
    if invitation.revoked_at is not None:
        raise InvitationError(_("This invitation was withdrawn by the Implementation Team."))
    if invitation.accepted_at is not None:
        raise InvitationError(_("This invitation has already been used."))


def _same_role(membership: Membership, invitation: Invitation) -> bool:
    return (membership.role, membership.center_id, membership.center_role) == (
        invitation.role,
        invitation.center_id,
        invitation.center_role,
    )


def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Join the collaborative with the invited role; the link then stops working.

    A person who already is a member keeps their role: a link alone never changes a role (it
    may be old, or meant for a role since decided against). The invitation then waits for an
    IT member to confirm the change (`invitation_confirm_role_change`).
    """
    if user.email.lower() != invitation.email.lower():
        raise InvitationError(_("This invitation was sent to another e-mail address."))
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        _refuse_closed(locked)
        membership = (
            Membership.objects.select_for_update()
            .filter(user=user, collaborative=locked.collaborative)
            .first()
        )
        pending = False
        if membership is None:
            membership = Membership.objects.create(
                user=user,
                collaborative=locked.collaborative,
                role=locked.role,
                center=locked.center,
                center_role=locked.center_role,
            )
        elif not _same_role(membership, locked):
            pending = True
        locked.accepted_at = timezone.now()
        locked.accepted_by = user
        locked.role_change_pending = pending
        locked.save(update_fields=["accepted_at", "accepted_by", "role_change_pending"])
        record_audit(
            actor=user,
            collaborative=locked.collaborative,
            action="invitation.accept",
            obj=locked,
            changes={"role": locked.role, "role_change_pending": pending},
        )
    invitation.accepted_at = locked.accepted_at
    invitation.role_change_pending = pending
    return membership


def invitation_revoke(*, access: Access, invitation: Invitation) -> None:
    """Withdraw an invitation: an open link stops working; a role change waiting for
    confirmation is declined and the membership stays as it is."""
    access.require("invite_members", access.collaborative)
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(
            pk=invitation.pk, collaborative=access.collaborative
        )
        if not (locked.is_open or locked.role_change_pending):
            raise ValidationError(_("This invitation can no longer be withdrawn."))
        declined = locked.role_change_pending
        locked.revoked_at = timezone.now()
        locked.revoked_by = access.user
        locked.role_change_pending = False
        locked.save(update_fields=["revoked_at", "revoked_by", "role_change_pending"])
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="invitation.decline_role_change" if declined else "invitation.revoke",
            obj=locked,
            changes={"email": locked.email, "role": locked.role},
        )


def invitation_confirm_role_change(*, access: Access, invitation: Invitation) -> Membership:
    """Give a member the role of the invitation they accepted, once an IT member agrees."""
    access.require("invite_members", access.collaborative)
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(
            pk=invitation.pk, collaborative=access.collaborative
        )
        if not locked.role_change_pending or locked.accepted_by_id is None:
            raise ValidationError(_("No role change is waiting for this invitation."))
        membership = Membership.objects.select_for_update().get(
            user_id=locked.accepted_by_id, collaborative=access.collaborative
        )
        before = {"role": membership.role, "center_role": membership.center_role}
        membership.role = locked.role
        membership.center = locked.center
        membership.center_role = locked.center_role
        membership.full_clean()
        membership.save(update_fields=["role", "center", "center_role"])
        locked.role_change_pending = False
        locked.save(update_fields=["role_change_pending"])
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="membership.role_change",
            obj=membership,
            changes={
                "before": before,
                "after": {"role": locked.role, "center_role": locked.center_role},
                "invitation": str(locked.public_id),
            },
        )
    return membership
