"""The month page's cycles-per-driver table: counted and sliced by the database, cached.

A month of a large collaborative starts thousands of cycles. The page shows how many each
driver's lists hold, exactly, and a slice of each list (the first few, or a page of one
driver's); the database counts and numbers the lists, so only the slices are read back, and
the result is kept until a cycle, a ramp or a ramp's drivers change.
"""

from __future__ import annotations

import datetime
import functools
import operator
import uuid
from dataclasses import dataclass, field
from typing import Literal

from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    Count,
    Expression,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    RowRange,
    Sum,
    Window,
)
from django.db.models.functions import Cast

from collaboratives.membership.models import Collaborative
from metrics.charts.cache import cache_stamp, cached
from metrics.synthesis.month import month_bounds
from metrics.values.models import add_months
from pdsa.cycles.models import Cycle, Ramp

ALL_DRIVERS: Literal["all"] = "all"
LISTS = ("started", "adopted", "abandoned")


def month_stamp(collaborative: Collaborative) -> str:
    """What the month's signals and table are computed from, in one query: the charts' stamp
    (values, charts, cycles, ...) and the ramps with the drivers they name."""
    ramps = Ramp.objects.filter(center__collaborative=collaborative)
    links = Ramp.secondary_drivers.through.objects.filter(ramp__center__collaborative=collaborative)
    stamp = cache_stamp(
        collaborative,
        ramps_n=(ramps, "COUNT", "id"),
        ramps_last=(ramps, "MAX", "updated_at"),
        # Ids only grow: a link removed and another added still changes the largest.
        ramp_drivers_n=(links, "COUNT", "id"),
        ramp_drivers_last=(links, "MAX", "id"),
    )
    return f"{stamp}|{collaborative.timezone}"


def month_cycles(collaborative: Collaborative, month: datetime.date) -> tuple[QuerySet, dict]:
    """The cycles in the month's lists and, per list, the condition that puts a cycle in it:
    started in the month (its start date, or its creation when it has none), adopted or
    abandoned in it (its Act saved in the month with that decision)."""
    start, end = month_bounds(collaborative, month)
    acted = Q(act_saved_at__gte=start, act_saved_at__lt=end)
    conditions = {
        "started": Q(start_date__gte=month, start_date__lt=add_months(month, 1))
        | Q(start_date__isnull=True, created_at__gte=start, created_at__lt=end),
        "adopted": acted & Q(decision=Cycle.Decision.ADOPT),
        "abandoned": acted & Q(decision=Cycle.Decision.ABANDON),
    }
    cycles = Cycle.objects.filter(ramp__center__collaborative=collaborative).filter(
        functools.reduce(operator.or_, conditions.values())
    )
    return cycles.order_by(), conditions


@dataclass(frozen=True)
class CycleListed:
    """A cycle as a cell names it; the center by id, its name is read when shown."""

    public_id: uuid.UUID
    number: int
    ramp_title: str
    center_id: int


@dataclass
class DriverCount:
    """One driver's row (driver None: ramps that name no driver): how many cycles each list
    holds and the slice of each list shown."""

    driver_id: int | None
    counts: tuple[int, int, int]
    listed: tuple[list[CycleListed], list[CycleListed], list[CycleListed]] = field(
        default_factory=lambda: ([], [], [])
    )

    @property
    def longest(self) -> int:
        return max(self.counts)


@dataclass
class MonthTable:
    """The table's rows, and how many distinct cycles each list holds across drivers (a cycle
    of a ramp with two drivers is in both rows, and counts once here)."""

    rows: list[DriverCount]
    totals: dict[str, int]


def _counts(
    collaborative: Collaborative, month: datetime.date, driver: int | None | Literal["all"]
) -> list[DriverCount]:
    cycles, conditions = month_cycles(collaborative, month)
    per_driver = cycles.annotate(driver=F("ramp__secondary_drivers"))
    if driver is None:
        per_driver = per_driver.filter(driver__isnull=True)
    elif driver != ALL_DRIVERS:
        per_driver = per_driver.filter(driver=driver)
    rows = per_driver.values("driver").annotate(
        **{f"n_{name}": Count("pk", filter=condition) for name, condition in conditions.items()}
    )
    return [DriverCount(row["driver"], tuple(row[f"n_{name}"] for name in LISTS)) for row in rows]


