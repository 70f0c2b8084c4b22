"""The outreach log and its next steps on the IT's home."""

import datetime

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_log_a_contact_and_see_its_next_step_due_at_home(demo, it_client, faculty_client):
    url = f"/c/{demo.slug}/selection/outreach/"
    today = timezone.localdate()
    response = it_client.post(
        url,
        {
            "prospect": "Acorn Early Learning",
            "contacted_on": today.isoformat(),
            "method": "visit",
            "notes": "Toured the toddler rooms.",
            "next_step": "Send the readiness checklist",
            "next_step_due": (today + datetime.timedelta(days=2)).isoformat(),
        },
    )
    assert response.status_code == 302
    page = it_client.get(url).content.decode()
    assert "Toured the toddler rooms." in page
    home = it_client.get(f"/c/{demo.slug}/").content.decode()
    assert "Send the readiness checklist" in home
    assert faculty_client.get(url).status_code == 403


def test_bad_contact_is_refused_in_place(demo, it_client):
    url = f"/c/{demo.slug}/selection/outreach/"
    response = it_client.post(
        url,
        {
            "prospect": "Acorn",
            "contacted_on": "1990-01-01",
            "method": "visit",
            "next_step_due": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Say what the next step is." in body
    assert 'value="Acorn"' in body
