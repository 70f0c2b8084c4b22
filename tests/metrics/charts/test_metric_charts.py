"""Chart pages, IT's phases/exclusions/chart choice, the completeness board and reminders."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bsc.models import Notification
from bsc.tenancy import get_access
from centers.teams.models import Center
from collaboratives.schedule.models import Event
from metrics.charts.models import ChartExclusion, ChartPhase, ChartSetting
from metrics.charts.selectors import center_charts
from metrics.completeness.reminders import send_metric_reminders
from metrics.completeness.selectors import completeness
from metrics.dispatch import dispatch
from metrics.values.models import MetricValue, add_months
from metrics.values.selectors import metrics_of
from metrics.values.validation import collaborative_months, collaborative_today
from pdsa.cycles.models import Cycle, Ramp


def test_center_chart_page_marks_phases_and_signals(it_client, demo, first_center):
    response = it_client.get(reverse("metrics:center-charts", args=[demo.slug, first_center.slug]))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('class="spc-chart"') == demo.metrics.count()
    assert "New baseline after adopting visual schedules" in body  # the demo's rebased phase
    assert "Chart settings (Implementation Team)" in body
    assert "<title>" in body  # accessible chart title


def test_center_sees_charts_without_it_controls(center_client, demo, first_center):
    body = center_client.get(
        reverse("metrics:center-charts", args=[demo.slug, first_center.slug])
    ).content.decode()
    assert "Chart settings (Implementation Team)" not in body


def test_demo_has_shift_signals_at_some_centers_not_all(demo, it_user):
    access = get_access(it_user, demo.slug)
    metrics = metrics_of(access)
    months = collaborative_months(demo)
    with_signal = set()
    for center in demo.centers.all():
        for chart in center_charts(access, center, metrics, months):
            if "shift" in chart.signal_kinds:
                with_signal.add(center.slug)
    assert 1 <= len(with_signal) < demo.centers.count()


def test_chart_marks_pdsa_cycles_and_learning_sessions(demo, it_user, first_center):
    access = get_access(it_user, demo.slug)
    months = collaborative_months(demo)
    ramp = Ramp.objects.create(center=first_center, title="Feelings chart")
    Cycle.objects.create(ramp=ramp, number=1, objective="Try it", start_date=months[-2])
    assert Event.objects.filter(collaborative=demo, kind="learning_session").exists()
    chart = center_charts(access, first_center, metrics_of(access), months)[0]
    assert "Feelings chart" in chart.svg
    assert "Learning Session" in chart.svg


def test_collaborative_page_has_small_multiples_aggregate_and_summary(it_client, demo):
    response = it_client.get(reverse("metrics:collaborative-charts", args=[demo.slug]))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('class="chart small-multiple"') == demo.centers.count()
    assert body.count("chart.svg") == demo.centers.count()
    assert "all centers together" in body
    assert "Signals across metrics and centers" in body
    assert "▲" in body  # at least one shift icon in the summary


def test_collaborative_page_query_count_does_not_grow_with_centers(
    it_client, demo, django_assert_max_num_queries
):
    url = reverse("metrics:collaborative-charts", args=[demo.slug])
    with django_assert_max_num_queries(20):
        it_client.get(url)
    for number in range(5):
        Center.objects.create(collaborative=demo, name=f"Extra {number}", slug=f"extra-{number}")
    with django_assert_max_num_queries(20):
        it_client.get(url + "?metric=challenging-behaviors")


def test_it_adds_a_phase_and_an_exclusion_with_reasons(it_client, demo, first_center):
    month = collaborative_months(demo)[3].strftime("%Y-%m")
    url = reverse(
        "metrics:chart-annotation-add",
        args=[demo.slug, first_center.slug, "two-way-communication"],
    )
    it_client.post(url, {"kind": "phase", "month": month, "reason": "Log adopted"})
    it_client.post(url, {"kind": "exclusion", "month": month, "reason": "Half the month closed"})
    phase = ChartPhase.objects.get(center=first_center, metric__slug="two-way-communication")
    assert phase.reason == "Log adopted"
    exclusion = ChartExclusion.objects.get(center=first_center)
    body = it_client.get(
        reverse("metrics:center-charts", args=[demo.slug, first_center.slug])
    ).content.decode()
    assert "Half the month closed" in body
    delete = reverse(
        "metrics:chart-annotation-delete", args=[demo.slug, first_center.slug, exclusion.public_id]
    )
    assert it_client.post(delete).status_code == 302
    assert not ChartExclusion.objects.filter(pk=exclusion.pk).exists()


def test_phase_without_reason_is_refused(it_client, demo, first_center):
    month = collaborative_months(demo)[3].strftime("%Y-%m")
    url = reverse(
        "metrics:chart-annotation-add", args=[demo.slug, first_center.slug, "challenging-behaviors"]
    )
    response = it_client.post(url, {"kind": "phase", "month": month, "reason": " "}, follow=True)
    assert "Say why the chart gets a new baseline" in response.content.decode()


def test_chart_type_override_and_laney_choice(it_client, demo, first_center):
    url = reverse(
        "metrics:chart-setting", args=[demo.slug, first_center.slug, "two-way-communication"]
    )
    it_client.post(url, {"chart": "pp"})
    assert ChartSetting.objects.get(center=first_center).chart == "pp"
    body = it_client.get(
        reverse("metrics:center-charts", args=[demo.slug, first_center.slug])
    ).content.decode()
    assert "Laney p′" in body
    it_client.post(url, {"chart": ""})
    assert not ChartSetting.objects.filter(center=first_center).exists()


@pytest.mark.parametrize("client_name", ["center_client", "faculty_client"])
def test_only_it_manages_charts(request, client_name, demo, first_center):
    client = request.getfixturevalue(client_name)
    url = reverse(
        "metrics:chart-setting", args=[demo.slug, first_center.slug, "two-way-communication"]
    )
    assert client.post(url, {"chart": "run"}).status_code == 403


# Completeness -----------------------------------------------------------------------------


def test_completeness_board_for_it(it_client, demo):
    response = it_client.get(reverse("metrics:completeness", args=[demo.slug]))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-status="on_time"' in body
    assert 'data-status="missing"' in body  # the demo's center with gaps
    assert 'data-status="not_collected"' in body


def test_completeness_is_for_it_only(center_client, faculty_client, outsider_client, demo):
    url = reverse("metrics:completeness", args=[demo.slug])
    assert center_client.get(url).status_code == 403
    assert faculty_client.get(url).status_code == 403
    assert outsider_client.get(url).status_code == 404


def test_completeness_query_count_is_fixed(it_client, demo, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        it_client.get(reverse("metrics:completeness", args=[demo.slug]))


def test_late_and_on_time(demo, it_user, first_center):
    access = get_access(it_user, demo.slug)
    months = collaborative_months(demo)
    month = months[2]
    MetricValue.objects.filter(center=first_center, month=month).update(
        first_submitted_at=timezone.make_aware(datetime.datetime.combine(month, datetime.time(12)))
        + datetime.timedelta(days=70)
    )
    board = completeness(access, [first_center], months)
    assert board[0][1][2].status == "late"


def test_one_click_reminder_is_sent_once_a_day(it_client, demo, first_center):
    month = collaborative_today(demo).replace(day=1).strftime("%Y-%m")
    url = reverse("metrics:remind", args=[demo.slug, first_center.slug, month])
    response = it_client.post(url, HTTP_HX_REQUEST="true")
    assert "Reminder sent" in response.content.decode()
    count = Notification.objects.filter(kind="metric_reminder_manual").count()
    assert count >= 1
    response = it_client.post(url, HTTP_HX_REQUEST="true")
    assert "already reminded" in response.content.decode()
    assert Notification.objects.filter(kind="metric_reminder_manual").count() == count


def test_center_cannot_send_reminders(center_client, demo, first_center):
    url = reverse("metrics:remind", args=[demo.slug, first_center.slug, "2026-01"])
    assert center_client.post(url).status_code == 403


# Scheduled reminders ----------------------------------------------------------------------


def _at(demo, day):
    import zoneinfo

    return datetime.datetime.combine(day, datetime.time(9), tzinfo=zoneinfo.ZoneInfo(demo.timezone))


def test_reminders_before_due_then_one_escalation(demo, first_center, second_center):
    from metrics.values.models import MetricsSettings

    settings_row = MetricsSettings.objects.get(collaborative=demo)
    this_month = collaborative_today(demo).replace(day=1)
    last_month = add_months(this_month, -1)
    MetricValue.objects.filter(month=last_month, center=first_center).delete()
    due = settings_row.due_date(last_month)
    too_early = due - datetime.timedelta(days=settings_row.reminder_days_before + 1)
    assert send_metric_reminders(demo, _at(demo, too_early)) == 0

    reminder_day = due - datetime.timedelta(days=settings_row.reminder_days_before)
    sent = send_metric_reminders(demo, _at(demo, reminder_day))
    reminders = Notification.objects.filter(kind="metric_reminder")
    assert sent == reminders.count() > 0
    keys = set(reminders.values_list("object_key", flat=True))
    assert keys == {f"{first_center.public_id}:{last_month:%Y-%m}"}  # the others submitted
    recipients = {n.recipient for n in reminders}
    memberships = first_center.memberships.filter(user__in=recipients)
    assert all(m.data_point_person or m.center_role == "team_leader" for m in memberships)

    assert send_metric_reminders(demo, _at(demo, reminder_day + datetime.timedelta(days=1))) == 0
    escalation_day = due + datetime.timedelta(days=settings_row.escalation_days_after)
    assert send_metric_reminders(demo, _at(demo, escalation_day)) > 0
    assert send_metric_reminders(demo, _at(demo, escalation_day + datetime.timedelta(days=2))) == 0
    escalations = Notification.objects.filter(kind="metric_escalation")
    assert escalations.filter(recipient__email="leader@demo.test").exists()


def test_no_reminder_when_submitted(demo):
    this_month = collaborative_today(demo).replace(day=1)
    last_month = add_months(this_month, -1)
    from metrics.values.models import MetricsSettings

    due = MetricsSettings.objects.get(collaborative=demo).due_date(last_month)
    # Every center has last month's values except the demo's center with gaps.
    missing = {
        c.slug
        for c in demo.centers.all()
        if MetricValue.objects.filter(center=c, month=last_month).count() < 2
    }
    send_metric_reminders(demo, _at(demo, due - datetime.timedelta(days=1)))
    reminded = {
        key.split(":")[0]
        for key in Notification.objects.filter(kind="metric_reminder").values_list(
            "object_key", flat=True
        )
    }
    assert reminded == {str(c.public_id) for c in demo.centers.filter(slug__in=missing)}


def test_dispatch_runs_without_error(demo):
    dispatch(timezone.now())
    dispatch(timezone.now())


def test_it_sets_the_due_day_and_reminder_days(it_client, center_client, demo):
    from metrics.values.models import MetricsSettings

    url = reverse("metrics:settings", args=[demo.slug])
    data = {
        "due_day": 12,
        "reminder_days_before": 4,
        "escalation_days_after": 2,
        "baseline_months": 6,
    }
    assert it_client.post(url, data).status_code == 302
    assert MetricsSettings.objects.get(collaborative=demo).due_day == 12
    response = it_client.post(url, {**data, "due_day": 31})
    assert response.status_code == 400
    assert "between 1 and 28" in response.content.decode()
    assert center_client.get(url).status_code == 403


def test_cached_board_and_charts_follow_new_values(it_client, center_client, demo, first_center):
    month = collaborative_today(demo).replace(day=1).strftime("%Y-%m")
    board_url = reverse("metrics:completeness", args=[demo.slug])
    charts_url = reverse("metrics:collaborative-charts", args=[demo.slug]) + (
        "?metric=challenging-behaviors"
    )
    assert "<td>98.0</td>" not in it_client.get(charts_url).content.decode()
    before = it_client.get(board_url).content.decode()
    for slug, data in [
        ("challenging-behaviors", {"value": "98"}),
        ("two-way-communication", {"numerator": "5", "denominator": "10"}),
    ]:
        center_client.post(
            reverse("metrics:cell-save", args=[demo.slug, first_center.slug, slug, month]), data
        )
    after = it_client.get(board_url).content.decode()
    assert after.count('data-status="open"') == before.count('data-status="open"') - 1
    body = it_client.get(charts_url).content.decode()
    assert "98.0" in body


def test_small_multiple_image_is_tenant_checked(it_client, outsider_client, demo, first_center):
    url = reverse(
        "metrics:center-chart-svg", args=[demo.slug, first_center.slug, "two-way-communication"]
    )
    response = it_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert response.content.startswith(b"<svg")
    assert outsider_client.get(url).status_code == 404
