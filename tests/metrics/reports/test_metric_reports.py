"""Metric and progress reports: built as PDFs, kept, served through tenant-checked views,
announced once; IT publishes progress reports to senior leaders."""

import base64
import re
from html import unescape

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from bsc.models import Notification
from metrics.reports.context import collaborative_metrics_context, report_html
from metrics.reports.models import Report
from metrics.reports.services import month_reports, report_build
from metrics.reports.tasks import build_reports_for_month


@pytest.fixture
def progress(demo, first_center):
    return Report.objects.get(kind="progress", center=first_center)


@pytest.fixture
def center_report(demo, first_center):
    return Report.objects.filter(kind="center_metrics", center=first_center).first()


def test_demo_built_reports_for_the_last_month(demo):
    month = Report.objects.filter(collaborative=demo).order_by("-month").first().month
    reports = Report.objects.filter(collaborative=demo, month=month)
    assert reports.filter(kind="center_metrics").count() == demo.centers.count()
    assert reports.filter(kind="collaborative_metrics").count() == 1
    assert all(r.files.exists() for r in reports)


def test_center_report_content(center_report):
    html = report_html(center_report)
    assert "Monthly metric report" in html
    assert "Two-way communication with families" in html
    assert "PDSA cycles this month" in html
    assert "Submission this month" in html
    assert html.count("<svg") == center_report.collaborative.metrics.count()


def test_collaborative_report_content(demo):
    report = Report.objects.get(collaborative=demo, kind="collaborative_metrics")
    context = collaborative_metrics_context(report)
    html = report_html(report)
    assert "Signals summary" in html and "Completeness" in html
    metrics = len(context["metrics"])
    centers = demo.centers.count()
    # A sparkline per center and metric; full charts for the aggregates and for the center
    # charts where a signal began in the last months, and no others.
    assert html.count('<svg class="sparkline"') == centers * metrics
    cells = [c for _center, charts in context["summary_rows"] for c in charts]
    new = [c for c in cells if c.new_signal]
    assert all(c.signals for c in new)
    full = html.count('class="spc-chart"')
    assert full == metrics + len(new)
    # Drawn small, a center's chart has no legend of its own (one key above them all) and
    # no hover titles on its points: it is printed.
    assert new, "the demo has charts with a new signal"
    assert html.count('aria-label="Key to the charts"') == 1
    # Each is printed as an image of itself, with the chart's title and description as its
    # text alternative.
    images = re.findall(
        r'<img class="spc-chart" src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"', html
    )
    assert len(images) == len(new)
    for (source, alt), chart in zip(images, new, strict=True):
        svg, alt = base64.b64decode(source).decode(), unescape(alt)
        assert 'class="legend"' not in svg and '<circle class="point' in svg
        assert "</title></circle>" not in svg
        assert alt.startswith(f"{chart.metric.name} — {chart.center.name}. ")
        assert chart.signals[0].text in alt
    assert len(context["signalled"]) + context["quiet_count"] == centers
    for item in context["signalled"]:
        assert f"<h3>{escape(item['center'].name)}</h3>" in html


def test_collaborative_report_draws_no_chart_of_a_quiet_center(demo, monkeypatch):
    from metrics.reports import context as report_context

    report = Report.objects.get(collaborative=demo, kind="collaborative_metrics")
    monkeypatch.setattr(report_context, "new_signal_kinds", lambda analysis, last: set())
    context = collaborative_metrics_context(report)
    html = report_html(report)
    assert context["signalled"] == [] and context["quiet_count"] == demo.centers.count()
    assert "No center shows a new signal." in html
    assert html.count('class="spc-chart"') == len(context["metrics"])


