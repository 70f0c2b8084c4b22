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


class _Echo:
    """A file-like object whose `write` hands back what it was given."""

    def write(self, value: str) -> str:
        return value


class SafeWriter:
    """A `csv.writer` whose every cell goes through `csv_safe`."""

    def __init__(self, stream: Any, **kwargs: Any) -> None:
        self._stream = stream
        self._writer = csv.writer(stream, **kwargs)
        # The same dialect formats the checked cells of a row whose codes follow (the line's
        # end cut off), so the codes are joined as they are rather than parsed by the writer.
        self._cells = csv.writer(_Echo(), **kwargs)
        self._terminator = self._writer.dialect.lineterminator
        self._plain_codes = (
            self._writer.dialect.quoting == csv.QUOTE_MINIMAL
            and self._writer.dialect.delimiter == ","
        )

    def writerow(self, row: Iterable[Any], codes: list[str] | None = None) -> Any:
        """Write `row`, each cell made safe, then `codes` as they are: the exporter's own
        fixed values (such as "attended"), never text a person typed, so a long row of
        them is not checked cell by cell. They hold no delimiter, quote or line break, so
        they need no quoting and are joined straight onto the line."""
        # csv_safe, inlined: a call per cell costs more than the check on a long export.
        safe = [
            "'" + cell if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell
            for cell in row
        ]
        if not codes:
            return self._writer.writerow(safe)
        if not self._plain_codes:
            return self._writer.writerow(safe + codes)
        joined = ",".join(codes)
        if not safe:
            return self._stream.write(joined + self._terminator)
        # A lone empty cell is written as "" only when it is the whole row.
        line = "" if safe in ([""], [None]) else self._cells.writerow(safe)
        cells = line[: len(line) - len(self._terminator)]
        return self._stream.write(f"{cells},{joined}{self._terminator}")

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(stream: Any, **kwargs: Any) -> SafeWriter:
    """The writer every export uses."""
    return SafeWriter(stream, **kwargs)
