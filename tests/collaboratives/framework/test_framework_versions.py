"""Publishing the change framework as versions: rounds keep the drivers they opened with."""

import pytest
from django.urls import reverse

from centers.assessments.models import SelfAssessment
from collaboratives.framework.models import FrameworkVersion, SecondaryDriver

pytestmark = pytest.mark.django_db


def _live_drivers(collab):
    return list(
        SecondaryDriver.objects.filter(
            primary__framework__collaborative=collab, retired_at__isnull=True
        ).order_by("primary__number", "number")
    )


def _form_data(collab, drivers, version, score="3"):
    data = {"version": str(version), "submit": "1"}
    for d in drivers:
        data[f"score_{d.public_id}"] = score
        data[f"comment_{d.public_id}"] = ""
    for p in collab.framework.primary_drivers.all():
        data[f"narrative_{p.public_id}"] = "Narrative"
    return data


def _add_driver_1_7(it_client, demo):
    primary = demo.framework.primary_drivers.get(number=1)
    response = it_client.post(
        reverse("collaboratives:secondary-add", args=[demo.slug, primary.public_id]),
        {"text": "Families co-design the daily schedule."},
    )
    assert response.status_code == 302
    return primary.secondary_drivers.get(text="Families co-design the daily schedule.")


def _publish(it_client, demo, note="Adds 1.7 after the second Learning Session."):
    return it_client.post(
        reverse("collaboratives:framework-publish", args=[demo.slug]), {"note": note}
    )


def test_adding_a_driver_while_a_round_is_open_keeps_the_submitted_assessment_complete(
    it_client, center_client, demo, first_center
):
    final = demo.assessment_rounds.get(number=3)
    assessment = SelfAssessment.objects.get(center=first_center, round=final)
    assert assessment.is_submitted
    asked = _live_drivers(demo)
    new = _add_driver_1_7(it_client, demo)
    assert _publish(it_client, demo).status_code == 302
    assert demo.framework.versions.count() == 2

    url = reverse("centers:assessment", args=[demo.slug, first_center.slug, 3])
    page = center_client.get(url).content.decode()
    assert "Families co-design the daily schedule." not in page
    assert "Submitted" in page
    # Changing a score of the submitted assessment needs no score for the new driver.
    response = center_client.post(url, _form_data(demo, asked, assessment.version))
    assert response.status_code == 302, response.content.decode()
    assessment.refresh_from_db()
    assert assessment.is_submitted
    assert not assessment.ratings.filter(driver=new).exists()

    heatmap = it_client.get(reverse("centers:heatmap", args=[demo.slug, 3])).content.decode()
    assert "Families co-design" not in heatmap
    assert "1.7 " not in heatmap
    assert "5 of 8 centers have submitted." in heatmap


def test_a_round_opened_after_publishing_asks_about_the_new_driver(it_client, demo, first_center):
    _add_driver_1_7(it_client, demo)
    _publish(it_client, demo)
    response = it_client.post(
        reverse("centers:rounds", args=[demo.slug]),
        {"name": "Follow-up", "opens_on": "2099-01-01", "due_on": "2099-02-01"},
    )
    assert response.status_code == 302
    new_round = demo.assessment_rounds.get(name="Follow-up")
    heatmap = it_client.get(reverse("centers:heatmap", args=[demo.slug, new_round.number]))
    assert "Families co-design the daily schedule." in heatmap.content.decode()


def test_it_adds_new_drivers_to_an_open_round_and_only_unsubmitted_assessments_gain_them(
    it_client, center_client, other_center_client, demo, first_center, second_center
):
    _add_driver_1_7(it_client, demo)
    _publish(it_client, demo)
    response = it_client.post(
        reverse("centers:round-edit", args=[demo.slug, 3]), {"action": "framework"}
    )
    assert response.status_code == 302
    submitted = center_client.get(
        reverse("centers:assessment", args=[demo.slug, first_center.slug, 3])
    ).content.decode()
    assert "Families co-design the daily schedule." not in submitted
    draft = other_center_client.get(
        reverse("centers:assessment", args=[demo.slug, second_center.slug, 3])
    ).content.decode()
    assert "1.7 Families co-design the daily schedule." in draft
    # The submitted one keeps the version it was submitted with.
    kept = SelfAssessment.objects.get(center=first_center, round__number=3)
    assert kept.framework_version.number == 1
    assert demo.assessment_rounds.get(number=3).framework_version.number == 2


