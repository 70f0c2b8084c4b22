"""Time report builds: every monthly metric report of a 160-center, 6-metric, 24-month
collaborative built by 2 worker processes, next to WeasyPrint alone rendering the same HTML
with the same processes (target: at most 1.5×), and `analyze` on 24 points."""

from __future__ import annotations

import datetime
import multiprocessing
import statistics
import time
import timeit
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections, transaction
from django.utils import timezone

from bsc.bench import BenchWorld

TARGET = 1.5
SLUG = "bench-reports"


def _make_world(centers: int, months: int) -> BenchWorld:
    from centers.models import Center
    from collaboratives.models import Collaborative, Organization
    from metrics.models import add_months

    today = timezone.localdate()
    organization = Organization.objects.create(name="Bench reports", slug=SLUG)
    start = add_months(today.replace(day=1), -(months - 1))
    collaborative = Collaborative.objects.create(
        organization=organization,
        name=f"Bench reports ({centers} centers)",
        slug=SLUG,
        start_date=start,
        end_date=add_months(today.replace(day=1), 1) - datetime.timedelta(days=1),
        status=Collaborative.Status.ACTIVE,
    )
    Center.objects.bulk_create(
        Center(collaborative=collaborative, slug=f"center-{n:03d}", name=f"Center {n:03d}")
        for n in range(centers)
    )
    rows = list(Center.objects.filter(collaborative=collaborative).order_by("slug"))
    return BenchWorld(collaborative, rows, months, "", "", "", "")


def _init_worker(warm_html: str) -> None:
    import django

    django.setup()
    # Each process opens its own database connection.
    connections.close_all()
    from metrics.reports import html_to_pdf

    # WeasyPrint and Pango fill their font and layout caches on the first documents: warm them
    # with a real report in every process, outside both timings, so neither phase gets them.
    for _ in range(2):
        html_to_pdf(warm_html)


def _build(report_id: int) -> tuple[float, float, float]:
    from metrics.models import Report
    from metrics.reports import report_build

    report = Report.objects.select_related("collaborative", "center").get(pk=report_id)
    started = time.perf_counter()
    result = report_build(report)
    return time.perf_counter() - started, result.html_seconds, result.pdf_seconds


def _render_pdf(html: str) -> float:
    from metrics.reports import html_to_pdf

    started = time.perf_counter()
    html_to_pdf(html)
    return time.perf_counter() - started


class Command(BaseCommand):
    help = "Time building all monthly metric reports against WeasyPrint alone (make bench)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--centers", type=int, default=160)
        parser.add_argument("--months", type=int, default=24)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--keep", action="store_true", help="keep the seeded data")

    def handle(self, *args: Any, **options: Any) -> None:
        from collaboratives.models import Organization
        from metrics import bench
        from metrics.models import Report
        from metrics.reports import month_reports, report_html
        from metrics.spc import analyze

        call_command("migrate", verbosity=0)
        self._analyze_timing(analyze)
        if Organization.objects.filter(slug__in=[SLUG, "bench-reports"]).exists():
            raise CommandError("Bench data of an earlier run is still there; remove it first.")
        started = time.perf_counter()
        with transaction.atomic():
            world = _make_world(options["centers"], options["months"])
            bench.seed(world)
        self.stdout.write(
            f"Seeded {len(world.centers)} centers × {len(bench.BENCH_METRICS)} metrics × "
            f"{options['months']} months in {time.perf_counter() - started:.1f} s"
        )
        month = world.extra["metrics_month"]
        # The all-collaborative report is the longest: start it first so both workers stay busy.
        reports = month_reports(world.collaborative, month)[::-1]
        ids = [r.pk for r in reports]
        warm_html = report_html(reports[-1])
        connections.close_all()
        context = multiprocessing.get_context("fork")
        try:
            with context.Pool(
                options["workers"], initializer=_init_worker, initargs=(warm_html,)
            ) as pool:
                started = time.perf_counter()
                builds = pool.map(_build, ids, chunksize=1)
                build_total = time.perf_counter() - started
                by_id = Report.objects.in_bulk(ids)
                htmls = [report_html(by_id[pk]) for pk in ids]
                started = time.perf_counter()
                renders = pool.map(_render_pdf, htmls, chunksize=1)
                render_total = time.perf_counter() - started
        finally:
            if not options["keep"]:
                from metrics.models import ReportFile

                for record in ReportFile.objects.filter(report__collaborative=world.collaborative):
                    record.file.delete(save=False)
                organization = world.collaborative.organization
                world.collaborative.delete()
                organization.delete()
        ratio = build_total / render_total
        per_build = [b[0] for b in builds]
        self.stdout.write(
            f"{len(ids)} reports, {options['workers']} worker processes\n"
            f"  full build: total {build_total:.1f} s, per report median "
            f"{statistics.median(per_build) * 1000:.0f} ms, max {max(per_build) * 1000:.0f} ms "
            f"(HTML {statistics.median(b[1] for b in builds) * 1000:.0f} ms, "
            f"PDF {statistics.median(b[2] for b in builds) * 1000:.0f} ms)\n"
            f"  WeasyPrint alone on the same HTML: total {render_total:.1f} s, per report median "
            f"{statistics.median(renders) * 1000:.0f} ms, max {max(renders) * 1000:.0f} ms\n"
            f"  ratio {ratio:.2f} (target ≤ {TARGET}) — {'OK' if ratio <= TARGET else 'FAIL'}"
        )
        if ratio > TARGET:
            raise CommandError("Report builds are slower than the target.")

    def _analyze_timing(self, analyze: Any) -> None:
        values = [12, 15, 9, 14, 11, 13, 10, 16, 8, 12, 7, 6, 9, 5, 6, 4, 7, 5, 3, 6, 4, 5, 3, 4]
        sizes = [30 + i % 5 for i in range(24)]
        for chart in ("run", "i", "p", "c"):
            loops = 500
            seconds = timeit.timeit(
                lambda chart=chart: analyze(
                    values, chart=chart, denominators=sizes if chart == "p" else None
                ),
                number=loops,
            )
            self.stdout.write(f"analyze({chart}, 24 points): {seconds / loops * 1e6:.0f} µs")
