"""The IT's decision on a center's place on the continuum: kept with what it was made with."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bsc.audit import record_audit
from bsc.tenancy import Access
from centers.teams.models import Center
from metrics.engagement.continuum import Suggestion
from metrics.engagement.models import EngagementPosition, Position


@transaction.atomic
def position_set(
    *,
    access: Access,
    center: Center,
    period: int,
    suggestion: Suggestion,
    position: str,
    note: str = "",
) -> EngagementPosition:
    """Confirm the suggestion (same position) or override it; an override needs a note."""
    access.require("set_engagement_position", access.collaborative)
    if center.collaborative_id != access.collaborative.pk:
        raise ValidationError({"center": [_("Choose a center of this collaborative.")]})
    if position not in Position.values:
        raise ValidationError({"position": [_("Choose a place on the continuum.")]})
    note = note.strip()
    if position != suggestion.position and not note:
        raise ValidationError({"note": [_("Say why you place the center elsewhere.")]})
    row, created = EngagementPosition.objects.select_for_update().get_or_create(
        center=center,
        period=period,
        defaults={
            "suggested": suggestion.position,
            "explanation": suggestion.explanation,
            "position": position,
            "note": note,
            "set_by": access.user,
            "set_at": timezone.now(),
        },
    )
    before = None if created else {"position": row.position, "note": row.note}
    if not created:
        row.suggested = suggestion.position
        row.explanation = suggestion.explanation
        row.position = position
        row.note = note
        row.set_by = access.user
        row.set_at = timezone.now()
        row.save()
    record_audit(
        actor=access.user,
        collaborative=access.collaborative,
        action="engagement.position_set",
        obj=row,
        changes={
            "period": period,
            "suggested": suggestion.position,
            "position": position,
            "note": note,
            "before": before,
        },
    )
    return row