def test_an_old_signal_is_named_in_the_table_without_a_full_chart(demo, monkeypatch):
    from metrics.reports import context as report_context

    report = Report.objects.get(collaborative=demo, kind="collaborative_metrics")
    # Every signal ended before the last months: each stays in the table, none is drawn.
    monkeypatch.setattr(report_context, "new_signal_kinds", lambda analysis, last: set())
    context = collaborative_metrics_context(report)
    html = report_html(report)
    old = [c for _center, charts in context["summary_rows"] for c in charts if c.signals]
    assert old, "the demo has charts with a signal"
    for chart in old:
        assert f'title="{chart.signals[0].text}"' in html
    assert html.count('class="signal-icon') == sum(len(c.signals) for c in old)


def test_rebuilding_keeps_older_versions_and_notifies_once(center_report, first_center):
    before = center_report.files.count()
    rows = Notification.objects.filter(
        kind="metric_report_built", object_key=str(center_report.public_id)
    )
    assert rows.count() == 0  # the demo's ready-made reports announce nothing
    report_build(center_report)
    notified = rows.count()
    # The center's team and the Implementation Team.
    assert notified == first_center.memberships.count() + demo_it_count(center_report)
    report_build(center_report)
    assert center_report.files.count() == before + 2
    first, second = center_report.files.all()[:2]
    assert first.built_at >= second.built_at
    assert first.file.read(4) == b"%PDF"
    assert rows.count() == notified


def demo_it_count(report):
    return report.collaborative.memberships.filter(role="implementation_team").count()


def test_task_builds_a_month(demo, first_center):
    month = Report.objects.filter(collaborative=demo).earliest("month").month
    count = build_reports_for_month.apply(args=(demo.pk, month.isoformat(), "metric")).get()
    assert count == demo.centers.count() + 1
    assert len(month_reports(demo, month)) == count


def test_build_reports_command_prints_paths(demo, capsys, tmp_path):
    month = Report.objects.filter(collaborative=demo).latest("month").month
    call_command(
        "build_reports", collaborative=demo.slug, month=month.strftime("%Y-%m"), kind="progress"
    )
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == demo.centers.count()
    assert all(line.endswith(".pdf") for line in lines)


def test_pdf_served_only_through_the_view(center_client, outsider_client, demo, center_report):
    url = reverse("metrics:report-pdf", args=[demo.slug, center_report.public_id])
    response = center_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content)[:4] == b"%PDF"
    # Served like every stored file: inert, whatever the browser would make of it.
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert outsider_client.get(url).status_code == 404


def test_other_center_cannot_open_a_center_report(other_center_client, demo, center_report):
    url = reverse("metrics:report-pdf", args=[demo.slug, center_report.public_id])
    assert other_center_client.get(url).status_code == 404


def test_senior_leader_lists_and_opens_the_progress_report(leader_client, demo, progress):
    body = leader_client.get(reverse("metrics:reports", args=[demo.slug])).content.decode()
    assert "Progress report" in body
    response = leader_client.get(reverse("metrics:report", args=[demo.slug, progress.public_id]))
    assert response.status_code == 200
    assert "view from the balcony" in response.content.decode()
    pdf = leader_client.get(reverse("metrics:report-pdf", args=[demo.slug, progress.public_id]))
    assert pdf.status_code == 200


def test_team_member_who_is_not_senior_leader_cannot_open_progress(center_client, demo, progress):
    url = reverse("metrics:report", args=[demo.slug, progress.public_id])
    assert center_client.get(url).status_code == 404


def test_draft_progress_report_is_hidden_from_senior_leaders(leader_client, demo, progress):
    progress.published_at = None
    progress.save()
    url = reverse("metrics:report", args=[demo.slug, progress.public_id])
    assert leader_client.get(url).status_code == 404


def test_it_edits_and_publishes_narrative_and_leaders_are_notified_once(
    it_client, demo, progress, leader_user
):
    url = reverse("metrics:report-edit", args=[demo.slug, progress.public_id])
    it_client.post(url, {"narrative": "Draft words", "action": "save"})
    progress.refresh_from_db()
    assert progress.narrative == "Draft words"
    files = progress.files.count()
    it_client.post(url, {"narrative": "Great progress on the log.", "action": "publish"})
    it_client.post(url, {"narrative": "Great progress on the log.", "action": "publish"})
    progress.refresh_from_db()
    assert progress.published_at is not None
    assert progress.files.count() == files + 2
    notes = Notification.objects.filter(
        kind="progress_report_published", object_key=str(progress.public_id)
    )
    assert list(notes.values_list("recipient", flat=True)) == [leader_user.pk]
    assert "Great progress on the log." in report_html(progress)


