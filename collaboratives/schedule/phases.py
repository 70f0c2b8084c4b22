"""Where a collaborative is in its timeline, shown on every page.

Phases are derived from the Learning Sessions (Field Guide, Section 4): pre-work until
Learning Session 1, then each session followed by its Action Period, and after the last
session the sustainability Action Period.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from collaboratives.membership.models import Collaborative
from collaboratives.schedule.models import Event

if TYPE_CHECKING:
    from bsc.tenancy import Access


@dataclass(frozen=True)
class Phase:
    key: str  # "pre_work", "ls1", "ap1", …, "sustainability"
    label: str
    start: datetime.date
    end: datetime.date  # inclusive

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


Session = tuple[int, datetime.date, datetime.date]


def learning_sessions(
    collaborative: Collaborative,
) -> list[tuple[int, datetime.date, datetime.date]]:
    """(number, first local day, last local day) of each Learning Session: one query."""
    tz = zoneinfo.ZoneInfo(collaborative.timezone)
    rows = (
        Event.objects.filter(
            collaborative=collaborative, kind=Event.Kind.LEARNING_SESSION, cancelled=False
        )
        .order_by("start")
        .values_list("number", "start", "end")
    )
    sessions = []
    for index, (number, start, end) in enumerate(rows, start=1):
        sessions.append((number or index, start.astimezone(tz).date(), end.astimezone(tz).date()))
    return sessions


def phases_from(collaborative: Collaborative, sessions: Iterable[Session]) -> list[Phase]:
    """The collaborative's phases from its Learning Sessions (no query)."""
    sessions = sorted(sessions, key=lambda s: s[1])
    day = datetime.timedelta(days=1)
    phases: list[Phase] = []
    cursor = collaborative.start_date
    last = len(sessions) - 1
    for position, (number, first, final) in enumerate(sessions):
        if position == 0 and first > cursor:
            phases.append(Phase("pre_work", _("Pre-work"), cursor, first - day))
        phases.append(
            Phase(
                f"ls{number}",
                _("Learning Session %(n)s") % {"n": number},
                first,
                final,
            )
        )
        if position < last:
            phases.append(
                Phase(
                    f"ap{number}",
                    _("Action Period %(n)s") % {"n": number},
                    final + day,
                    sessions[position + 1][1] - day,
                )
            )
        else:
            phases.append(
                Phase(
                    "sustainability",
                    _("Sustainability Action Period"),
                    final + day,
                    max(collaborative.end_date, final + day),
                )
            )
    return phases


def collaborative_phases(collaborative: Collaborative) -> list[Phase]:
    return phases_from(collaborative, learning_sessions(collaborative))


def request_phases(access: Access) -> list[Phase]:
    """`collaborative_phases` of the access's collaborative, read once per request: the layout's
    phase label and a page's own parts (e.g. the board's themes) share one query."""
    return access.once("collaborative_phases", lambda: collaborative_phases(access.collaborative))


def phase_on(phases: list[Phase], day: datetime.date) -> Phase | None:
    for phase in phases:
        if phase.contains(day):
            return phase
    return None


def _month_label(collaborative: Collaborative, today: datetime.date) -> str:
    months_total = (
        (collaborative.end_date.year - collaborative.start_date.year) * 12
        + collaborative.end_date.month
        - collaborative.start_date.month
        + 1
    )
    month = (
        (today.year - collaborative.start_date.year) * 12
        + today.month
        - collaborative.start_date.month
        + 1
    )
    return _("Month %(month)s of %(total)s") % {"month": month, "total": months_total}


def current_phase_label(
    collaborative: Collaborative,
    today: datetime.date | None = None,
    phases: Callable[[], list[Phase]] | None = None,
) -> str:
    """A short label such as "Action Period 2, week 5", from the Learning Sessions (one query).

    `phases`, when given, returns the collaborative's phases (e.g. read once for the request);
    it is called only when the label needs them."""
    today = today or timezone.localdate(timezone=zoneinfo.ZoneInfo(collaborative.timezone))
    if today < collaborative.start_date:
        return _("Starts %(date)s") % {"date": collaborative.start_date.isoformat()}
    if today > collaborative.end_date:
        return _("Completed")
    phase = phase_on(phases() if phases else collaborative_phases(collaborative), today)
    if phase is None:
        return _month_label(collaborative, today)
    if phase.key.startswith("ls"):
        if phase.end > phase.start:
            return _("%(phase)s, day %(day)s") % {
                "phase": phase.label,
                "day": (today - phase.start).days + 1,
            }
        return phase.label
    return _("%(phase)s, week %(week)s") % {
        "phase": phase.label,
        "week": (today - phase.start).days // 7 + 1,
    }
