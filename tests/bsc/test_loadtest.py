"""`manage.py loadtest` end to end, small: its own database with three tiny tenants, gunicorn and
a Celery worker, five simulated users for ten seconds, then the report.

The end-to-end test is marked `processes`; it needs PostgreSQL and Redis (the served processes
and the worker), so it runs once in CI, on the PostgreSQL + Redis pass.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from bsc.loadtest.pages import TenantGuard, forms_of
from bsc.loadtest.report import build_report, percentile

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.processes
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres")
    or not os.environ.get("REDIS_URL"),
    reason="the served processes need PostgreSQL and the Celery worker Redis",
)
def test_a_small_load_test_reports_every_portals_pages_with_no_errors(tmp_path):
    report_path = tmp_path / "report.json"
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    finished = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "loadtest",
            "--users",
            "5",
            "--seconds",
            "10",
            "--warmup",
            "5",
            "--centers",
            "3,2,1",
            "--months",
            "6",
            "--workers",
            "2",
            "--port",
            str(port),
            "--report",
            str(report_path),
        ],
        cwd=ROOT,
        env={**os.environ, "LOADTEST": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = json.loads(report_path.read_text())
    # Ten seconds of five users give about a dozen timings a page, too few for a p95 to mean
    # anything: the latency target is the real run's. Every other target holds here.
    assert [f for f in report["failures"] if not f.endswith(": slow")] == [], finished.stdout
    assert finished.returncode == (1 if report["failures"] else 0), finished.stderr[-4000:]
    assert report["tenants"] == {"large": 3, "medium": 2, "small": 1}
    assert report["errors"] == 0
    assert report["requests"] > 0 and report["per_second"] > 0
    # The other tenants' names were looked for in every page read, and none was there.
    assert report["responses_checked"] > 0
    assert report["leaks"] == []
    names = {page["name"] for page in report["pages"]}
    assert {"Center member: metric save", "Center member: PDSA stage save"} <= names
    assert report["baseline"]["requests"] > 0
    assert "Cross-tenant check:" in finished.stdout
    assert ("All targets met." in finished.stdout) == (not report["failures"])
    # Nothing it started outlives it: its port is free again.
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0


def _measured(**pages: dict) -> dict:
    return {"seconds": 10.0, "pages": pages, "queries": {}, "checked": 3, "leaks": []}


def _sample(times: list[float], errors: int = 0) -> dict:
    return {"method": "GET", "times": times, "errors": errors, "messages": {}}


def test_a_page_slower_than_ten_baselines_or_with_errors_misses_its_target():
    measured = _measured(
        baseline=_sample([10.0] * 20),
        **{"IT: home": _sample([50.0] * 18 + [150.0] * 2), "Faculty: board": _sample([20.0], 1)},
    )
    measured["queries"] = {"IT: home": {"small": [9, 8], "large": [12]}}
    report = build_report(measured, {"large": 160, "small": 8}, users=2)
    assert report.failures == [
        "Faculty: board: 1 errors",
        "IT: home: slow, queries grow",
    ]
    home = next(page for page in report.pages if page.name == "IT: home")
    assert (home.queries_small, home.queries_large) == (8, 12)
    assert home.p95_to_baseline_p50 == pytest.approx(15.0)


def test_a_leak_or_an_unchecked_run_fails():
    measured = _measured(baseline=_sample([10.0]))
    measured["leaks"] = ["another tenant's 'Large center 001' in /c/bench-small/"]
    measured["checked"] = 0
    report = build_report(measured, {"large": 160, "small": 8}, users=1)
    assert report.failures == [
        "1 responses showed another tenant's data",
        "no response was checked for other tenants' data",
    ]


def test_percentiles_are_nearest_rank():
    times = [float(n) for n in range(1, 101)]
    assert (percentile(times, 0.5), percentile(times, 0.95), percentile(times, 0.99)) == (
        50.0,
        95.0,
        99.0,
    )
    assert percentile([], 0.5) == 0.0


def test_loadtest_refuses_to_run_on_the_normal_database():
    with pytest.raises(CommandError, match="LOADTEST=1"):
        call_command("loadtest")


@pytest.mark.django_db
def test_each_tenant_names_its_data_apart_from_the_others():
    from django.utils import timezone

    from bsc.bench import build_world
    from bsc.loadtest.orchestra import tenant_names

    today = timezone.localdate()
    large = build_world(key="large", centers=3, months=6, today=today)
    small = build_world(key="small", centers=2, months=6, today=today)
    large_names, small_names = tenant_names(large), tenant_names(small)
    assert "Large center 002" in large_names and "@small.bench" in small_names
    # No name of one tenant is found in any of the other's: the guard cannot cry wolf.
    for name in large_names:
        assert not any(name in other or other in name for other in small_names), name


def test_a_page_forms_are_read_as_a_browser_sends_them():
    html = """
    <form method="post" action="/c/x/pdsa/cycles/1/comments/">
      <input type="hidden" name="csrfmiddlewaretoken" value="t">
      <input type="hidden" name="parent" value="">
      <textarea name="body">Hello &amp; welcome</textarea>
      <select name="scale"><option value="a">A</option>
        <option value="b" selected>B</option></select>
      <select name="kind"><option value="first">1</option><option value="second">2</option></select>
      <input type="checkbox" name="not_collected">
      <input type="checkbox" name="notify" value="yes" checked>
      <button type="submit" name="keep" value="theirs">Keep</button>
    </form>"""
    [form] = forms_of(html)
    assert form["action"] == "/c/x/pdsa/cycles/1/comments/"
    assert form["fields"] == {
        "csrfmiddlewaretoken": "t",
        "parent": "",
        "body": "Hello & welcome",
        "scale": "b",
        "kind": "first",
        "notify": "yes",
    }


def test_the_guard_finds_another_tenants_names_and_nothing_else():
    guard = TenantGuard(["Bench large", "Large center 001", "@large.bench"])
    assert guard.find("<td>Small center 001</td><td>it0@small.bench</td>") is None
    assert guard.find("<li>Large center 001</li>") == "Large center 001"
    assert guard.find('{"email": "faculty2@large.bench"}') == "@large.bench"
    assert TenantGuard([]).find("anything") is None
