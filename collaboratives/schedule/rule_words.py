"""A call series' recurrence in words: the choices people make, the RFC 5545 rule they compose,
and the rule read back as a sentence ("Every month on the third Friday, until Jun 30, 2027").

Only the shapes a standing call takes are put in words (weekly, every two weeks, monthly on the
nth or last weekday, ending on a date or after a number of calls); any other rule is shown as it
is written.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from bsc import formatting

WEEKLY, FORTNIGHTLY, MONTHLY = "weekly", "fortnightly", "monthly"
FREQUENCY_CHOICES = [
    (WEEKLY, gettext_lazy("Every week")),
    (FORTNIGHTLY, gettext_lazy("Every two weeks")),
    (MONTHLY, gettext_lazy("Every month")),
]
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
WEEKDAY_CHOICES = [
    ("MO", gettext_lazy("Monday")),
    ("TU", gettext_lazy("Tuesday")),
    ("WE", gettext_lazy("Wednesday")),
    ("TH", gettext_lazy("Thursday")),
    ("FR", gettext_lazy("Friday")),
    ("SA", gettext_lazy("Saturday")),
    ("SU", gettext_lazy("Sunday")),
]
WHICH_CHOICES = [
    ("1", gettext_lazy("first")),
    ("2", gettext_lazy("second")),
    ("3", gettext_lazy("third")),
    ("4", gettext_lazy("fourth")),
    ("-1", gettext_lazy("last")),
]
NEVER, UNTIL, COUNT = "never", "until", "count"
ENDS_CHOICES = [
    (NEVER, gettext_lazy("When the collaborative ends")),
    (UNTIL, gettext_lazy("On a date")),
    (COUNT, gettext_lazy("After a number of calls")),
]


@dataclass(frozen=True)
class Words:
    frequency: str
    weekday: str
    which: str = ""  # monthly only: "1".."4" or "-1"
    count: int | None = None  # ends after this many calls


def compose(words: Words) -> str:
    """The RRULE for the choices in words."""
    if words.frequency == MONTHLY:
        which = int(words.which)
        parts = ["FREQ=MONTHLY", f"BYDAY={'+' if which > 0 else ''}{which}{words.weekday}"]
    else:
        parts = ["FREQ=WEEKLY"]
        if words.frequency == FORTNIGHTLY:
            parts.append("INTERVAL=2")
        parts.append(f"BYDAY={words.weekday}")
    if words.count:
        parts.append(f"COUNT={words.count}")
    return ";".join(parts)


def parse(rule: str) -> Words | None:
    """The choices in words that compose this rule, or None when words cannot say it."""
    text = (rule or "").strip().upper()
    if text.startswith("RRULE:"):
        text = text[6:]
    try:
        parts = dict(part.split("=", 1) for part in text.split(";") if part)
    except ValueError:
        return None
    freq, byday = parts.pop("FREQ", ""), parts.pop("BYDAY", "")
    interval, count = parts.pop("INTERVAL", "1"), parts.pop("COUNT", None)
    if parts or not byday:
        return None
    if count is not None and (not count.isdigit() or int(count) < 1):
        return None
    number = int(count) if count else None
    if freq == "WEEKLY" and byday in DAYS and interval in ("1", "2"):
        frequency = WEEKLY if interval == "1" else FORTNIGHTLY
        return Words(frequency, byday, count=number)
    if freq == "MONTHLY" and interval == "1" and byday[-2:] in DAYS:
        which = byday[:-2].lstrip("+")
        if which in ("1", "2", "3", "4", "-1"):
            return Words(MONTHLY, byday[-2:], which, number)
    return None


def _label(choices: list, value: str) -> str:
    return str(dict(choices)[value])


def sentence(rule: str, until: datetime.date | None, collaborative_end: datetime.date) -> str:
    """The rule read back in the active language, with when it ends."""
    words = parse(rule)
    if words is None:
        head = _("Repeats by the rule %(rule)s") % {"rule": rule.strip()}
    else:
        weekday = _label(WEEKDAY_CHOICES, words.weekday)
        if words.frequency == WEEKLY:
            head = _("Every week on %(weekday)s") % {"weekday": weekday}
        elif words.frequency == FORTNIGHTLY:
            head = _("Every two weeks on %(weekday)s") % {"weekday": weekday}
        else:
            head = _("Every month on the %(which)s %(weekday)s") % {
                "which": _label(WHICH_CHOICES, words.which),
                "weekday": weekday,
            }
    if words is not None and words.count:
        tail = ngettext("%(n)s call in all", "%(n)s calls in all", words.count) % {"n": words.count}
        if until:
            tail = _("%(calls)s, at the latest %(date)s") % {
                "calls": tail,
                "date": formatting.day(until),
            }
    elif until:
        tail = _("until %(date)s") % {"date": formatting.day(until)}
    else:
        tail = _("until the collaborative ends on %(date)s") % {
            "date": formatting.day(collaborative_end)
        }
    return _("%(repeat)s, %(ends)s") % {"repeat": head, "ends": tail}
