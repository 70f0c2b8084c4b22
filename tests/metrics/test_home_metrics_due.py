"""The IT's "What to do now" counts the centers behind on last month's metrics in the
database, with the same verdict as the completeness board, and a new entry shows at once."""

import datetime

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from bsc.tenancy import get_access
from metrics.charts.selectors import MISSING, PARTIAL
from metrics.completeness import selectors
from metrics.completeness.selectors import completeness
from metrics.values.models import MetricValue
from metrics.values.selectors import metrics_of
from metrics.values.services import metrics_settings_for
from metrics.values.validation import collaborative_months


def _behind(access, month, today):
    board = completeness(access, list(access.collaborative.centers.all()), [month], today)
    return [center for center, cells in board if cells[0].status in (MISSING, PARTIAL)]


def _line(count, month):
    noun = "center has" if count == 1 else "centers have"
    return f"{count} {noun} not entered {date_format(month, 'F Y')}&#x27;s metrics"


@pytest.mark.django_db
def test_the_count_matches_the_board_and_follows_a_new_entry(monkeypatch, it_client, it_user, demo):
    access = get_access(it_user, demo.slug)
    month = collaborative_months(demo)[-3:][-2]
    settings_row = metrics_settings_for(demo)
    # A day after last month's due day, whatever today is.
    after_due = settings_row.due_date(month) + datetime.timedelta(days=1)
    monkeypatch.setattr(selectors, "collaborative_today", lambda collaborative: after_due)
    centers = list(demo.centers.order_by("name"))
    MetricValue.objects.filter(center__in=centers[:2], month=month).delete()
    MetricValue.objects.filter(center=centers[2], month=month).first().delete()
    behind = _behind(access, month, after_due)
    assert len(behind) >= 3
    assert _line(len(behind), month) in it_client.get("/c/bsc-sel/").content.decode()

    center = behind[0]
    required = [m for m in metrics_of(access) if m.required] or metrics_of(access)
    now = timezone.now()
    for metric in required:
        if not MetricValue.objects.filter(center=center, metric=metric, month=month).exists():
            MetricValue.objects.create(
                center=center,
                metric=metric,
                month=month,
                value=1,
                numerator=1,
                denominator=2,
                first_submitted_at=now,
                submitted_at=now,
            )
    assert _line(len(behind) - 1, month) in it_client.get("/c/bsc-sel/").content.decode()
