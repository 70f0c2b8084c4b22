"""Two people saving the same metric cell from the grid: the second save is refused in place
with both versions and a way to keep either; nothing is overwritten silently."""

import re

import pytest
from django.urls import reverse

from metrics.values.models import MetricValue
from metrics.values.validation import collaborative_today

METRIC = "challenging-behaviors"


@pytest.fixture
def month(demo):
    return collaborative_today(demo).replace(day=1).strftime("%Y-%m")


@pytest.fixture
def empty_cell(first_center, month):
    """This month's cell of the first center, with no value yet."""
    MetricValue.objects.filter(
        center=first_center, metric__slug=METRIC, month=f"{month}-01"
    ).delete()


def cell_url(demo, center, month):
    return reverse("metrics:cell-save", args=[demo.slug, center.slug, METRIC, month])


def _cell_html(response, month) -> str:
    body = response.content.decode()
    match = re.search(rf'<form class="cell[^"]*" id="cell-{METRIC}-{month}".*?</form>', body, re.S)
    assert match, "the grid shows the cell"
    return match.group(0)


def _version(html: str) -> str:
    return re.search(r'name="version" value="(\d*)"', html).group(1)


def _row(center, month) -> MetricValue:
    return MetricValue.objects.get(center=center, metric__slug=METRIC, month=f"{month}-01")


def test_second_htmx_save_of_a_new_cell_is_refused_in_place_with_both_versions(
    center_client, leader_client, demo, first_center, month, empty_cell
):
    entry = reverse("metrics:entry", args=[demo.slug, first_center.slug])
    mine = _version(_cell_html(center_client.get(entry), month))
    theirs = _version(_cell_html(leader_client.get(entry), month))
    assert mine == theirs == "0"

    url = cell_url(demo, first_center, month)
    first = center_client.post(url, {"version": mine, "value": "12"}, HTTP_HX_REQUEST="true")
    assert first.status_code == 200 and "Saved" in first.content.decode()
    second = leader_client.post(
        url, {"version": theirs, "value": "15", "note": "counted twice"}, HTTP_HX_REQUEST="true"
    )

    assert second.status_code == 409
    cell = second.content.decode()
    assert cell.lstrip().startswith('<form class="cell has-conflict"')  # only the cell, in place
    assert "Someone else saved this month while you were editing." in cell
    assert re.search(r'class="yours">\s*15 — counted twice', cell)
    assert re.search(r'class="theirs">\s*12<', cell)
    assert "Keep my version" in cell and 'name="keep" value="theirs"' in cell
    assert _version(cell) == "1"  # saving again from here is a deliberate replace
    assert 'value="15"' in cell  # the person's entry is still in the field
    row = _row(first_center, month)
    assert row.value == 12 and row.version == 1 and row.history.count() == 1


def test_keep_mine_replaces_and_keep_theirs_leaves_the_stored_value(
    center_client, leader_client, demo, first_center, month, empty_cell
):
    url = cell_url(demo, first_center, month)
    center_client.post(url, {"version": "0", "value": "12"}, HTTP_HX_REQUEST="true")
    refused = leader_client.post(url, {"version": "0", "value": "15"}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 409

    kept = leader_client.post(
        url,
        {"version": _version(refused.content.decode()), "value": "15", "keep": "theirs"},
        HTTP_HX_REQUEST="true",
    )
    assert kept.status_code == 200
    assert (
        "Their version was kept" in kept.content.decode() and 'value="12"' in kept.content.decode()
    )
    assert _row(first_center, month).value == 12

    replaced = leader_client.post(
        url, {"version": _version(refused.content.decode()), "value": "15"}, HTTP_HX_REQUEST="true"
    )
    assert replaced.status_code == 200 and "Saved" in replaced.content.decode()
    row = _row(first_center, month)
    assert row.value == 15 and row.version == 2 and row.history.count() == 2


def test_stale_save_without_javascript_shows_the_page_with_the_conflict(
    center_client, leader_client, demo, first_center, month, empty_cell
):
    url = cell_url(demo, first_center, month)
    center_client.post(url, {"version": "0", "value": "12"})
    response = leader_client.post(url, {"version": "0", "value": "15"})
    assert response.status_code == 409
    cell = _cell_html(response, month)
    assert "Someone else saved this month while you were editing." in cell
    assert "Keep their version" in cell
    assert _row(first_center, month).value == 12


def test_the_same_value_sent_twice_is_no_conflict(
    center_client, demo, first_center, month, empty_cell
):
    url = cell_url(demo, first_center, month)
    assert (
        center_client.post(url, {"version": "0", "value": "9"}, HTTP_HX_REQUEST="true").status_code
        == 200
    )
    again = center_client.post(url, {"version": "0", "value": "9"}, HTTP_HX_REQUEST="true")
    assert again.status_code == 200 and "No change" in again.content.decode()
    assert _row(first_center, month).version == 1
