"""A report build asked for on the reports page is recorded first: when the broker does not
take it, the page says so and the periodic dispatcher builds it later, once."""

import pytest
from django.urls import reverse
from django.utils import timezone

from bsc.dispatch import run_dispatchers
from metrics.reports.models import Report, ReportBuildRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_refuses(monkeypatch):
    monkeypatch.setattr("metrics.reports.services.enqueue", lambda task, *args: False)
    return monkeypatch


def test_a_refused_build_is_recorded_shown_and_built_by_the_dispatcher(
    it_client, demo, broker_refuses, eager_tasks
):
    month = Report.objects.filter(collaborative=demo).latest("month").month
    url = reverse("metrics:reports-build", args=[demo.slug])
    data = {"month": month.strftime("%Y-%m"), "kind": "metric"}
    response = it_client.post(url, data, follow=True)
    body = response.content.decode()
    assert "Your request is recorded" in body
    assert "Waiting to be built" in body and "Monthly metric reports" in body
    # Asking again while it waits records nothing more.
    it_client.post(url, data)
    request = ReportBuildRequest.objects.get(collaborative=demo, month=month)
    assert request.requested_by.email == "it@demo.test"
    assert request.queued_at is None and request.done_at is None
    reports = Report.objects.filter(collaborative=demo, month=month, kind__endswith="metrics")
    before = {report.pk: report.files.count() for report in reports}

    broker_refuses.undo()  # the broker is back
    run_dispatchers(timezone.now())
    request.refresh_from_db()
    assert request.queued_at is not None and request.done_at is not None
    assert reports.count() == demo.centers.count() + 1
    assert all(report.files.count() == before.get(report.pk, 0) + 1 for report in reports)
    body = it_client.get(reverse("metrics:reports", args=[demo.slug])).content.decode()
    assert "Waiting to be built" not in body
    # Done is done: a later dispatcher run builds nothing again.
    run_dispatchers(timezone.now())
    assert all(report.files.count() == before.get(report.pk, 0) + 1 for report in reports)


def test_a_taken_build_says_it_is_being_built(it_client, demo, eager_tasks):
    month = Report.objects.filter(collaborative=demo).latest("month").month
    url = reverse("metrics:reports-build", args=[demo.slug])
    response = it_client.post(
        url, {"month": month.strftime("%Y-%m"), "kind": "progress"}, follow=True
    )
    assert "The reports are being built" in response.content.decode()
    request = ReportBuildRequest.objects.get(collaborative=demo, month=month, kind="progress")
    assert request.done_at is not None


def test_only_it_sees_waiting_builds(leader_client, demo, broker_refuses):
    month = Report.objects.filter(collaborative=demo).latest("month").month
    ReportBuildRequest.objects.create(collaborative=demo, month=month, kind="metric")
    body = leader_client.get(reverse("metrics:reports", args=[demo.slug])).content.decode()
    assert "Waiting to be built" not in body
