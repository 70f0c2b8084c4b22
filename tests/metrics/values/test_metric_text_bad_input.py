"""A NUL character in a note, a not-collected reason or a collection plan is refused with a
message on every path (grid, API, CSV, plan page), and nothing is stored."""

import io

import pytest
from django.urls import reverse

from metrics.values.models import DataCollectionPlan, MetricValue
from metrics.values.validation import collaborative_today

MESSAGE = "Remove the null character (\\x00) from this text: it cannot be saved."
HTML_MESSAGE = "Remove the null character (\\x00) from this text: it cannot be saved."


@pytest.fixture
def month(demo):
    return collaborative_today(demo).replace(day=1).strftime("%Y-%m")


@pytest.mark.parametrize(
    "fields",
    [
        {"value": "3", "note": "log\x00week"},
        {"not_collected": "on", "not_collected_reason": "closed\x00"},
    ],
)
def test_grid_cell_refuses_a_nul(center_client, demo, first_center, month, fields):
    before = MetricValue.objects.count()
    response = center_client.post(
        reverse(
            "metrics:cell-save", args=[demo.slug, first_center.slug, "challenging-behaviors", month]
        ),
        fields,
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert HTML_MESSAGE in response.content.decode()
    assert MetricValue.objects.count() == before


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"value": 3, "note": "log\x00week"}, "note"),
        ({"not_collected": True, "not_collected_reason": "closed\x00"}, "not_collected_reason"),
    ],
)
def test_api_refuses_a_nul(center_client, demo, first_center, month, fields, field):
    before = MetricValue.objects.count()
    response = center_client.post(
        reverse("api:metric-values", args=[demo.slug, first_center.slug]),
        {"metric": "challenging-behaviors", "month": month, **fields},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()[field] == [MESSAGE]
    assert MetricValue.objects.count() == before


def test_csv_import_refuses_a_nul(center_client, demo, first_center, month):
    before = MetricValue.objects.count()
    file = io.BytesIO(
        f"metric,month,value,note\nchallenging-behaviors,{month},3,log\x00week\n".encode()
    )
    file.name = "values.csv"
    response = center_client.post(
        reverse("metrics:import", args=[demo.slug, first_center.slug]), {"file": file}
    )
    assert response.status_code == 400
    assert "note: " + HTML_MESSAGE in response.content.decode()
    assert MetricValue.objects.count() == before


def test_collection_plan_refuses_a_nul(center_client, demo, first_center):
    response = center_client.post(
        reverse("metrics:plan", args=[demo.slug, first_center.slug]),
        {
            "two-way-communication-who_collects": "Lead\x00teacher",
            "two-way-communication-how": "Communication Tracking Log",
        },
    )
    assert response.status_code == 400
    assert HTML_MESSAGE in response.content.decode()
    assert not DataCollectionPlan.objects.filter(
        center=first_center, metric__slug="two-way-communication", who_collects__contains="Lead"
    ).exists()
