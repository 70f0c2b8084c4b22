"""Two web processes, each with its own media directory, serve each other's uploads through
the object store: what one process stored is there for the other, nothing is on either disk.

Real gunicorn processes on the test database, moto's S3 server on 127.0.0.1. Marked
`processes`; it needs PostgreSQL (the processes share the test database), so it runs once in
CI, on the PostgreSQL pass.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client

pytestmark = [
    pytest.mark.processes,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the web processes share the test database: PostgreSQL only",
    ),
]

ROOT = Path(__file__).resolve().parents[2]
S3_PORT, WEB_PORTS = 8121, (8122, 8123)
BUCKET = "bsc-shared-media"
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    import requests

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("A web process stopped:\n" + log.read_text())
        try:
            requests.get(url, timeout=10)
            return
        except requests.RequestException:  # not listening yet, or still loading the app
            time.sleep(0.3)
    pytest.fail("A web process did not start:\n" + log.read_text())


@pytest.fixture
def two_web_processes(transactional_db, tmp_path):
    boto3 = pytest.importorskip("boto3")
    moto_server = pytest.importorskip("moto.server")
    s3 = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=S3_PORT, verbose=False)
    s3.start()
    boto3.client(
        "s3",
        endpoint_url=f"http://127.0.0.1:{S3_PORT}",
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="us-east-1",
    ).create_bucket(Bucket=BUCKET)
    database = settings.DATABASES["default"]
    database_url = (
        f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    processes = []
    media_roots = []
    try:
        for port in WEB_PORTS:
            media = tmp_path / f"media-{port}"
            media_roots.append(media)
            log = tmp_path / f"web-{port}.log"
            env = {
                **os.environ,
                "DATABASE_URL": database_url,
                "STORAGE_URL": (
                    f"s3://test:test@127.0.0.1:{S3_PORT}/{BUCKET}?region=us-east-1&secure=false"
                ),
                "MEDIA_ROOT": str(media),
                "DEBUG": "true",
                "ALLOWED_HOSTS": "127.0.0.1",
            }
            env.pop("REDIS_URL", None)  # sessions live in the database; the cache is local
            with log.open("w") as out:
                process = subprocess.Popen(
                    [gunicorn, "bsc.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
                    cwd=ROOT,
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            processes.append(process)
            _wait_until_up(f"http://127.0.0.1:{port}/healthz/live", process, log)
        yield [f"http://127.0.0.1:{port}" for port in WEB_PORTS], media_roots
    finally:
        for process in processes:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        s3.stop()


def test_each_process_serves_the_others_uploads(two_web_processes):
    import requests

    from bsc.models import User
    from pdsa.library.models import Resource

    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - the flush removed it
    assert connection.vendor == "postgresql"
    (first, second), media_roots = two_web_processes
    it_member = User.objects.filter(
        memberships__collaborative__slug="bsc-sel", memberships__role="implementation_team"
    ).first()
    signed_in = Client()
    signed_in.force_login(it_member)
    session = requests.Session()
    session.cookies.set("sessionid", signed_in.cookies["sessionid"].value)

    def upload(base: str, title: str) -> Resource:
        form = session.get(f"{base}/c/bsc-sel/resources/new/", timeout=30)
        assert form.status_code == 200
        response = session.post(
            f"{base}/c/bsc-sel/resources/new/",
            data={"title": title},
            files={"upload": ("guide.pdf", PDF, "application/pdf")},
            headers={"X-CSRFToken": session.cookies["csrftoken"], "Referer": form.url},
            allow_redirects=False,
            timeout=30,
        )
        assert response.status_code == 302, response.text[:2000]
        return Resource.objects.get(title=title)

    for origin, other in ((first, second), (second, first)):
        resource = upload(origin, f"Guide from {origin}")
        served = session.get(f"{other}/c/bsc-sel/resources/{resource.public_id}/file/", timeout=30)
        assert served.status_code == 200 and served.content == PDF
        assert served.headers["X-Content-Type-Options"] == "nosniff"
        anonymous = requests.get(
            f"{other}/c/bsc-sel/resources/{resource.public_id}/file/",
            allow_redirects=False,
            timeout=30,
        )
        assert anonymous.status_code in (302, 403)  # to sign-in, never the file
    for media in media_roots:
        assert not any(media.rglob("*.pdf")) if media.exists() else True
