import datetime

import pytest
from rest_framework.test import APIClient

from pdsa.cycles.models import Cycle, Ramp

pytestmark = pytest.mark.django_db
BASE = "/api/v1/collaboratives/bsc-sel"


def _cycle(center) -> Cycle:
    return Cycle.objects.filter(ramp__center=center).order_by("pk").first()


def _plan(demo, **overrides):
    start = demo.start_date + datetime.timedelta(days=60)
    return {
        "objective": "Try a visual schedule",
        "scale": "one_child",
        "start_date": f"{start:%Y-%m-%d}",
        "end_date": f"{start - datetime.timedelta(days=3):%Y-%m-%d}",
    } | overrides


def test_plan_page_refuses_a_cycle_ending_before_it_starts(center_client, first_center, demo):
    cycle = _cycle(first_center)
    before = (cycle.objective, cycle.start_date, cycle.end_date)
    response = center_client.post(f"/c/bsc-sel/pdsa/cycles/{cycle.public_id}/plan/", _plan(demo))
    assert response.status_code == 200
    assert "The cycle cannot end before it starts." in response.content.decode()
    cycle.refresh_from_db()
    assert (cycle.objective, cycle.start_date, cycle.end_date) == before


def test_new_cycle_page_refuses_year_one(center_client, first_center, demo):
    ramp = Ramp.objects.filter(center=first_center).order_by("pk").first()
    count = ramp.cycles.count()
    response = center_client.post(
        f"/c/bsc-sel/pdsa/ramps/{ramp.public_id}/cycles/new/",
        _plan(demo, start_date="0001-01-01", end_date=""),
    )
    assert response.status_code == 200
    assert "the collaborative&#x27;s years" in response.content.decode()
    assert ramp.cycles.count() == count


def test_api_refuses_a_cycle_ending_before_it_starts(center_user, first_center, demo):
    api = APIClient()
    api.force_authenticate(center_user)
    cycle = _cycle(first_center)
    before = (cycle.start_date, cycle.end_date)
    response = api.patch(
        f"{BASE}/cycles/{cycle.public_id}/", {"stage": "plan", **_plan(demo)}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["end_date"] == ["The cycle cannot end before it starts."]
    cycle.refresh_from_db()
    assert (cycle.start_date, cycle.end_date) == before
    ramp = cycle.ramp
    count = ramp.cycles.count()
    created = api.post(
        f"{BASE}/ramps/{ramp.public_id}/cycles/",
        _plan(demo, start_date="9999-12-01", end_date="9999-12-04"),
        format="json",
    )
    assert created.status_code == 400
    assert "the collaborative's years" in created.json()["start_date"][0]
    assert ramp.cycles.count() == count
