"""Demo continuum positions for BSC-SEL: every center placed in Action Periods 1 and 2 as
suggested, except one center the IT moved down in Action Period 2, with its note."""

from __future__ import annotations

from django.utils import timezone

from bsc.demo import DemoContext
from bsc.tenancy import Access
from collaboratives.membership.models import Membership
from metrics.engagement.continuum import suggest
from metrics.engagement.models import EngagementPosition, Position
from metrics.engagement.selectors import action_periods
from metrics.engagement.signals import engagement_signals
from metrics.values.validation import collaborative_months

MOVER = "willow-creek"


def load(ctx: DemoContext) -> None:
    sel = ctx.objects["sel"]
    centers = list(sel.centers.order_by("name"))
    if EngagementPosition.objects.filter(center__in=centers).exists():
        return
    membership = (
        Membership.objects.filter(collaborative=sel, role=Membership.Role.IMPLEMENTATION_TEAM)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    access = Access(user=membership.user, collaborative=sel, membership=membership)
    signals = engagement_signals(sel, centers, collaborative_months(sel))
    rows = []
    for period in action_periods(access, ctx.today)[:2]:
        for center in centers:
            span = [m for m in signals[center.pk] if m.month in period.months]
            if not span:
                continue
            suggestion = suggest(span)
            position, note = suggestion.position, ""
            if center.slug == MOVER and period.number == 1:
                position = Position.EARLY_MAJORITY
                note = "Strong start: every call attended, first log cycle done early."
            if center.slug == MOVER and period.number == 2:
                position = Position.LATE_MAJORITY
                note = "Director on leave since the last Learning Session; metrics missing twice."
            rows.append(
                EngagementPosition(
                    center=center,
                    period=period.number,
                    suggested=suggestion.position,
                    explanation=suggestion.explanation,
                    position=position,
                    note=note,
                    set_by=membership.user,
                    set_at=timezone.now(),
                )
            )
    EngagementPosition.objects.bulk_create(rows)
