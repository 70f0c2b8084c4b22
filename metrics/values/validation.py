"""The one set of rules a monthly value must pass, whether it comes from the grid, the API or
a CSV file: each failure names its field, and nothing is stored unless every field passes."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from collaboratives.framework.models import Metric
from collaboratives.membership.dates import local_today
from collaboratives.membership.models import Collaborative

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


NUMBER_FIELDS = ("numerator", "denominator", "value")


MAX_NUMBER = Decimal("9999999999")


def nul_error(text: str) -> str | None:
    """The message for text holding a NUL character (PostgreSQL cannot store one, and no one
    types it: it comes from a broken file or a paste), or None."""
    if "\x00" in text:
        return _("Remove the null character (\\x00) from this text: it cannot be saved.")
    return None


@dataclass(frozen=True)
class CleanEntry:
    month: datetime.date
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None
    note: str
    not_collected: bool
    not_collected_reason: str


def parse_month(raw: Any) -> datetime.date:
    """'2026-03' (or a date) to the month's first day; ValueError on anything else."""
    if isinstance(raw, datetime.date):
        return raw.replace(day=1)
    match = MONTH_PATTERN.match(str(raw or "").strip())
    if not match:
        raise ValueError(raw)
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise ValueError(raw)
    return datetime.date(year, month, 1)


def collaborative_today(collaborative: Collaborative) -> datetime.date:
    return local_today(collaborative)


def first_month(collaborative: Collaborative) -> datetime.date:
    """The earliest month a value may be entered for: the start, or earlier for baseline."""
    from metrics.values.models import MetricsSettings

    row = MetricsSettings.objects.filter(collaborative=collaborative).first()
    if row is None:
        return collaborative.start_date.replace(day=1)
    row.collaborative = collaborative  # the one in hand, not read again
    return row.first_month()


def collaborative_months(
    collaborative: Collaborative, until: datetime.date | None = None
) -> list[datetime.date]:
    """Every month values may exist for, up to `until` (default: this month), oldest first."""
    last = min(
        collaborative.end_date.replace(day=1),
        (until or collaborative_today(collaborative)).replace(day=1),
    )
    months = []
    month = first_month(collaborative)
    while month <= last:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def _number(raw: Any, field: str, errors: dict[str, list[str]]) -> Decimal | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        errors.setdefault(field, []).append(_("Enter a number."))
        return None
    try:
        number = Decimal(str(raw).strip().replace(",", ""))
    except InvalidOperation:
        errors.setdefault(field, []).append(
            _("“%(text)s” is not a number.") % {"text": str(raw)[:40]}
        )
        return None
    if not number.is_finite():
        errors.setdefault(field, []).append(_("Enter a number."))
        return None
    if abs(number) > MAX_NUMBER:
        errors.setdefault(field, []).append(_("This number is too large."))
        return None
    return number


def _flag(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    return str(raw or "").strip().lower() in ("1", "true", "yes", "on", "y")


def clean_entry(
    *,
    collaborative: Collaborative,
    metric: Metric | None,
    data: dict[str, Any],
    today: datetime.date | None = None,
    first: datetime.date | None = None,
) -> CleanEntry:
    """Check one month's entry for `metric`; raise ValidationError with field errors."""
    errors: dict[str, list[str]] = {}
    first = first or first_month(collaborative)
    if metric is None or metric.collaborative_id != collaborative.pk:
        errors["metric"] = [_("This metric is not part of this collaborative.")]
    month = None
    try:
        month = parse_month(data.get("month"))
    except ValueError:
        errors["month"] = [_("Enter the month as YYYY-MM, e.g. 2026-03.")]
    if month is not None:
        today = today or collaborative_today(collaborative)
        if month > today.replace(day=1):
            errors["month"] = [_("This month is in the future.")]
        elif not (first <= month <= collaborative.end_date.replace(day=1)):
            errors["month"] = [
                _("This month is outside the collaborative's dates (%(start)s to %(end)s).")
                % {
                    "start": first.strftime("%Y-%m"),
                    "end": collaborative.end_date.strftime("%Y-%m"),
                }
            ]
    numbers = {field: _number(data.get(field), field, errors) for field in NUMBER_FIELDS}
    note = str(data.get("note") or "").strip()
    not_collected = _flag(data.get("not_collected"))
    reason = str(data.get("not_collected_reason") or "").strip()
    if len(note) > 2000:
        errors["note"] = [_("Keep the note under 2000 characters.")]
    if len(reason) > 300:
        errors["not_collected_reason"] = [_("Keep the reason under 300 characters.")]
    for field, text in (("note", note), ("not_collected_reason", reason)):
        message = nul_error(text)
        if message:
            errors[field] = [message]

    if not_collected:
        if not reason:
            errors["not_collected_reason"] = [_("Say why this month was not collected.")]
        numbers = dict.fromkeys(NUMBER_FIELDS)
    elif metric is not None and "metric" not in errors:
        _check_numbers(metric, numbers, errors)
    if errors:
        raise ValidationError(errors)
    assert month is not None
    return CleanEntry(
        month=month,
        numerator=numbers["numerator"],
        denominator=numbers["denominator"],
        value=numbers["value"],
        note=note,
        not_collected=not_collected,
        not_collected_reason=reason if not_collected else "",
    )


def _check_numbers(
    metric: Metric, numbers: dict[str, Decimal | None], errors: dict[str, list[str]]
) -> None:
    kind = metric.metric_type
    if any(field in errors for field in NUMBER_FIELDS):
        return
    if kind in (Metric.MetricType.PROPORTION, Metric.MetricType.RATE):
        numbers["value"] = None
        numerator, denominator = numbers["numerator"], numbers["denominator"]
        if numerator is None:
            errors["numerator"] = [_("Enter the numerator.")]
        elif numerator < 0:
            errors["numerator"] = [_("The numerator cannot be negative.")]
        if denominator is None:
            errors["denominator"] = [_("Enter the denominator.")]
        elif denominator < 0:
            errors["denominator"] = [_("The denominator cannot be negative.")]
        elif denominator == 0:
            errors["denominator"] = [_("The denominator cannot be 0.")]
        if (
            kind == Metric.MetricType.PROPORTION
            and numerator is not None
            and denominator
            and numerator > denominator
        ):
            errors["numerator"] = [
                _("The numerator (%(n)s) cannot be larger than the denominator (%(d)s).")
                % {"n": _plain(numerator), "d": _plain(denominator)}
            ]
        return
    numbers["numerator"] = numbers["denominator"] = None
    value = numbers["value"]
    if value is None:
        errors["value"] = [_("Enter a value.")]
    elif kind == Metric.MetricType.COUNT:
        if value < 0:
            errors["value"] = [_("A count cannot be negative.")]
        elif value != value.to_integral_value():
            errors["value"] = [_("A count is a whole number.")]


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")
