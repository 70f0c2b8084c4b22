"""The IT's data lead enters a center's numbers for it (sent by e-mail): marked "entered by
<name> for <center>", in the value's history and in the audit log. Other IT members, faculty
and other centers still cannot."""

import pytest
from django.urls import reverse

from bsc.models import AuditEvent, User
from metrics.values.models import MetricValue
from metrics.values.validation import collaborative_today


@pytest.fixture
def month(demo):
    return collaborative_today(demo).replace(day=1).strftime("%Y-%m")


@pytest.fixture
def data_lead(demo):
    membership = next(
        m
        for m in demo.memberships.filter(role="implementation_team").select_related("user")
        if "data_capacity" in (m.competencies or [])
    )
    return membership.user


def test_data_lead_enters_values_for_a_center(
    client_for, data_lead, demo, first_center, month, center_client
):
    client = client_for(data_lead)
    url = reverse(
        "metrics:cell-save", args=[demo.slug, first_center.slug, "two-way-communication", month]
    )
    response = client.post(url, {"numerator": "12", "denominator": "20"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert f"Entered by {data_lead.get_full_name()} for {first_center.name}" in body
    row = MetricValue.objects.get(
        center=first_center, metric__slug="two-way-communication", month=f"{month}-01"
    )
    assert row.entered_on_behalf_by == data_lead and row.submitted_by == data_lead
    history = row.history.get()
    assert history.changed_by == data_lead and history.source == "web_on_behalf"
    audit = AuditEvent.objects.get(
        action="metric_values.submit_on_behalf", object_id=str(first_center.public_id)
    )
    assert audit.actor == data_lead
    assert audit.changes["entered_by"] == data_lead.get_full_name()
    assert audit.changes["for_center"] == first_center.name
    # The grid says so to the center too.
    page = center_client.get(
        reverse("metrics:entry", args=[demo.slug, first_center.slug])
    ).content.decode()
    assert f"Entered by {data_lead.get_full_name()} for {first_center.name}" in page
    # The center's own later save clears the mark.
    center_client.post(url, {"numerator": "13", "denominator": "20"}, HTTP_HX_REQUEST="true")
    row.refresh_from_db()
    assert row.entered_on_behalf_by is None
    assert [h.source for h in row.history.order_by("pk")] == ["web_on_behalf", "web"]


def test_only_the_data_lead_may(
    client_for, demo, first_center, month, faculty_client, other_center_client, data_lead
):
    url = reverse(
        "metrics:cell-save", args=[demo.slug, first_center.slug, "two-way-communication", month]
    )
    other_it = next(
        m.user
        for m in demo.memberships.filter(role="implementation_team").select_related("user")
        if "data_capacity" not in (m.competencies or [])
    )
    for client in (client_for(other_it), faculty_client, other_center_client):
        assert client.post(url, {"numerator": "1", "denominator": "2"}).status_code == 403
    assert not MetricValue.objects.filter(
        center=first_center, month=f"{month}-01", numerator=1
    ).exists()
    assert User.objects.filter(pk=data_lead.pk).exists()
