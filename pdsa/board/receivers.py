"""The board's feed follows what the cycles announce."""

from typing import Any

from django.dispatch import receiver

from pdsa.board.models import BoardEntry
from pdsa.cycles.models import Cycle
from pdsa.cycles.signals import cycle_posted


@receiver(cycle_posted)
def put_cycle_on_board(sender: Any, *, cycle: Cycle, created: bool, at: Any, **_: Any) -> None:
    BoardEntry.objects.update_or_create(
        cycle=cycle,
        defaults={
            "collaborative_id": cycle.ramp.center.collaborative_id,
            "kind": BoardEntry.Kind.CYCLE,
            "center_id": cycle.ramp.center_id,
            "updated_at": at,
            "is_update": not created,
        },
    )
