"""A built report shows, on screen, the very body its PDF was printed from."""

import pytest
from django.urls import reverse

from collaboratives.framework.models import SecondaryDriver
from metrics.reports.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def progress(demo, first_center):
    return Report.objects.get(kind="progress", center=first_center)


def _driver_1_1(demo):
    return SecondaryDriver.objects.get(
        primary__framework__collaborative=demo, primary__number=1, number=1
    )


def test_editing_a_driver_leaves_the_published_progress_report_as_printed(
    it_client, leader_client, demo, progress
):
    edit = reverse("metrics:report-edit", args=[demo.slug, progress.public_id])
    it_client.post(edit, {"narrative": "Steady work.", "action": "publish"})
    built = progress.files.first()
    driver = _driver_1_1(demo)
    old = f"1.1 {driver.text}"
    assert old in built.html
    it_client.post(
        reverse("collaboratives:secondary-change", args=[demo.slug, driver.public_id]),
        {"action": "save", "text": "Reworded for the next cohort."},
    )
    page = leader_client.get(reverse("metrics:report", args=[demo.slug, progress.public_id]))
    body = page.content.decode()
    assert page.status_code == 200
    assert old in body
    assert "Reworded for the next cohort." not in body
    # The page's report is the body the PDF was printed from, byte for byte.
    assert built.html in body
    assert built.framework_version is not None


def test_a_rebuild_keeps_the_wording_the_assessments_were_made_with(it_client, demo, progress):
    driver = _driver_1_1(demo)
    old = f"1.1 {driver.text}"
    it_client.post(
        reverse("collaboratives:secondary-change", args=[demo.slug, driver.public_id]),
        {"action": "save", "text": "Reworded for the next cohort."},
    )
    it_client.post(
        reverse("collaboratives:framework-publish", args=[demo.slug]), {"note": "New wording."}
    )
    edit = reverse("metrics:report-edit", args=[demo.slug, progress.public_id])
    it_client.post(edit, {"narrative": "Steady work.", "action": "publish"})
    html = progress.files.first().html
    assert old in html
    assert "Reworded for the next cohort." not in html


def test_a_report_never_built_is_drawn_from_todays_data(it_client, demo, first_center):
    draft = Report.objects.create(
        collaborative=demo, center=first_center, kind="progress", month=demo.start_date
    )
    page = it_client.get(reverse("metrics:report", args=[demo.slug, draft.public_id]))
    assert page.status_code == 200
    assert "Not built yet" in page.content.decode()
