"""Disproportionality and small-number suppression for subgroup counts.

Pure Python (standard library only, no Django), like ``metrics.spc``, so that the laws can be
tested on their own and the same numbers reach pages, PDFs, exports and the API.

Risk ratio: a group's risk (events / children) over the risk of all other children, with the
95 % interval by the log method of Katz et al. (1978): ln RR ± 1.96 · sqrt(1/a − 1/n₁ + 1/c − 1/n₀).
Rate ratio (counts per exposure, where a child may be counted more than once): the same ratio
of rates, with sqrt(1/a + 1/c) (Rothman, *Modern Epidemiology*, ch. 14).

Suppression: a cell (a subgroup's number of children) below the threshold is withheld
(primary suppression). Because the totals are published, more cells are withheld
(complementary suppression) until, in every row and column of the table, the withheld cells
are either none or at least two that hold together at least ``threshold`` children, so that no
withheld cell follows from subtracting the published cells from a total; and, where row and
column totals are both published, until no withheld cell follows from them together.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

Z_95 = 1.959963984540054


@dataclass(frozen=True)
class Ratio:
    """A group's ratio against everyone else; ``low``/``high`` are None when a count is 0."""

    ratio: float | None
    low: float | None
    high: float | None
    events: int
    children: int
    other_events: int
    other_children: int

    @property
    def rate(self) -> float | None:
        return self.events / self.children if self.children else None

    @property
    def other_rate(self) -> float | None:
        return self.other_events / self.other_children if self.other_children else None


def _check(events: int, children: int, name: str) -> None:
    if isinstance(events, bool) or isinstance(children, bool):
        raise TypeError(f"{name}: counts are whole numbers")
    if not isinstance(events, int) or not isinstance(children, int):
        raise TypeError(f"{name}: counts are whole numbers")
    if events < 0 or children < 0:
        raise ValueError(f"{name}: counts cannot be negative")


def risk_ratio(events: int, children: int, other_events: int, other_children: int) -> Ratio:
    """Risk ratio of a group (``events`` of ``children``) against the others, Katz's interval."""
    _check(events, children, "group")
    _check(other_events, other_children, "others")
    if events > children or other_events > other_children:
        raise ValueError("a risk counts each child at most once: events cannot exceed children")
    return _ratio(events, children, other_events, other_children, per_child=True)


def rate_ratio(events: int, exposure: int, other_events: int, other_exposure: int) -> Ratio:
    """Rate ratio of a group (``events`` per ``exposure``) against the others."""
    _check(events, exposure, "group")
    _check(other_events, other_exposure, "others")
    return _ratio(events, exposure, other_events, other_exposure, per_child=False)


def _ratio(a: int, n1: int, c: int, n0: int, *, per_child: bool) -> Ratio:
    ratio = low = high = None
    if n1 and n0 and c:
        ratio = (a / n1) / (c / n0)
        if a:
            variance = 1 / a + 1 / c - ((1 / n1 + 1 / n0) if per_child else 0)
            spread = Z_95 * math.sqrt(max(variance, 0.0))
            low = math.exp(math.log(ratio) - spread)
            high = math.exp(math.log(ratio) + spread)
    return Ratio(ratio, low, high, a, n1, c, n0)


def suppressed_cells(cells: Sequence[int], threshold: int) -> set[int]:
    """Indexes of one line's cells to withhold when the line's total is published."""
    return {column for _row, column in suppressed_table([list(cells)], threshold, columns=False)}


