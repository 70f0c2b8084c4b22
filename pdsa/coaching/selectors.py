from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from pdsa.coaching.models import FacultyAssignment

if TYPE_CHECKING:
    from bsc.tenancy import Access
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass


def current_period(access: Access) -> int | None:
    return (
        FacultyAssignment.objects.filter(collaborative=access.collaborative)
        .order_by("-period")
        .values_list("period", flat=True)
        .first()
    )


@dataclass
class RotationRow:
    center: Any
    cells: list[Any]  # per period: (assignment or None, repeats: bool)


def rotation(access: Access, centers: list[Any]) -> tuple[list[int], list[RotationRow], int]:
    """Which faculty coached which center in each Action Period, with repeats flagged."""
    assignments = list(
        FacultyAssignment.objects.filter(collaborative=access.collaborative).select_related(
            "faculty"
        )
    )
    periods = sorted({a.period for a in assignments})
    by_key = {(a.center_id, a.period): a for a in assignments}
    rows = []
    repeats = 0
    for center in centers:
        cells = []
        for period in periods:
            assignment = by_key.get((center.pk, period))
            previous = by_key.get((center.pk, period - 1))
            repeat = bool(assignment and previous and previous.faculty_id == assignment.faculty_id)
            repeats += int(repeat)
            cells.append((assignment, repeat))
        rows.append(RotationRow(center=center, cells=cells))
    return periods, rows, repeats


def coaches_of(center_id: int, collaborative_id: int) -> QuerySet[FacultyAssignment]:
    """The assignments of the center in the latest Action Period that has any."""
    latest = (
        FacultyAssignment.objects.filter(collaborative_id=collaborative_id)
        .order_by("-period")
        .values_list("period", flat=True)
        .first()
    )
    return FacultyAssignment.objects.filter(
        collaborative_id=collaborative_id, period=latest, center_id=center_id
    ).select_related("faculty")
