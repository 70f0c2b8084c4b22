"""Reports build through a real Celery worker with Redis (CI runs this with REDIS_URL and
DATABASE_URL set; the embedded default builds them in process, tested elsewhere)."""

import time
from pathlib import Path

import pytest
from django.db import connection

from tests import demo_snapshot

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def worker(celery_worker):
    if connection.vendor != "postgresql":
        pytest.skip("the worker shares the test database: PostgreSQL only")


def test_month_reports_build_through_the_worker(worker):
    from collaboratives.membership.models import Collaborative
    from metrics.reports.models import Report
    from metrics.reports.tasks import build_reports_for_month

    demo_snapshot.load_demo()
    demo = Collaborative.objects.get(slug="bsc-sel")
    month = Report.objects.filter(collaborative=demo).latest("month").month
    before = {r.pk: r.files.count() for r in Report.objects.filter(collaborative=demo, month=month)}
    count = build_reports_for_month.delay(demo.pk, month.isoformat(), "metric").get(timeout=120)
    assert count == demo.centers.count() + 1
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        reports = Report.objects.filter(collaborative=demo, month=month).exclude(kind="progress")
        if all(r.files.count() > before.get(r.pk, 0) for r in reports):
            break
        time.sleep(1)
    else:
        pytest.fail("the worker did not build every report in time")
    newest = reports.first().files.first()
    assert newest.file.read(4) == b"%PDF"
