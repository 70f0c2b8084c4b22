"""`make loadtest`: rebuild the load test's database with three tenants, serve it as in
production (gunicorn and a Celery worker) and drive the four portals' journeys with Locust;
print throughput, latencies against the baseline page and the targets' verdicts."""

import json
import secrets
import shutil
import signal
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from bsc.bench import rebuild_database
from bsc.loadtest import orchestra
from bsc.loadtest.report import build_report, render


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _sizes(raw: str) -> list[int]:
    try:
        sizes = [int(part) for part in raw.split(",")]
    except ValueError:
        raise CommandError("--centers takes whole numbers with commas, e.g. 160,40,8") from None
    if not 2 <= len(sizes) <= len(orchestra.KEYS) or min(sizes) < 1:
        raise CommandError(f"--centers takes 2 to {len(orchestra.KEYS)} sizes of at least 1.")
    return sizes


class Command(BaseCommand):
    help = "Rebuild the load test's database, serve it with gunicorn and Celery, run Locust."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--users", type=int, default=50, help="simulated users")
        parser.add_argument("--seconds", type=int, default=75, help="how long they are timed")
        parser.add_argument(
            "--warmup", type=int, default=10, help="seconds before that, errors counted only"
        )
        parser.add_argument("--centers", default="160,40,8", help="each tenant's centers")
        parser.add_argument("--months", type=int, default=24)
        parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
        parser.add_argument("--port", type=int, default=8601, help="on 127.0.0.1")
        parser.add_argument("--report", default="", help="also write the report as JSON here")

    def handle(self, *args, **options) -> None:
        if not settings.LOADTEST:
            raise CommandError(
                "Run it as `make loadtest` (LOADTEST=1): it drops and rebuilds its own database."
            )
        if not settings.REDIS_URL:
            raise CommandError("The load test runs a Celery worker: set REDIS_URL.")
        sizes = _sizes(options["centers"])
        # A stop sent to the command (`timeout`, a CI runner) unwinds like Ctrl-C, so the
        # processes it started are stopped too.
        signal.signal(signal.SIGTERM, _interrupt)
        if options["users"] < 1 or options["seconds"] < 1 or options["warmup"] < 0:
            raise CommandError("--users and --seconds must be at least 1, --warmup at least 0.")
        started = time.perf_counter()
        rebuild_database()
        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
        call_command("migrate", verbosity=0)
        self.stdout.write(f"Migrated a new database in {time.perf_counter() - started:.0f} s")
        worlds = orchestra.seed_tenants(sizes, options["months"], self.stdout.write)
        secret_key = secrets.token_urlsafe(50)
        plan = orchestra.build_plan(worlds, options["users"], secret_key)
        plan["warmup_seconds"] = options["warmup"]
        with tempfile.TemporaryDirectory(prefix="loadtest-") as folder:
            logs = Path(folder)
            plan_path, output = logs / "plan.json", logs / "measured.json"
            plan_path.write_text(json.dumps(plan))
            try:
                with orchestra.serving(
                    port=options["port"],
                    workers=options["workers"],
                    secret_key=secret_key,
                    run=secrets.token_hex(4),
                    logs=logs,
                    log=self.stdout.write,
                ) as served:
                    orchestra.run_locust(
                        served,
                        plan=plan_path,
                        output=output,
                        users=options["users"],
                        seconds=options["seconds"],
                        warmup=options["warmup"],
                        logs=logs,
                        log=self.stdout.write,
                    )
            except RuntimeError as error:
                raise CommandError(str(error)) from error
            measured = json.loads(output.read_text())
            errors_log = (logs / "gunicorn.log").read_text()
        tenants = {key: len(world.centers) for key, world in worlds.items()}
        report = build_report(measured, tenants, options["users"])
        self.stdout.write(render(report))
        if report.errors and "Traceback" in errors_log:
            self.stdout.write("\nThe web processes logged:\n" + errors_log[-4000:])
        if options["report"]:
            Path(options["report"]).write_text(json.dumps(report.as_dict(), indent=2))
        if report.failures:
            raise CommandError(
                f"{len(report.failures)} target(s) missed: " + "; ".join(report.failures)
            )
        self.stdout.write("All targets met.")
