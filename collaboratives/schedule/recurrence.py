from __future__ import annotations

import datetime
import zoneinfo
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from collaboratives.schedule.models import (
    CallSeries,
    Event,
)

if TYPE_CHECKING:
    pass
from dateutil.rrule import rrulestr

if TYPE_CHECKING:
    pass


def series_occurrences(collaborative: Any, data: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """The series' occurrences, or ValidationError on the field at fault."""
    until = data.get("until") or collaborative.end_date
    if until < data["first_date"]:
        raise ValidationError({"until": _("The last date must be on or after the first date.")})
    try:
        found = occurrences(
            rule=data["rule"],
            first_date=data["first_date"],
            until=until,
            start_time=data["start_time"],
            end_time=data["end_time"],
            tz_name=collaborative.timezone,
        )
    except RecurrenceError as error:
        field = "end_time" if data["end_time"] <= data["start_time"] else "rule"
        raise ValidationError({field: str(error)}) from error
    gap = shortest_gap([start for _key, start, _end in found])
    reminder = datetime.timedelta(days=data.get("reminder_days") or 0)
    if gap is not None and reminder >= gap:
        raise ValidationError(
            {
                "reminder_days": _(
                    "A reminder %(days)s days ahead is longer than the %(gap)s days between "
                    "calls: the reminder would come before the previous call."
                )
                % {"days": data["reminder_days"], "gap": gap.days}
            }
        )
    return found


def _occurrence_event(series: CallSeries, key: str, start: Any, end: Any) -> Event:
    event = Event(
        collaborative=series.collaborative,
        series=series,
        series_key=key,
        start=start,
        end=end,
        **{name: getattr(series, name) for name in SERIES_TO_EVENT},
    )
    return event


MAX_OCCURRENCES = 400


class RecurrenceError(ValueError):
    """The rule is invalid or generates nothing; the message is shown to the person."""


def parse_rule(rule: str, dtstart: datetime.datetime) -> Any:
    """The dateutil rule for an RFC 5545 RRULE text, or RecurrenceError saying what is wrong."""
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    if not text or "FREQ=" not in text.upper():
        raise RecurrenceError(_("A recurrence rule needs FREQ, e.g. FREQ=MONTHLY;BYDAY=+3FR."))
    try:
        return rrulestr(text, dtstart=dtstart, forceset=False)
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        raise RecurrenceError(
            _("This recurrence rule is not valid: %(error)s") % {"error": error}
        ) from error


def occurrences(
    *,
    rule: str,
    first_date: datetime.date,
    until: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time,
    tz_name: str,
) -> list[tuple[str, datetime.datetime, datetime.datetime]]:
    """(series key, start UTC, end UTC) for each occurrence of an RFC 5545 rule.

    The rule runs on naive local times and each occurrence is then placed in the zone, so a
    call at 11:00 stays at 11:00 local across daylight-saving changes.
    """
    if end_time <= start_time:
        raise RecurrenceError(_("The end time must be after the start time."))
    dtstart = datetime.datetime.combine(first_date, start_time)
    recurrence = parse_rule(rule, dtstart)
    tz = zoneinfo.ZoneInfo(tz_name)
    stop = datetime.datetime.combine(until, datetime.time.max)
    duration = datetime.datetime.combine(first_date, end_time) - dtstart
    result = []
    try:
        for local in recurrence.xafter(dtstart, count=MAX_OCCURRENCES + 1, inc=True):
            if local > stop:
                break
            if len(result) >= MAX_OCCURRENCES:
                raise RecurrenceError(
                    _(
                        "This rule makes more than %(n)s calls; choose a later first date or an "
                        "end date."
                    )
                    % {"n": MAX_OCCURRENCES}
                )
            start = local.replace(tzinfo=tz)
            # An occurrence is known by its local day, so changing the series' time keeps it.
            key = local.strftime("%Y-%m-%d")
            if result and result[-1][0].startswith(key):
                key = f"{key}#{local:%H%M}"
            result.append(
                (
                    key,
                    start.astimezone(datetime.UTC),
                    (local + duration).replace(tzinfo=tz).astimezone(datetime.UTC),
                )
            )
    except TypeError as error:  # e.g. an UNTIL with a time zone against a naive start
        raise RecurrenceError(
            _("This recurrence rule is not valid: %(error)s") % {"error": error}
        ) from error
    if not result:
        raise RecurrenceError(
            _("This rule generates no call between %(first)s and %(until)s.")
            % {"first": first_date.isoformat(), "until": until.isoformat()}
        )
    return result


def shortest_gap(starts: list[datetime.datetime]) -> datetime.timedelta | None:
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    return min(gaps) if gaps else None


# What a series passes on to each occurrence.
SERIES_TO_EVENT = [
    "kind",
    "title",
    "location",
    "video_url",
    "audience",
    "audience_center_role",
    "audience_center",
    "agenda",
    "discussion_questions",
    "reminder_days",
]
