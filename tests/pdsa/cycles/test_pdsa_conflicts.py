"""Two people saving the same cycle stage: the second save is refused with both versions,
on the page and in the API, and nothing is overwritten silently."""

import re

import pytest
from rest_framework.test import APIClient

from pdsa.cycles.models import Cycle

pytestmark = pytest.mark.django_db
BASE = "/api/v1/collaboratives/bsc-sel"


def _cycle(center) -> Cycle:
    return Cycle.objects.filter(ramp__center=center).order_by("pk").first()


def _loaded_version(response) -> str:
    match = re.search(r'name="version" value="(\d+)"', response.content.decode())
    assert match, "the stage form carries the version it was loaded with"
    return match.group(1)


def test_second_stage_save_from_a_stale_page_is_refused_with_both_versions(
    center_client, leader_client, first_center
):
    cycle = _cycle(first_center)
    url = f"/c/bsc-sel/pdsa/cycles/{cycle.public_id}/do/"
    mine = _loaded_version(center_client.get(url))
    theirs = _loaded_version(leader_client.get(url))
    assert mine == theirs

    first = center_client.post(
        url, {"version": mine, "what_happened": "We sang the song at every transition."}
    )
    assert first.status_code == 302
    second = leader_client.post(
        url, {"version": theirs, "what_happened": "Only two children joined in."}
    )

    assert second.status_code == 409
    body = second.content.decode()
    assert "Someone else saved this stage while you were editing" in body
    assert "We sang the song at every transition." in body  # their version
    assert "Only two children joined in." in body  # yours, in the table and the form
    assert "Keep their version" in body and "Keep my version" in body
    cycle.refresh_from_db()
    assert cycle.what_happened == "We sang the song at every transition."

    # Saving the refused form again is the deliberate choice to keep one's own version.
    again = leader_client.post(
        url, {"version": _loaded_version(second), "what_happened": "Only two children joined in."}
    )
    assert again.status_code == 302
    cycle.refresh_from_db()
    assert cycle.what_happened == "Only two children joined in."
    assert cycle.version == int(mine) + 2


def test_stale_save_of_one_stage_no_longer_puts_back_another_stage(center_client, first_center):
    cycle = _cycle(first_center)
    base = f"/c/bsc-sel/pdsa/cycles/{cycle.public_id}"
    center_client.post(
        f"{base}/plan/", {"objective": "Greet each family by name", "scale": "one_child"}
    )
    cycle.refresh_from_db()
    # The same save sent twice (a double click) changes nothing the second time: no conflict.
    data = {"version": cycle.version, "what_happened": "Greeted 14 of 16 families."}
    assert center_client.post(f"{base}/do/", data).status_code == 302
    assert center_client.post(f"{base}/do/", data).status_code == 302
    cycle.refresh_from_db()
    assert cycle.objective == "Greet each family by name"
    assert cycle.what_happened == "Greeted 14 of 16 families."


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_cycle_etag_and_if_match_refuse_a_stale_patch(center_user, leader_user, first_center):
    cycle = _cycle(first_center)
    url = f"{BASE}/cycles/{cycle.public_id}/"
    mine, theirs = _api(center_user), _api(leader_user)
    read = mine.get(url)
    assert read.status_code == 200
    etag = read["ETag"]
    assert etag == f'W/"{cycle.version}"' and read.json()["version"] == cycle.version

    saved = theirs.patch(
        url, {"stage": "study", "results": "Faster"}, format="json", HTTP_IF_MATCH=etag
    )
    assert saved.status_code == 200, saved.content
    assert saved["ETag"] == f'W/"{cycle.version + 1}"'

    stale = mine.patch(
        url, {"stage": "study", "results": "Slower"}, format="json", HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412
    answer = stale.json()
    assert answer["yours"] == {"stage": "study", "results": "Slower"}
    assert answer["theirs"]["results"] == "Faster"
    assert answer["version"] == cycle.version + 1 == answer["theirs"]["version"]
    assert stale["ETag"] == f'W/"{cycle.version + 1}"'
    cycle.refresh_from_db()
    assert cycle.results == "Faster"

    retry = mine.patch(
        url, {"stage": "study", "results": "Slower"}, format="json", HTTP_IF_MATCH=stale["ETag"]
    )
    assert retry.status_code == 200 and retry.json()["results"] == "Slower"


def test_api_patch_without_if_match_still_saves_and_a_bad_one_is_refused(center_user, first_center):
    cycle = _cycle(first_center)
    url = f"{BASE}/cycles/{cycle.public_id}/"
    api = _api(center_user)
    unchecked = api.patch(url, {"stage": "do", "problems": "Rain"}, format="json")
    assert unchecked.status_code == 200 and unchecked.json()["problems"] == "Rain"
    bad = api.patch(
        url, {"stage": "do", "problems": "Snow"}, format="json", HTTP_IF_MATCH="yesterday"
    )
    assert bad.status_code == 400 and "If-Match" in bad.json()
    cycle.refresh_from_db()
    assert cycle.problems == "Rain"
