"""One style per kind of value, in each language; relative days in words."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from bsc import formatting

DAY = datetime.date(2026, 3, 3)
MOMENT = datetime.datetime(2026, 3, 3, 16, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            {
                "day": "Mar 3, 2026",
                "moment": "Tue, Mar 3, 2026, 11:00 AM",
                "month": "March 2026",
                "month_short": "Mar 2026",
                "clock": "11:00 AM",
            },
        ),
        (
            "es",
            {
                "day": "3 de marzo de 2026",
                "moment": "martes 3 de marzo de 2026, 11:00",
                "month": "marzo de 2026",
                "month_short": "Mar 2026",
                "clock": "11:00",
            },
        ),
    ],
)
def test_each_language_has_one_style_per_kind(language, expected):
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo("America/New_York")):
        got = {
            "day": formatting.day(DAY),
            "moment": formatting.moment(MOMENT),
            "month": formatting.month(DAY),
            "month_short": formatting.month_short(DAY),
            "clock": formatting.clock(MOMENT),
        }
        rendered = Template(
            "{{ d|day }}|{{ m|moment }}|{{ d|month }}|{{ d|month_short }}|{{ m|clock }}"
        ).render(Context({"d": DAY, "m": MOMENT}))
    assert got == expected
    assert rendered == "|".join(expected[k] for k in got)


@pytest.mark.parametrize(
    ("offset", "en", "es"),
    [
        (0, "today", "hoy"),
        (1, "tomorrow", "mañana"),
        (-1, "yesterday", "ayer"),
        (3, "in 3 days", "dentro de 3 días"),
        (-12, "12 days ago", "hace 12 días"),
    ],
)
def test_relative_days_read_as_words(offset, en, es):
    today = datetime.date(2026, 3, 3)
    target = today + datetime.timedelta(days=offset)
    with translation.override("en"):
        assert formatting.relative(target, today) == en
    with translation.override("es"):
        assert formatting.relative(target, today) == es


def test_empty_values_show_nothing():
    assert formatting.day(None) == formatting.moment("") == formatting.relative(None) == ""


def test_numbers_keep_the_decimal_point_in_spanish():
    with translation.override("es"):
        assert Template("{{ v|floatformat:1 }}").render(Context({"v": 1234.5})) == "1234.5"
