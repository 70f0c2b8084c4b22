"""Another center sees a team's priority drivers only once the team has submitted them."""

import pytest
from django.urls import reverse

from centers.assessments.models import Rating, SelfAssessment

pytestmark = pytest.mark.django_db


def _latest_with_priorities(center) -> SelfAssessment:
    return (
        SelfAssessment.objects.filter(center=center, ratings__is_priority=True)
        .order_by("-round__number")
        .first()
    )


def test_draft_priorities_stay_off_another_centers_view(
    other_center_client, center_client, faculty_client, demo, first_center
):
    SelfAssessment.objects.filter(center=first_center).update(status="draft")
    draft = _latest_with_priorities(first_center)
    priority = Rating.objects.filter(assessment=draft, is_priority=True).first()
    url = reverse("centers:detail", args=[demo.slug, first_center.slug])

    other = other_center_client.get(url).content.decode()
    assert "Priority drivers" not in other
    assert priority.driver.text not in other

    for client in (center_client, faculty_client):
        page = client.get(url).content.decode()
        assert "Priority drivers" in page and priority.driver.text in page


def test_submitted_priorities_show_to_another_center(other_center_client, demo, first_center):
    submitted = _latest_with_priorities(first_center)
    submitted.status = "submitted"
    submitted.save(update_fields=["status"])
    priority = Rating.objects.filter(assessment=submitted, is_priority=True).first()

    page = other_center_client.get(
        reverse("centers:detail", args=[demo.slug, first_center.slug])
    ).content.decode()

    assert priority.driver.text in page
