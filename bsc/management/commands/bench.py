"""`make bench`: seed a small (8 centers) and a large (160 centers, 24 months) collaborative in
the bench database, then time each app's pages against a baseline view in the same run."""

import statistics
import time
import warnings
from dataclasses import dataclass
from types import ModuleType

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from bsc.bench import BenchPage, BenchWorld, bench_modules, rebuild_database, seed_world
from bsc.bench_urls import BASELINE_URL
from bsc.models import User

LATENCY_TARGET = 3.0  # a page's median may be at most this many times the baseline's


@dataclass
class Measure:
    median_ms: float
    queries: int
    status: int


def _get(client: Client, url: str) -> int:
    """The status of `url`, with a streamed body read to its end: its time is the page's."""
    response = client.get(url)
    if response.streaming:
        for _chunk in response.streaming_content:
            pass
    return response.status_code


def _pages(modules: list[ModuleType], world: BenchWorld, only: str = "") -> list[BenchPage]:
    """The apps' pages in `world`, or those whose name has one of the |-separated texts."""
    return [
        page
        for module in modules
        if hasattr(module, "pages")
        for page in module.pages(world)
        if any(part in page.name for part in only.split("|"))
    ]


class Command(BaseCommand):
    help = "Rebuild the bench database, seed 8- and 160-center collaboratives, time the pages."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--requests", type=int, default=15, help="timed requests per page")
        parser.add_argument("--centers", type=int, default=160, help="centers in the large one")
        parser.add_argument("--months", type=int, default=24)
        parser.add_argument(
            "--profile", action="store_true", help="print where the measured pages spend time"
        )
        parser.add_argument(
            "--profile-code",
            default="",
            help="with --profile, list only functions whose file path matches this regex "
            "(e.g. 'bsc|centers|collaboratives|metrics|pdsa' for the project's own code)",
        )
        parser.add_argument(
            "--only",
            default="",
            help="time only pages whose name has one of these |-separated texts",
        )

    def handle(self, *args, **options) -> None:
        if not settings.BENCH:
            raise CommandError(
                "Run it as `make bench` (BENCH=1): it drops and rebuilds its own database."
            )
        rebuild_database()
        call_command("migrate", verbosity=0)
        modules = bench_modules()
        today = timezone.localdate()
        worlds = {}
        for key, centers in [("small", 8), ("large", options["centers"])]:
            started = time.perf_counter()
            worlds[key] = seed_world(
                modules, key=key, centers=centers, months=options["months"], today=today
            )
            self.stdout.write(
                f"Seeded {key}: {centers} centers, {options['months']} months "
                f"in {time.perf_counter() - started:.1f} s"
            )
        # Fresh tables have no planner statistics yet; a production database has them
        # (autovacuum), so the pages are timed with them, not with plans made blind.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        # STATIC_ROOT exists only after collectstatic; the pages' timings do not depend on it.
        warnings.filterwarnings("ignore", message="No directory at")
        # Measured as served in production: DEBUG off (no query log, no template debug info).
        with override_settings(
            ROOT_URLCONF="bsc.bench_urls", ALLOWED_HOSTS=["testserver"], DEBUG=False
        ):
            if options["profile"]:
                return self._profile(worlds, modules, options["only"], options["profile_code"])
            failures = self._measure(worlds, modules, options["requests"], options["only"])
        if failures:
            raise CommandError(f"{failures} page(s) miss a target.")

    def _profile(
        self, worlds: dict[str, BenchWorld], modules: list[ModuleType], only: str, code: str
    ) -> None:
        import cProfile
        import io
        import pstats

        for page in _pages(modules, worlds["large"], only):
            client = Client()
            client.force_login(User.objects.get(email=page.email))
            _get(client, page.url)
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(3):
                _get(client, page.url)
            profiler.disable()
            self.stdout.write(f"\n== {page.name} ({page.url})")
            report = io.StringIO()
            stats = pstats.Stats(profiler, stream=report)
            restrictions = [code, 60] if code else [60]
            stats.sort_stats("cumulative").print_stats(*restrictions)
            self.stdout.write(report.getvalue())

    def _measure(
        self, worlds: dict[str, BenchWorld], modules: list[ModuleType], n: int, only: str
    ) -> int:
        clients: dict[str, Client] = {}

        def client_for(email: str) -> Client:
            if email not in clients:
                clients[email] = Client()
                clients[email].force_login(User.objects.get(email=email))
            return clients[email]

        def count_queries(url: str, email: str) -> tuple[int, int]:
            client = client_for(email)
            for _ in range(2):
                _get(client, url)  # warm-up: template and URL caches
            reset_queries()  # the log is capped: seeding may have filled it
            with CaptureQueriesContext(connection) as queries:
                status = _get(client, url)
            return len(queries), status

        large, small = worlds["large"], worlds["small"]
        small_pages = {page.name: page for page in _pages(modules, small)}
        baseline_page = BenchPage("baseline: layout + 100-row table", BASELINE_URL, large.it_email)
        large_pages = _pages(modules, large, only)
        timed = [baseline_page, *large_pages]
        counts = {page.name: count_queries(page.url, page.email) for page in timed}
        # Round robin, so a busy moment on a shared machine slows every page alike.
        samples: dict[str, list[float]] = {page.name: [] for page in timed}
        for _ in range(n):
            for page in timed:
                client = client_for(page.email)
                started = time.perf_counter()
                _get(client, page.url)
                samples[page.name].append((time.perf_counter() - started) * 1000)
        measures = {
            page.name: Measure(statistics.median(samples[page.name]), *counts[page.name])
            for page in timed
        }

        baseline = measures[baseline_page.name]
        header = f"{'page':<38} {'median ms':>9} {'× base':>7} {'q(8)':>5} {'q(160)':>6}  result"
        self.stdout.write("")
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        self.stdout.write(
            f"{baseline_page.name:<38} {baseline.median_ms:>9.1f} {1:>7.2f} "
            f"{'':>5} {baseline.queries:>6}"
        )
        failures = 0
        for page in large_pages:
            big = measures[page.name]
            twin = small_pages.get(page.name)
            few = Measure(0, *count_queries(twin.url, twin.email)) if twin else None
            ratio = big.median_ms / baseline.median_ms
            problems = []
            if big.status != 200 or (few and few.status != 200):
                problems.append(f"HTTP {big.status if big.status != 200 else few.status}")
            if ratio > LATENCY_TARGET:
                problems.append("slow")
            if few is None or few.queries != big.queries:
                problems.append("queries grow")
            failures += bool(problems)
            result = "OK" if not problems else "FAIL (" + ", ".join(problems) + ")"
            self.stdout.write(
                f"{page.name:<38} {big.median_ms:>9.1f} {ratio:>7.2f} "
                f"{few.queries if few else '-':>5} {big.queries:>6}  {result}"
            )
        self.stdout.write("")
        self.stdout.write(
            f"Targets: median ≤ {LATENCY_TARGET:g}× baseline; same query count with "
            f"{len(small.centers)} and {len(large.centers)} centers."
        )
        return failures
