from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from pdsa.board.models import BoardSettings
from pdsa.coaching.models import FacultyAssignment
from pdsa.cycles.models import Cycle

if TYPE_CHECKING:
    from bsc.tenancy import Access
from pdsa.coaching.selectors import current_period
from pdsa.cycles.selectors import cycles_visible_to


def feedback_after_days(access: Access) -> int:
    settings = BoardSettings.objects.filter(collaborative=access.collaborative).first()
    return settings.feedback_after_days if settings else 7


def feedback_queue(access: Access, now: datetime.datetime | None = None) -> QuerySet[Cycle]:
    """Cycles posted or updated more than N days ago with no faculty/IT comment since.

    Oldest first; for a faculty coach, the centers assigned to them this Action Period first.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=feedback_after_days(access))
    cycles = (
        cycles_visible_to(access)
        .filter(activity_at__lte=cutoff)
        .filter(Q(feedback_at__isnull=True) | Q(feedback_at__lt=F("activity_at")))
        .select_related("ramp__center")
    )
    period = current_period(access)
    if access.is_faculty and period is not None:
        mine = FacultyAssignment.objects.filter(
            collaborative=access.collaborative,
            period=period,
            faculty=access.user,
            center=OuterRef("ramp__center"),
        )
        cycles = cycles.annotate(assigned_to_me=Exists(mine)).order_by(
            "-assigned_to_me", "activity_at"
        )
    else:
        cycles = cycles.order_by("activity_at")
    return cycles
