from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from collaboratives.membership.models import Collaborative, Invitation

if TYPE_CHECKING:
    from bsc.tenancy import Access


def competency_holders(collaborative: Collaborative) -> list[tuple[str, str, list[Any]]]:
    """(competency, label, IT members holding it) for each Section 3 competency."""
    from collaboratives.membership.models import Membership

    members = list(
        collaborative.memberships.filter(role=Membership.Role.IMPLEMENTATION_TEAM)
        .select_related("user")
        .order_by("user__full_name")
    )
    return [
        (value, str(label), [m for m in members if value in (m.competencies or [])])
        for value, label in Membership.Competency.choices
    ]


def invitations_open(access: Access) -> QuerySet[Invitation]:
    """Invitations of the collaborative whose link still works, newest first."""
    return Invitation.objects.filter(
        collaborative=access.collaborative, accepted_at__isnull=True, revoked_at__isnull=True
    ).select_related("center")


def role_changes_awaiting(access: Access) -> QuerySet[Invitation]:
    """Accepted invitations that would change a member's role, waiting for the IT."""
    return Invitation.objects.filter(
        collaborative=access.collaborative, role_change_pending=True, revoked_at__isnull=True
    ).select_related("center", "accepted_by")


def get_invitation(access: Access, public_id: Any) -> Invitation:
    """One invitation of the access's collaborative, else 404."""
    from bsc.tenancy import get_object_in_collaborative

    return get_object_in_collaborative(
        access, Invitation.objects.select_related("center"), public_id=public_id
    )
