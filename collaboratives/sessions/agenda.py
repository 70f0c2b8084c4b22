"""Reading an agenda: time per part, overlaps and gaps (pure functions, no queries)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from collaboratives.sessions.models import FOUR_PARTS, Part

# A part that gets less than this share of the four parts' time is flagged as "very little".
LOW_SHARE = 0.10


@dataclass(frozen=True)
class PartTime:
    part: str
    label: str
    minutes: int
    warning: str = ""


@dataclass
class AgendaCheck:
    parts: list[PartTime]
    total_minutes: int
    overlaps: list[tuple[Any, Any]] = field(default_factory=list)
    gaps: list[tuple[datetime.datetime, datetime.datetime]] = field(default_factory=list)
    flagged: set[int] = field(default_factory=set)  # ids of blocks in an overlap

    @property
    def warnings(self) -> list[str]:
        return [p.warning for p in self.parts if p.warning]


def check_agenda(blocks: Sequence[Any]) -> AgendaCheck:
    """Minutes per part (a warning when one of the four parts has none or very little), blocks
    that overlap, and gaps between consecutive blocks."""
    minutes = dict.fromkeys(Part.values, 0)
    for block in blocks:
        minutes[block.part] += block.minutes
    four_total = sum(minutes[p] for p in FOUR_PARTS)
    labels = dict(Part.choices)
    parts = []
    for part in Part.values:
        warning = ""
        if part in FOUR_PARTS:
            if minutes[part] == 0:
                warning = _("%(part)s has no time.") % {"part": labels[part]}
            elif four_total and minutes[part] < LOW_SHARE * four_total:
                warning = _("%(part)s gets very little time (%(n)s min).") % {
                    "part": labels[part],
                    "n": minutes[part],
                }
        parts.append(PartTime(part, labels[part], minutes[part], warning))
    check = AgendaCheck(parts=parts, total_minutes=sum(minutes.values()))
    ordered = sorted(blocks, key=lambda b: (b.start, b.end))
    latest = None
    for block in ordered:
        if latest is not None:
            if block.start < latest.end:
                check.overlaps.append((latest, block))
                check.flagged |= {latest.pk, block.pk}
            elif block.start > latest.end and block.start.date() == latest.end.date():
                check.gaps.append((latest.end, block.start))
        if latest is None or block.end > latest.end:
            latest = block
    return check
