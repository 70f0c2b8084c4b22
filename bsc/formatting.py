"""Dates, times and months as people read them, in the active language: one style each.

`day` for a date, `moment` for a date and time (in the active time zone), `month` for a month
in words, `month_short` for a month in a table heading, `clock` for a time of day and
`relative` for "in 3 days" / "en 3 días". The styles live in bsc/formats/<language>/.
Templates use the filters of the same names (bsc.templatetags.dates, loaded everywhere).
"""

from __future__ import annotations

import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

Dateish = datetime.date | datetime.datetime | None


def _local(value: Dateish) -> Dateish:
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _format(value: Dateish, name: str) -> str:
    if value in (None, ""):
        return ""
    return formats.date_format(_local(value), formats.get_format(name))


def day(value: Dateish) -> str:
    """Mar 3, 2026 / 3 de marzo de 2026."""
    return _format(value, "DATE_FORMAT")


def moment(value: Dateish) -> str:
    """Tue, Mar 3, 2026, 11:00 AM / martes 3 de marzo de 2026, 11:00."""
    return _format(value, "DATETIME_FORMAT")


def month(value: Dateish) -> str:
    """March 2026 / marzo de 2026."""
    return _format(value, "YEAR_MONTH_FORMAT")


def month_short(value: Dateish) -> str:
    """Mar 2026 / Mar 2026."""
    return _format(value, "SHORT_MONTH_FORMAT")


def month_day(value: Dateish) -> str:
    """Mar 3 / 3 de marzo."""
    return _format(value, "MONTH_DAY_FORMAT")


def clock(value: datetime.time | datetime.datetime | None) -> str:
    """11:00 AM / 11:00."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime):
        value = _local(value)
    return formats.time_format(value, formats.get_format("TIME_FORMAT"))


def relative(value: Dateish, today: datetime.date | None = None) -> str:
    """How far a day is from today, in days: today, tomorrow, in 3 days, 2 days ago."""
    if value in (None, ""):
        return ""
    value = _local(value)
    target = value.date() if isinstance(value, datetime.datetime) else value
    today = today or timezone.localdate()
    days = (target - today).days
    if days == 0:
        return _("today")
    if days == 1:
        return _("tomorrow")
    if days == -1:
        return _("yesterday")
    if days > 0:
        return ngettext("in %(count)d day", "in %(count)d days", days) % {"count": days}
    return ngettext("%(count)d day ago", "%(count)d days ago", -days) % {"count": -days}
