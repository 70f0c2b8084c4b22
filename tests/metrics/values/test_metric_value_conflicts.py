"""Lost edits of metric values through the API, and concurrent first saves of one cell."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from bsc.models import User
from metrics.values.models import MetricValue
from metrics.values.validation import collaborative_today
from tests import demo_snapshot

METRIC = "challenging-behaviors"


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _empty_cell(center, collaborative) -> str:
    month = collaborative_today(collaborative).replace(day=1)
    MetricValue.objects.filter(center=center, metric__slug=METRIC, month=month).delete()
    return month.strftime("%Y-%m")


def _cell_url(demo, center, month) -> str:
    return reverse("api:metric-value-detail", args=[demo.slug, center.slug, METRIC, month])


@pytest.mark.django_db
def test_api_cell_etag_and_if_match_refuse_a_stale_put(
    center_user, leader_user, demo, first_center
):
    month = _empty_cell(first_center, demo)
    url = _cell_url(demo, first_center, month)
    mine, theirs = _api(center_user), _api(leader_user)
    empty = mine.get(url)
    assert empty.status_code == 404 and empty["ETag"] == 'W/"0"'

    created = theirs.put(url, {"value": 7}, format="json", HTTP_IF_MATCH=empty["ETag"])
    assert created.status_code == 201, created.content
    assert created["ETag"] == 'W/"1"' and created.json()["version"] == 1

    stale = mine.put(url, {"value": 9, "note": "late"}, format="json", HTTP_IF_MATCH='W/"0"')
    assert stale.status_code == 412
    answer = stale.json()
    assert answer["version"] == 1 and stale["ETag"] == 'W/"1"'
    assert answer["yours"]["value"] == "9" and answer["yours"]["note"] == "late"
    assert answer["theirs"]["value"] == 7 and answer["theirs"]["version"] == 1
    row = MetricValue.objects.get(center=first_center, metric__slug=METRIC, month=f"{month}-01")
    assert row.value == 7 and row.version == 1

    read = mine.get(url)
    assert read.status_code == 200 and read["ETag"] == 'W/"1"' and read.json()["value"] == 7
    updated = mine.put(url, {"value": 9}, format="json", HTTP_IF_MATCH=read["ETag"])
    assert updated.status_code == 200 and updated["ETag"] == 'W/"2"'
    assert mine.put(url, {"value": 10}, format="json", HTTP_IF_MATCH="soon").status_code == 400
    unchecked = mine.put(url, {"value": 11}, format="json")  # no If-Match: accepted, documented
    assert unchecked.status_code == 200 and unchecked.json()["version"] == 3


@pytest.mark.django_db
def test_api_post_with_a_stale_version_stores_nothing_of_the_list(center_user, demo, first_center):
    month = _empty_cell(first_center, demo)
    api = _api(center_user)
    url = reverse("api:metric-values", args=[demo.slug, first_center.slug])
    first = api.post(
        url, {"metric": METRIC, "month": month, "value": 4, "version": 0}, format="json"
    )
    assert first.status_code == 201 and first.json()["version"] == 1
    other = {"metric": "two-way-communication", "month": month, "numerator": 3, "denominator": 4}
    before = MetricValue.objects.filter(center=first_center).count()
    stale = api.post(
        url,
        [other, {"metric": METRIC, "month": month, "value": 5, "version": 0}],
        format="json",
    )
    assert stale.status_code == 412
    [refused] = stale.json()["rows"]
    assert (
        refused["row"] == 2 and refused["theirs"]["value"] == 4 and refused["yours"]["value"] == "5"
    )
    assert MetricValue.objects.filter(center=first_center).count() == before


@pytest.fixture
def committed_demo(transactional_db):
    """The demo, committed so that other connections see it: an earlier transactional test
    may have flushed the database."""
    from collaboratives.membership.models import Collaborative

    demo_snapshot.load_demo()
    return Collaborative.objects.get(slug="bsc-sel")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real row locks")
@pytest.mark.django_db(transaction=True)
def test_twelve_parallel_first_saves_of_one_cell_give_one_row_and_clear_answers(
    committed_demo,
):
    demo = committed_demo
    first_center = demo.centers.get(slug="sunrise")
    month = _empty_cell(first_center, demo)
    url = reverse("metrics:cell-save", args=[demo.slug, first_center.slug, METRIC, month])
    user = User.objects.get(email="center@demo.test")
    clients = []
    for _ in range(12):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients.append(client)
    barrier = threading.Barrier(12)
    codes: list[int] = []
    lock = threading.Lock()

    def save(number: int) -> None:
        try:
            barrier.wait()
            response = clients[number].post(
                url, {"version": "0", "value": str(number + 1)}, HTTP_HX_REQUEST="true"
            )
            with lock:
                codes.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    rows = MetricValue.objects.filter(center=first_center, metric__slug=METRIC, month=f"{month}-01")
    print(
        f"rows={rows.count()} 200s={codes.count(200)} 409s={codes.count(409)} "
        f"500s={codes.count(500)}"
    )
    assert rows.count() == 1
    assert len(codes) == 12 and 500 not in codes
    assert codes.count(200) == 1 and codes.count(409) == 11
    row = rows.get()
    assert row.version == 1 and row.history.count() == 1
