"""CSV files people open in a spreadsheet: no cell may run as a formula."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

# A spreadsheet treats a cell starting with one of these as a formula (or DDE command);
# tab and carriage return can hide such a start from a casual look.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """`value` with a leading apostrophe if, as text, it would start a formula.

    Numbers stay numbers: a negative number is data, not a formula.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """A `csv.writer` whose every cell goes through `csv_safe`."""

    def __init__(self, stream: Any, **kwargs: Any) -> None:
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row: Iterable[Any], codes: list[str] | None = None) -> Any:
        """Write `row`, each cell made safe, then `codes` as they are: the exporter's own
        fixed values (such as "attended"), never text a person typed, so a long row of
        them is not checked cell by cell."""
        return self._writer.writerow([csv_safe(cell) for cell in row] + (codes or []))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(stream: Any, **kwargs: Any) -> SafeWriter:
    """The writer every export uses."""
    return SafeWriter(stream, **kwargs)