def _fill(
    collaborative: Collaborative,
    month: datetime.date,
    rows: list[DriverCount],
    first: int,
    size: int,
) -> None:
    """Fill each row's lists with places `first + 1` to `first + size` of each list (ordered by
    center, ramp and number), in one query whatever the number of cycles."""
    if not rows:
        return
    cycles, conditions = month_cycles(collaborative, month)
    # One ordering for the three lists, so the database sorts a driver's cycles once; the
    # ramp's id breaks ties between ramps of one title, so pages neither repeat nor skip.
    order = [
        F("ramp__center__name").asc(),
        F("ramp__title").asc(),
        F("ramp_id").asc(),
        F("number").asc(),
    ]

    def place(flag: str) -> Expression:
        # The running count of the list's cycles up to this one is its place in the list;
        # times the flag, a cycle not in the list gets 0 and is in no slice.
        running = Window(
            Sum(Cast(flag, IntegerField())),
            partition_by=[F("driver")],
            order_by=order,
            frame=RowRange(start=None, end=0),
        )
        return running * Cast(flag, IntegerField())

    wanted = Q(driver__in=[row.driver_id for row in rows if row.driver_id is not None])
    if any(row.driver_id is None for row in rows):
        wanted |= Q(driver__isnull=True)
    listed = (
        cycles.annotate(
            driver=F("ramp__secondary_drivers"),
            **{
                f"in_{name}": ExpressionWrapper(condition, output_field=BooleanField())
                for name, condition in conditions.items()
            },
        )
        .filter(wanted)
        .annotate(**{f"at_{name}": place(f"in_{name}") for name in LISTS})
        .filter(
            functools.reduce(
                operator.or_,
                (Q(**{f"at_{name}__gt": first, f"at_{name}__lte": first + size}) for name in LISTS),
            )
        )
        .values_list(
            "driver",
            "public_id",
            "number",
            "ramp__title",
            "ramp__center_id",
            *(f"at_{name}" for name in LISTS),
        )
    )
    by_driver = {row.driver_id: row for row in rows}
    found: dict[tuple[int | None, int], list[tuple[int, CycleListed]]] = {}
    for driver, public_id, number, ramp_title, center_id, *places in listed:
        cycle = CycleListed(public_id, number, ramp_title, center_id)
        for index, at in enumerate(places):
            if first < at <= first + size:
                found.setdefault((driver, index), []).append((at, cycle))
    for (driver, index), cycles_at in found.items():
        if driver in by_driver:
            by_driver[driver].listed[index].extend(cycle for _at, cycle in sorted(cycles_at))


def cycle_totals(collaborative: Collaborative, month: datetime.date) -> dict[str, int]:
    cycles, conditions = month_cycles(collaborative, month)
    return cycles.aggregate(
        **{name: Count("pk", filter=condition) for name, condition in conditions.items()}
    )


def cycles_page(row: DriverCount, page: str | int | None, size: int) -> Page:
    """The page of a driver's lists asked for (the first when not a page, the last when past
    it): as many pages as its longest list needs."""
    return Paginator(range(row.longest), size).get_page(page)


def month_table(
    collaborative: Collaborative,
    month: datetime.date,
    *,
    stamp: str,
    driver: int | None | Literal["all"] = ALL_DRIVERS,
    listed: int = 5,
    page: str | int | None = None,
) -> MonthTable:
    """Every driver's row with the first `listed` cycles of each list, or one driver's row
    with page `page` of its lists, `listed` a page; cached under `stamp` (`month_stamp`)."""

    def compute() -> MonthTable:
        rows = _counts(collaborative, month, driver)
        first = 0
        if driver != ALL_DRIVERS and rows:
            first = max(cycles_page(rows[0], page, listed).start_index() - 1, 0)
        _fill(collaborative, month, rows, first, listed)
        return MonthTable(rows, cycle_totals(collaborative, month))

    return cached(stamp, "synthesis-month-table", month, driver, listed, page, compute=compute)
