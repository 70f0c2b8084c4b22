"""CSV import of monthly values: a template to download, then all rows stored or none, with
each failing row's errors listed. Importing the same file again changes nothing."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from bsc.exports import csv_writer
from bsc.tenancy import Access
from centers.teams.models import Center
from collaboratives.framework.models import Metric
from metrics.values.services import Entry, EntryErrors, metric_values_submit

COLUMNS = [
    "metric",
    "month",
    "numerator",
    "denominator",
    "value",
    "note",
    "not_collected",
    "not_collected_reason",
]


MAX_ROWS = 5000


@dataclass
class ImportOutcome:
    total: int = 0
    changed: int = 0
    errors: list[tuple[int, list[str]]] = field(default_factory=list)


def template(metrics: Sequence[Metric], month: datetime.date | None) -> str:
    """A CSV with the header and one example row per metric for `month`."""
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(COLUMNS)
    label = month.strftime("%Y-%m") if month else ""
    for metric in metrics:
        ratio = metric.metric_type in (Metric.MetricType.PROPORTION, Metric.MetricType.RATE)
        writer.writerow([metric.slug, label, "", "", "" if ratio else "", "", "no", ""])
    return out.getvalue()


def _read(upload: Any) -> tuple[list[dict[str, str]], list[tuple[int, list[str]]]]:
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [(0, [_("The file is not UTF-8 text. Save it as “CSV UTF-8” and retry.")])]
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in ("metric", "month") if name not in header]
    if missing:
        return [], [
            (
                1,
                [
                    _("The header must name these columns: %(columns)s.")
                    % {"columns": ", ".join(COLUMNS)}
                ],
            )
        ]
    reader.fieldnames = header
    rows = []
    for row in reader:
        if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
            continue
        rows.append({key: (value or "") for key, value in row.items() if key})
        if len(rows) > MAX_ROWS:
            return [], [(0, [_("Import at most %(n)s rows at a time.") % {"n": MAX_ROWS}])]
    if not rows:
        return [], [(0, [_("The file has no rows to import.")])]
    return rows, []


def import_file(*, access: Access, center: Center, upload: Any) -> ImportOutcome:
    """Read and store the file's rows for `center`; on any error store nothing."""
    rows, errors = _read(upload)
    outcome = ImportOutcome(total=len(rows), errors=errors)
    if errors:
        return outcome
    metrics = {m.slug: m for m in Metric.objects.filter(collaborative=access.collaborative)}
    entries = [Entry(metrics.get(row.get("metric", "").strip()), row) for row in rows]
    try:
        results = metric_values_submit(access=access, center=center, entries=entries, source="csv")
    except EntryErrors as failure:
        for number, field_errors in failure.rows:
            messages = [
                f"{name}: {message}" if name != "__all__" else message
                for name, field_messages in field_errors.items()
                for message in field_messages
            ]
            # Row 1 is the header, so the first data row is line 2 of the file.
            outcome.errors.append((number + 1, messages))
        return outcome
    outcome.changed = sum(1 for _row, changed in results if changed)
    return outcome