def suppressed_table(
    table: Sequence[Sequence[int]], threshold: int, *, columns: bool = True
) -> set[tuple[int, int]]:
    """(row, column) of every cell to withhold from a table whose row totals (and, with
    ``columns``, column totals) are published.

    Primary: each cell below ``threshold``. Complementary: in each line that has withheld cells,
    withhold the next smallest published cells until the withheld cells are at least two and
    hold at least ``threshold`` together (or the whole line is withheld); repeat over rows and
    columns until nothing changes.
    """
    if threshold < 1:
        raise ValueError("the threshold is at least 1")
    rows = [list(row) for row in table]
    width = len(rows[0]) if rows else 0
    if any(len(row) != width for row in rows):
        raise ValueError("every row has the same number of cells")
    for row in rows:
        for cell in row:
            _check(cell, cell, "cell")
    hidden = {
        (r, c) for r, row in enumerate(rows) for c, cell in enumerate(row) if cell < threshold
    }
    lines: list[list[tuple[int, int]]] = [[(r, c) for c in range(width)] for r in range(len(rows))]
    if columns and len(rows) > 1:
        lines += [[(r, c) for r in range(len(rows))] for c in range(width)]

    def smallest_shown(line: list[tuple[int, int]]) -> list[tuple[int, int]]:
        return sorted(
            (spot for spot in line if spot not in hidden), key=lambda s: (rows[s[0]][s[1]], s)
        )

    while True:
        changed = True
        while changed:
            changed = False
            for line in lines:
                withheld = [spot for spot in line if spot in hidden]
                if not withheld:
                    continue
                shown = smallest_shown(line)
                total = sum(rows[r][c] for r, c in withheld)
                while shown and (len(withheld) < 2 or total < threshold):
                    spot = shown.pop(0)
                    hidden.add(spot)
                    withheld.append(spot)
                    total += rows[spot[0]][spot[1]]
                    changed = True
        if not columns or len(rows) < 2:
            # One published total per line: two withheld cells holding `threshold` together
            # can always trade children, so none of them follows from the total.
            return hidden
        # With row and column totals both published, the line rule is not enough: the
        # totals can pin a withheld cell between bounds that meet. Each cell that follows
        # from them gets one more cell of its row or column withheld, and the rules run again.
        # A row or column whose total is 0 says its cells are 0 whatever is withheld, and
        # the table's margin for a subgroup is itself withheld when it is small.
        row_totals = [sum(row) for row in rows]
        column_totals = [sum(column) for column in zip(*rows, strict=True)]
        exposed = next(
            (
                spot
                for spot in sorted(hidden)
                if row_totals[spot[0]] and column_totals[spot[1]] and _derivable(rows, hidden, spot)
            ),
            None,
        )
        if exposed is None:
            return hidden
        r, c = exposed
        shown = smallest_shown(lines[r]) + smallest_shown(lines[len(rows) + c])
        # With its row and column withheld whole, a cycle needs a cell further away.
        shown = shown or [spot for line in lines[: len(rows)] for spot in smallest_shown(line)]
        if not shown:
            return hidden  # the whole table is withheld; only its totals are published
        hidden.add(min(shown, key=lambda s: (rows[s[0]][s[1]], s)))


def _derivable(rows: list[list[int]], hidden: set[tuple[int, int]], spot: tuple[int, int]) -> bool:
    """Whether the withheld cell `spot` has one value only, given the published cells and the
    row and column totals (children counted as whole, never negative).

    Another table with the same totals differs from this one by cycles of withheld cells,
    alternately gaining and losing a child (a row to column and back); a cycle is possible
    where every losing cell has a child to lose. So `spot` can gain a child if its column
    reaches back to its row along such a cycle, and lose one if it has one and its row
    reaches its column."""
    row, column = spot
    # A withheld cell other than `spot` leads from its row to its column (gaining) and, when
    # it has a child, from its column back to its row (losing).
    gaining: dict[int, list[int]] = {}
    losing: dict[int, list[int]] = {}
    for r, c in hidden:
        if (r, c) != spot:
            gaining.setdefault(r, []).append(c)
            if rows[r][c] > 0:
                losing.setdefault(c, []).append(r)

    def reaches(start: tuple[bool, int], goal: tuple[bool, int]) -> bool:
        # A node is (is_row, index).
        seen, todo = {start}, [start]
        while todo:
            node = todo.pop()
            if node == goal:
                return True
            is_row, index = node
            for other in (gaining if is_row else losing).get(index, ()):
                step = (not is_row, other)
                if step not in seen:
                    seen.add(step)
                    todo.append(step)
        return False

    can_gain = reaches((False, column), (True, row))
    can_lose = rows[row][column] > 0 and reaches((True, row), (False, column))
    return not (can_gain or can_lose)
