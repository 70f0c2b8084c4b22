"""The dates a collaborative's work may carry: its own years, with a margin either side.

Events, workplan tasks, PDSA cycles and metric months all check their dates here, so a typo
such as 0001-01-01 or 9999-12-31 is refused with a message instead of being stored (where it
later breaks every page that does arithmetic on it)."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import TYPE_CHECKING

from django.utils import formats, timezone
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from collaboratives.membership.models import Collaborative


def local_today(collaborative: Collaborative) -> datetime.date:
    """Today in the collaborative's own time zone: the date its people see on their wall."""
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(collaborative.timezone))


# Work is planned before a collaborative starts and followed up after it ends.
MARGIN_YEARS = 2


def _shift_years(day: datetime.date, years: int) -> datetime.date:
    year = min(max(day.year + years, datetime.MINYEAR), datetime.MAXYEAR)
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=year, day=28)


def allowed_range(collaborative: Collaborative) -> tuple[datetime.date, datetime.date]:
    """The first and last day a date of this collaborative's work may fall on."""
    return (
        _shift_years(collaborative.start_date, -MARGIN_YEARS).replace(month=1, day=1),
        _shift_years(collaborative.end_date, MARGIN_YEARS).replace(month=12, day=31),
    )


def as_date(value: datetime.date | datetime.datetime) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def date_error(
    collaborative: Collaborative, value: datetime.date | datetime.datetime | None
) -> str | None:
    """The message for a date outside the collaborative's range, or None when it fits."""
    if value is None:
        return None
    first, last = allowed_range(collaborative)
    if first <= as_date(value) <= last:
        return None
    return date_error_message(first, last)


def date_error_message(first: datetime.date, last: datetime.date) -> str:
    return _("Choose a date between %(first)s and %(last)s (the collaborative's years).") % {
        "first": formats.date_format(first, "DATE_FORMAT"),
        "last": formats.date_format(last, "DATE_FORMAT"),
    }


def check_dates(
    collaborative: Collaborative,
    values: dict[str, datetime.date | datetime.datetime | None],
    errors: dict[str, str],
) -> None:
    """Add a field error for each named date outside the collaborative's range."""
    for field, value in values.items():
        message = date_error(collaborative, value)
        if message and field not in errors:
            errors[field] = message