def test_only_it_edits_progress_reports(leader_client, faculty_client, demo, progress):
    url = reverse("metrics:report-edit", args=[demo.slug, progress.public_id])
    assert leader_client.post(url, {"narrative": "x"}).status_code == 403
    assert faculty_client.post(url, {"narrative": "x"}).status_code == 403


def test_build_on_demand(it_client, center_client, demo, django_capture_on_commit_callbacks):
    url = reverse("metrics:reports-build", args=[demo.slug])
    month = Report.objects.filter(collaborative=demo).latest("month").month
    with django_capture_on_commit_callbacks(execute=True):
        response = it_client.post(url, {"month": month.strftime("%Y-%m"), "kind": "metric"})
    assert response.status_code == 302
    assert center_client.post(url, {"month": "2026-01"}).status_code == 403
    response = it_client.post(url, {"month": "soon"}, follow=True)
    assert "YYYY-MM" in response.content.decode()


def test_senior_leader_home_lists_latest_reports(leader_client, demo):
    body = leader_client.get(reverse("portal:collaborative", args=[demo.slug])).content.decode()
    assert "Latest reports" in body and "Progress report" in body


def test_progress_drafts_three_weeks_before_a_learning_session(
    demo, django_capture_on_commit_callbacks, eager_tasks
):
    import datetime

    from collaboratives.schedule.models import Event
    from metrics.reports.drafts import build_progress_drafts

    session = Event.objects.filter(
        collaborative=demo, kind="learning_session", start__gt=timezone.now()
    ).first()
    assert session is not None
    too_early = session.start - datetime.timedelta(days=40)
    assert not build_progress_drafts(demo, too_early)
    with django_capture_on_commit_callbacks(execute=True):
        assert build_progress_drafts(demo, session.start - datetime.timedelta(days=10))
    assert not build_progress_drafts(demo, session.start - datetime.timedelta(days=9))
    drafts = Report.objects.filter(collaborative=demo, kind="progress", published_at__isnull=True)
    assert drafts.count() >= demo.centers.count() - 1
    assert all(d.files.exists() for d in drafts)


def test_progress_report_shows_self_assessment_rounds_when_available(demo, first_center):
    import datetime
    from decimal import Decimal

    from django.apps import apps

    from collaboratives.framework.models import ChangeFramework, PrimaryDriver, SecondaryDriver

    try:
        round_model = apps.get_model("centers", "AssessmentRound")
        assessment_model = apps.get_model("centers", "SelfAssessment")
        rating_model = apps.get_model("centers", "Rating")
    except LookupError:
        pytest.skip("self-assessments are not in this build")
    framework, _ = ChangeFramework.objects.get_or_create(collaborative=demo)
    primary = PrimaryDriver.objects.create(framework=framework, number=9, name="Relationships")
    secondary = SecondaryDriver.objects.create(primary=primary, number=1, text="Warm greetings")
    today = datetime.date.today()
    for number, score in ((91, "2.5"), (92, "3.5")):
        rnd = round_model.objects.create(
            collaborative=demo, number=number, name=f"Round {number}", opens_on=today, due_on=today
        )
        assessment = assessment_model.objects.create(
            center=first_center, round=rnd, status="submitted"
        )
        rating_model.objects.create(assessment=assessment, driver=secondary, score=Decimal(score))
    progress = Report.objects.get(kind="progress", center=first_center)
    html = report_html(progress)
    assert "Self-assessment across rounds" in html
    assert "Round 91" in html and "3.5" in html
