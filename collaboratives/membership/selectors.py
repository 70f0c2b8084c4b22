from __future__ import annotations

from typing import TYPE_CHECKING, Any

from collaboratives.membership.models import Collaborative

if TYPE_CHECKING:
    pass


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
