"""A stamp reads each part's function over its queryset in one query."""

import datetime

from django.db import connection
from django.db.models import Count, Max, Min
from django.test.utils import CaptureQueriesContext
from django.utils.dateparse import parse_datetime

from bsc.stamps import summary_row
from centers.teams.models import Center
from pdsa.cycles.models import Cycle


def _as_datetime(value: datetime.datetime | str) -> datetime.datetime:
    # SQLite returns a raw query's dates as text; a stamp only needs them to change.
    if isinstance(value, str):
        return parse_datetime(value).replace(tzinfo=datetime.UTC)
    return value


def test_each_part_is_its_function_over_its_queryset_in_one_query(demo):
    cycles = Cycle.objects.filter(ramp__center__collaborative=demo)
    centers = Center.objects.filter(collaborative=demo)
    with CaptureQueriesContext(connection) as queries:
        row = summary_row(
            demo,
            cycles_n=(cycles, "COUNT", "id"),
            cycles_last=(cycles, "MAX", "updated_at"),
            first_center=(centers, "MIN", "id"),
            none=(centers.filter(pk__in=[]), "COUNT", "id"),
            no_date=(cycles.filter(pk__in=[]), "MAX", "updated_at"),
        )
    assert len(queries) == 1
    expected = cycles.aggregate(n=Count("id"), last=Max("updated_at"))
    row["cycles_last"] = _as_datetime(row["cycles_last"])
    assert row == {
        "cycles_n": expected["n"],
        "cycles_last": expected["last"],
        "first_center": centers.aggregate(first=Min("id"))["first"],
        "none": 0,
        "no_date": None,
    }
    assert row["cycles_n"] > 0


def test_a_new_row_changes_the_stamp(demo, first_center):
    ramps = first_center.ramps.all()
    before = summary_row(demo, n=(ramps, "COUNT", "id"), last=(ramps, "MAX", "id"))
    first_center.ramps.create(title="New idea")
    after = summary_row(demo, n=(ramps, "COUNT", "id"), last=(ramps, "MAX", "id"))
    assert after["n"] == before["n"] + 1
    assert after["last"] > (before["last"] or 0)


def test_parts_over_one_queryset_each_get_their_own_function(demo):
    cycles = Cycle.objects.filter(ramp__center__collaborative=demo)
    row = summary_row(
        demo,
        first=(cycles, "MIN", "id"),
        n=(cycles, "COUNT", "id"),
        last=(cycles, "MAX", "id"),
        latest=(cycles, "MAX", "updated_at"),
    )
    expected = cycles.aggregate(
        first=Min("id"), n=Count("id"), last=Max("id"), latest=Max("updated_at")
    )
    assert list(row) == ["first", "n", "last", "latest"]
    row["latest"] = _as_datetime(row["latest"])
    assert row == expected
