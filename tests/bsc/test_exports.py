"""Every CSV export neutralises cells a spreadsheet would run as a formula."""

import csv
import io

import pytest
from django.urls import reverse

from bsc.exports import csv_safe, csv_writer


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("https://evil.example")', '\'=HYPERLINK("https://evil.example")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Sunrise", "Sunrise"),
        (-3, -3),
        ("", ""),
    ],
)
def test_csv_safe(cell, written):
    assert csv_safe(cell) == written


def test_writer_neutralises_every_cell():
    out = io.StringIO()
    csv_writer(out).writerow(["=1+1", "plain", -4])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["'=1+1", "plain", "-4"]


@pytest.mark.django_db
def test_self_assessment_export_neutralises_a_center_name(it_client, demo, first_center):
    first_center.name = '=HYPERLINK("https://evil.example","Sunrise")'
    first_center.save(update_fields=["name"])

    response = it_client.get(reverse("centers:export", args=[demo.slug, 1]))

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    names = {row[0] for row in rows[1:]}
    assert "'" + first_center.name in names
    assert first_center.name not in names


def test_the_exporters_own_codes_follow_the_checked_cells():
    out = io.StringIO()
    csv_writer(out).writerow(["=1+1", 3], codes=["attended", "", "missed"])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["'=1+1", "3", "attended", "", "missed"]


def test_codes_joined_onto_a_row_read_back_as_the_writer_would_write_them():
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(['a, "b"', "line\nbreak", None, 7], codes=["attended", "", "excused"])
    writer.writerow([""], codes=["missed"])
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [
        ['a, "b"', "line\nbreak", "", "7", "attended", "", "excused"],
        ["", "missed"],
    ]
