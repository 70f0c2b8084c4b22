from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from bsc.audit import record_audit
from bsc.tenancy import Access
from collaboratives.affinity.models import AffinityGroup
from collaboratives.membership.models import Membership

FIELDS = ("name", "center_role", "description", "faculty_lead", "it_lead")


def _check_leads(access: Access, faculty_lead: Any, it_lead: Any) -> None:
    errors = {}
    roles = dict(
        Membership.objects.filter(
            collaborative=access.collaborative,
            user__in=[u for u in (faculty_lead, it_lead) if u is not None],
        ).values_list("user_id", "role")
    )
    if faculty_lead is not None and roles.get(faculty_lead.pk) != Membership.Role.FACULTY:
        errors["faculty_lead"] = [_("Choose a faculty coach of this collaborative.")]
    if it_lead is not None and roles.get(it_lead.pk) != Membership.Role.IMPLEMENTATION_TEAM:
        errors["it_lead"] = [_("Choose an Implementation Team member of this collaborative.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def group_save(
    *, access: Access, group: AffinityGroup | None = None, **fields: Any
) -> AffinityGroup:
    """Create or change an affinity group (IT only)."""
    access.require("manage_collaborative", access.collaborative)
    _check_leads(access, fields.get("faculty_lead"), fields.get("it_lead"))
    created = group is None
    group = group or AffinityGroup(collaborative=access.collaborative)
    for name in FIELDS:
        if name in fields:
            setattr(group, name, fields[name])
    group.full_clean(exclude=["collaborative"], validate_constraints=False)
    try:
        with transaction.atomic():
            group.save()
    except IntegrityError as error:
        raise ValidationError(
            {"center_role": [_("This role already has an affinity group.")]}
        ) from error
    record_audit(
        actor=access.user,
        collaborative=access.collaborative,
        action="affinity_group.create" if created else "affinity_group.update",
        obj=group,
        changes={"name": group.name, "center_role": group.center_role},
    )
    return group