def test_editing_wording_keeps_the_submitted_wording(it_client, center_client, demo, first_center):
    driver = _live_drivers(demo)[0]
    old = driver.rating_text
    it_client.post(
        reverse("collaboratives:secondary-change", args=[demo.slug, driver.public_id]),
        {"action": "save", "text": "Reworded driver one."},
    )
    _publish(it_client, demo, note="Plainer wording for 1.1.")
    page = center_client.get(
        reverse("centers:assessment", args=[demo.slug, first_center.slug, 3])
    ).content.decode()
    assert old in page
    assert "Reworded driver one." not in page
    version = it_client.get(
        reverse("collaboratives:framework-version", args=[demo.slug, 2])
    ).content.decode()
    assert "Reworded driver one." in version
    assert (
        "Plainer wording for 1.1."
        in it_client.get(
            reverse("collaboratives:framework-versions", args=[demo.slug])
        ).content.decode()
    )


def test_only_the_implementation_team_publishes(
    faculty_client, center_client, leader_client, it_client, demo
):
    before = FrameworkVersion.objects.filter(framework__collaborative=demo).count()
    for client in (faculty_client, center_client, leader_client):
        assert _publish(client, demo).status_code == 403
    response = _publish(it_client, demo, note="  ")
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert FrameworkVersion.objects.filter(framework__collaborative=demo).count() == before


def test_another_tenants_version_is_not_found(outsider_client, it_client, demo):
    url = reverse("collaboratives:framework-version", args=[demo.slug, 1])
    assert outsider_client.get(url).status_code == 404
    assert it_client.get(url).status_code == 200
    missing = reverse("collaboratives:framework-version", args=[demo.slug, 99])
    assert it_client.get(missing).status_code == 404


def test_a_driver_in_a_published_version_is_retired_not_deleted(it_client, demo):
    new = _add_driver_1_7(it_client, demo)
    _publish(it_client, demo)
    it_client.post(
        reverse("collaboratives:secondary-change", args=[demo.slug, new.public_id]),
        {"action": "delete"},
    )
    new.refresh_from_db()
    assert new.retired_at is not None


def test_api_lists_versions_and_the_current_number(it_client, demo):
    _publish(it_client, demo, note="Second.")
    body = it_client.get(reverse("api:framework-detail", args=[demo.slug])).json()
    assert body["current_version"] == 2
    assert [v["number"] for v in body["versions"]] == [2, 1]
    assert body["versions"][0]["note"] == "Second."


def test_assessment_api_names_the_version_it_rates(it_client, center_client, demo, first_center):
    _add_driver_1_7(it_client, demo)
    _publish(it_client, demo)
    url = f"/api/v1/collaboratives/{demo.slug}/centers/{first_center.slug}/self-assessments/3/"
    body = center_client.get(url).json()
    assert body["framework_version"] == 1
    assert body["status"] == "submitted"


def test_version_at_is_the_newest_published_by_then_else_the_first(demo):
    import datetime

    from collaboratives.framework.versions import current_version, version_at

    first = current_version(demo)
    moment = first.published_at
    second = FrameworkVersion.objects.create(
        framework=first.framework,
        number=first.number + 1,
        note="Second",
        snapshot=first.snapshot,
        published_at=moment + datetime.timedelta(days=10),
    )
    third = FrameworkVersion.objects.create(
        framework=first.framework,
        number=first.number + 2,
        note="Third",
        snapshot=first.snapshot,
        published_at=moment + datetime.timedelta(days=20),
    )
    assert version_at(demo, moment + datetime.timedelta(days=15)) == second
    assert version_at(demo, moment + datetime.timedelta(days=30)) == third
    assert version_at(demo, moment) == first
    # Before anything was published, the first version stands for the framework.
    assert version_at(demo, moment - datetime.timedelta(days=1)) == first
