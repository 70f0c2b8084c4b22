"""Seed the load test's tenants, open the simulated people's sessions, and run the app's
processes and Locust, stopping every process it started whatever happens."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from bsc.bench import BenchWorld, bench_modules, member_email, seed_world

ROOT = Path(__file__).resolve().parents[2]
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
KEYS = ["large", "medium", "small", "fourth", "fifth"]
# Which tenant each of ten consecutive users belongs to (by size rank), and each tenant's
# cycle of roles: every tenant has all four portals' people once it has four users.
TENANT_PATTERN = [0, 1, 2, 0, 1, 0, 2, 0, 1, 0]
ROLE_CYCLE = ["center", "faculty", "it", "leader", "center"]
LABELS = {"it": "IT", "faculty": "Faculty", "center": "Center member", "leader": "Senior leader"}


def seed_tenants(centers: list[int], months: int, log: Any) -> dict[str, BenchWorld]:
    """One organization and collaborative per entry of `centers`, largest first, each with every
    app's bench data and what the load test's journeys open (built reports)."""
    from django.db import connection
    from django.utils import timezone

    modules = bench_modules()
    today = timezone.localdate()
    worlds = {}
    for key, count in zip(KEYS, sorted(centers, reverse=True), strict=False):
        started = time.perf_counter()
        world = seed_world(modules, key=key, centers=count, months=months, today=today)
        for module in modules:
            if hasattr(module, "seed_loadtest"):
                module.seed_loadtest(world, centers=min(count, 3))
        worlds[key] = world
        seconds = time.perf_counter() - started
        log(f"Seeded {key}: {count} centers, {months} months in {seconds:.0f} s")
    # Fresh tables have no planner statistics yet; a production database has them.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return worlds


def tenant_names(world: BenchWorld) -> list[str]:
    """What shows a tenant's data: its organization, collaborative, centers, teams and people's
    e-mail domain; each is unique to it (bsc.bench names them after the world's key)."""
    collaborative = world.collaborative
    names = [collaborative.organization.name, collaborative.name, f"@{world.key}.bench"]
    for center in world.centers:
        names += [center.name, center.team_name]
    return names


def _identity(world: BenchWorld, role: str, index: int) -> tuple[str, dict[str, str], str]:
    """The e-mail, the pages and the center of the `index`-th simulated person of `role`."""
    slug = world.collaborative.slug
    urls = {"home": f"/c/{slug}/", "reports": reverse("metrics:reports", args=[slug])}
    center = ""
    if role == "it":
        email = f"it{index % 4}@{world.key}.bench"
        urls |= {
            "pdsa": reverse("pdsa:home", args=[slug]),
            "completeness": reverse("metrics:completeness", args=[slug]),
            "workplan": reverse("collaboratives:workplan", args=[slug]),
        }
    elif role == "faculty":
        email = f"faculty{index % 5}@{world.key}.bench"
        urls |= {
            "feedback": reverse("pdsa:feedback-queue", args=[slug]),
            "board": reverse("pdsa:board", args=[slug]),
        }
    else:
        # Senior leaders read the centers whose reports were built; team leaders each work in
        # a center of their own, so no two simulated people save the same cycle or month.
        choices = world.centers[:3] if role == "leader" else world.centers
        center = choices[index % len(choices)].slug
        email = member_email(world.key, center, 0 if role == "leader" else 1)
        urls["charts"] = reverse("metrics:center-charts", args=[slug, center])
        if role == "center":
            urls |= {
                "center_pdsa": reverse("pdsa:center", args=[slug, center]),
                "entry": reverse("metrics:entry", args=[slug, center]),
            }
    return email, urls, center


def build_plan(worlds: dict[str, BenchWorld], users: int, secret_key: str) -> dict[str, Any]:
    """Who the simulated users are, each with a session opened as Django's test client does
    (a real session row, signed with the served app's key), and each tenant's guard."""
    from bsc.bench_urls import BASELINE_URL
    from bsc.models import User

    keys = list(worlds)
    counters = dict.fromkeys(keys, 0)
    role_counts: dict[tuple[str, str], int] = {}
    people = []
    with override_settings(SECRET_KEY=secret_key):
        for n in range(users):
            key = keys[TENANT_PATTERN[n % len(TENANT_PATTERN)] % len(keys)]
            role = ROLE_CYCLE[counters[key] % len(ROLE_CYCLE)]
            counters[key] += 1
            index = role_counts.get((key, role), 0)
            role_counts[(key, role)] = index + 1
            email, urls, center = _identity(worlds[key], role, index)
            client = Client()
            client.force_login(User.objects.get(email=email))
            people.append(
                {
                    "tenant": key,
                    "role": role,
                    "label": LABELS[role],
                    "email": email,
                    "center": center,
                    "session": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "urls": urls,
                }
            )
    names = {key: tenant_names(world) for key, world in worlds.items()}
    return {
        "baseline": BASELINE_URL,
        "tenants": {
            key: {
                "centers": len(world.centers),
                "foreign_names": [n for other in keys if other != key for n in names[other]],
            }
            for key, world in worlds.items()
        },
        "users": people,
    }


@dataclass
class Served:
    url: str
    env: dict[str, str]


def _stop(process: subprocess.Popen, log: Any) -> None:
    """Stop the process group the load test started (the master and its workers), by its id."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        log(f"Process {process.pid} did not stop in 20 s: killed.")
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _wait_healthy(url: str, processes: list[subprocess.Popen], logs: list[Path]) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        for process, log in zip(processes, logs, strict=True):
            if process.poll() is not None:
                raise RuntimeError(f"{log.name} stopped at start:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=5) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except OSError:  # not listening yet, or the database or Redis not answering yet
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url}/healthz did not answer 200 in 90 s")


@contextlib.contextmanager
def serving(
    *, port: int, workers: int, secret_key: str, run: str, logs: Path, log: Any
) -> Iterator[Served]:
    """gunicorn (`workers` processes) and one Celery worker on the load test's database, as
    in production (DEBUG off), on 127.0.0.1:`port`; both stop when the block ends, also on an
    error or Ctrl-C."""
    bin_dir = Path(sys.executable).parent
    env = {
        **os.environ,
        "LOADTEST": "1",
        "LOADTEST_RUN": run,
        "DEBUG": "false",
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"https://127.0.0.1:{port}",
        # Where the seed stored the reports' PDFs.
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    commands = {
        "gunicorn.log": [
            str(bin_dir / "gunicorn"),
            "bsc.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
        ],
        "celery.log": [
            str(bin_dir / "celery"),
            "-A",
            "bsc",
            "worker",
            "--queues",
            f"loadtest-{run}",
            "--concurrency",
            "1",
            "--loglevel",
            "warning",
        ],
    }
    processes: list[subprocess.Popen] = []
    paths: list[Path] = []
    url = f"http://127.0.0.1:{port}"
    try:
        for name, command in commands.items():
            path = logs / name
            paths.append(path)
            with path.open("w") as out:
                processes.append(
                    subprocess.Popen(  # noqa: S603 - our own processes
                        command,
                        cwd=ROOT,
                        env=env,
                        stdout=out,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
            log(f"Started {command[0].rsplit('/', 1)[-1]} (pid {processes[-1].pid}), log {path}")
        _wait_healthy(url, processes, paths)
        log(f"{url}/healthz answers 200.")
        yield Served(url=url, env=env)
    finally:
        for process in reversed(processes):
            _stop(process, log)
        # What the worker had not taken belongs to this run's database: drop it with the run.
        subprocess.run(  # noqa: S603 - our own Celery app
            [str(bin_dir / "celery"), "-A", "bsc", "purge", "-f", "--queues", f"loadtest-{run}"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            check=False,
        )
        log("Stopped gunicorn and the Celery worker.")


def run_locust(
    served: Served,
    *,
    plan: Path,
    output: Path,
    users: int,
    seconds: int,
    warmup: int,
    logs: Path,
    log: Any,
) -> None:
    """Locust headless against the served app for `warmup` and then `seconds` measured, in a
    process of its own."""
    spawn_rate = max(1, users // 10)
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(spawn_rate),
        "--run-time",
        f"{warmup + seconds}s",
        "--stop-timeout",
        "10",
        "--host",
        served.url,
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    env = {**os.environ, "LOADTEST_PLAN": str(plan), "LOADTEST_OUTPUT": str(output)}
    log(
        f"Locust: {users} users (+{spawn_rate}/s) for {warmup} s of warm-up and {seconds} s "
        f"measured against {served.url}"
    )
    with (logs / "locust.log").open("w") as out:
        process = subprocess.Popen(  # noqa: S603 - Locust from this environment
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            process.wait(timeout=warmup + seconds + 120)
        except subprocess.TimeoutExpired:
            log("Locust did not stop in time: stopped.")
        finally:
            _stop(process, log)
    if not output.exists():
        raise RuntimeError(
            "Locust wrote no measurements:\n" + (logs / "locust.log").read_text()[-3000:]
        )
