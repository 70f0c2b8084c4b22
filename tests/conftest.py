"""Named people across two tenants, shared by every test.

Tenant A (organization "Culture of Continuous Learning", collaborative BSC-SEL) and tenant B
("Riverside Early Learning Network") come from the demo loader, so all of the demo content
is there to test against: `it_user`, `faculty_user`, `center_user` (team leader of the first
center), `leader_user` (its senior leader), `other_center_user` (a teacher of the second center)
and `outsider` (IT of tenant B only).
"""

import os
import shutil
import socket
import struct
import subprocess
import sys
import time
import uuid
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client

from bsc.models import User


@pytest.fixture(scope="session", autouse=True)
def _pdf_of_identical_html_converted_once():
    """WeasyPrint is a pure function of the HTML, and each transactional test reloads the demo,
    whose ten reports render the same HTML every time: converting each distinct HTML once per
    session saves about 30 s per reload. Every PDF is still WeasyPrint's output for its HTML."""
    from metrics.reports import services

    converted: dict[str, bytes] = {}
    convert = services.html_to_pdf

    def html_to_pdf(html: str) -> bytes:
        if html not in converted:
            converted[html] = convert(html)
        return converted[html]

    services.html_to_pdf = html_to_pdf
    yield
    services.html_to_pdf = convert


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache, so the queries a test counts are those of a
    first view, whatever the tests before it rendered."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def demo(db):
    from collaboratives.membership.models import Collaborative

    return Collaborative.objects.get(slug="bsc-sel")


@pytest.fixture
def other_collaborative(db):
    from collaboratives.membership.models import Collaborative

    return Collaborative.objects.get(slug="riverside-families")


@pytest.fixture
def first_center(demo):
    return demo.centers.get(slug="sunrise")


@pytest.fixture
def second_center(demo):
    return demo.centers.get(slug="maple-street")


def _user(email: str) -> User:
    return User.objects.get(email=email)


@pytest.fixture
def it_user(db):
    return _user("it@demo.test")


@pytest.fixture
def faculty_user(db):
    return _user("faculty@demo.test")


@pytest.fixture
def center_user(db):
    return _user("center@demo.test")


@pytest.fixture
def leader_user(db):
    return _user("leader@demo.test")


@pytest.fixture
def other_center_user(db):
    return _user("maple-street-teacher1@demo.test")


@pytest.fixture
def outsider(db):
    return _user("other@demo.test")


def _client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def it_client(it_user):
    return _client_for(it_user)


@pytest.fixture
def faculty_client(faculty_user):
    return _client_for(faculty_user)


@pytest.fixture
def center_client(center_user):
    return _client_for(center_user)


@pytest.fixture
def leader_client(leader_user):
    return _client_for(leader_user)


@pytest.fixture
def other_center_client(other_center_user):
    return _client_for(other_center_user)


@pytest.fixture
def outsider_client(outsider):
    return _client_for(outsider)


@pytest.fixture
def client_for():
    return _client_for


@pytest.fixture
def eager_tasks():
    """Run Celery tasks in process for one test, as the embedded default does.

    With REDIS_URL set (CI on PostgreSQL and Redis) tasks go to the broker; a test that checks
    what a task did, inside its own transaction, asks for this. The real worker round trip has
    its own tests (marked `worker`).
    """
    from bsc.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


ROOT = Path(__file__).resolve().parent.parent


def _database_url(settings_dict: dict) -> str:
    name = settings_dict["NAME"]
    if settings_dict["ENGINE"].endswith("sqlite3"):
        if not name or "memory" in str(name):
            pytest.skip("the test database is in memory: a worker process cannot reach it")
        return f"sqlite:///{name}"
    user = settings_dict.get("USER") or ""
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{host}:{port}/{name}"


def start_celery_worker(
    var_dir: Path,
    *,
    name: str,
    queues: str | None = None,
    extra_env: dict[str, str] | None = None,
) -> subprocess.Popen:
    """Start `celery -A bsc worker` named `name` on the test database and REDIS_URL, in its
    own process group (so a test can kill it with its children), e-mail as files under
    `var_dir/mail`; returns once the worker answers a ping."""
    from bsc.celery import app

    database_url = _database_url(connection.settings_dict)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": settings.REDIS_URL,
        "VAR_DIR": str(var_dir),
        # Files the worker builds (reports) land where the test process reads them.
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DJANGO_SETTINGS_MODULE": "bsc.settings",
        **(extra_env or {}),
    }
    env.pop("EMAIL_URL", None)  # the worker writes e-mail as files we can count
    celery = shutil.which("celery", path=str(Path(sys.executable).parent)) or "celery"
    command = [
        celery,
        "-A",
        "bsc",
        "worker",
        "--pool=prefork",
        "--concurrency=2",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel=info",
        "-n",
        name,
    ]
    if queues:
        command += ["-Q", queues]
    with (var_dir / "worker.log").open("a") as log:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    destination = [name.replace("%h", socket.gethostname())]
    deadline = time.monotonic() + 60
    while not app.control.ping(destination=destination, timeout=1):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("The worker did not start:\n" + (var_dir / "worker.log").read_text())
    return process


def stop_celery_worker(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker, tmp_path_factory):
    """A `celery -A bsc worker` on the test database and REDIS_URL; stopped at the end.

    Skips without REDIS_URL. Tests whose rows the worker must read use `transactional_db`
    (and reload the demo, which the flush removes).
    """
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL")
    from bsc.celery import app

    var_dir = tmp_path_factory.mktemp("worker-var")
    app.control.purge()  # messages left by an earlier, interrupted run
    with django_db_blocker.unblock():
        process = start_celery_worker(var_dir, name=f"test-{uuid.uuid4().hex[:8]}@%h")
    try:
        yield {"var_dir": var_dir, "process": process}
    finally:
        stop_celery_worker(process)


@pytest.fixture
def worker_factory(transactional_db, tmp_path):
    """Start workers for one test (`start(name, queues=…, extra_env=…)`), e-mail as files under
    `tmp_path/mail`; those still running at the end are stopped. For tests that kill a worker:
    each is its own process group."""
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL")
    started: list[subprocess.Popen] = []

    def start(name: str, **options) -> subprocess.Popen:
        process = start_celery_worker(tmp_path, name=name, **options)
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            stop_celery_worker(process)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@pytest.fixture(scope="session")
def decompression_bomb() -> bytes:
    """A real 30000×30000 black PNG of about 110 KB: 900 megapixels once decoded."""
    side = 30_000
    row = b"\x00" + b"\x00" * ((side + 7) // 8)  # filter byte, then one bit a pixel
    packer = zlib.compressobj(9)
    body = b"".join(packer.compress(row * 1000) for _ in range(side // 1000)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", body)
        + _png_chunk(b"IEND", b"")
    )
