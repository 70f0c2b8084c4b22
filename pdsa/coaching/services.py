from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bsc.audit import record_audit
from bsc.models import User
from centers.teams.models import Center
from collaboratives.membership.models import Membership
from pdsa.coaching.models import FacultyAssignment

if TYPE_CHECKING:
    from bsc.tenancy import Access


def assignment_set(
    *, access: Access, period: int, center: Center, faculty: User, period_label: str = ""
) -> tuple[FacultyAssignment, bool]:
    """Assign a faculty coach to a center for an Action Period.

    Returns (assignment, repeats): `repeats` is true when the same coach had this center in
    the previous period; allowed, but Section 4.6 gives three reasons to rotate.
    """
    access.require("manage_faculty_assignments", access.collaborative)
    if center.collaborative_id != access.collaborative.pk:
        raise ValidationError({"center": _("Choose a center of this collaborative.")})
    if not Membership.objects.filter(
        collaborative=access.collaborative, user=faculty, role=Membership.Role.FACULTY
    ).exists():
        raise ValidationError({"faculty": _("Choose a faculty coach of this collaborative.")})
    if period < 1:
        raise ValidationError({"period": _("Action Periods are numbered from 1.")})
    with transaction.atomic():
        assignment, _created = FacultyAssignment.objects.update_or_create(
            collaborative=access.collaborative,
            period=period,
            center=center,
            defaults={"faculty": faculty, "period_label": period_label},
        )
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="faculty_assignment.set",
            obj=assignment,
            changes={"period": period, "center": center.slug, "faculty": faculty.email},
        )
    repeats = FacultyAssignment.objects.filter(
        collaborative=access.collaborative, period=period - 1, center=center, faculty=faculty
    ).exists()
    return assignment, repeats
