"""Settings from the environment: production checks pass, the development key is refused."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "SECRET_KEY",
            "DJANGO_SETTINGS_MODULE",
            "DATABASE_URL",
            "REDIS_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests; check --deploy warns on it
        }
    }
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_debug_off_and_a_secret_key():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="k3y-" + "x7Q9!pL2#vR8$mN4^bT6&cW1*zY5(aS3)dF0" * 2,
        ALLOWED_HOSTS="bsc.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_refuses_to_start_with_debug_off_and_the_development_key():
    result = _manage("check", DEBUG="false")
    assert result.returncode != 0
    assert "development key is refused" in result.stderr


def test_boolean_variables_are_parsed_strictly():
    result = _manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be true/false" in result.stderr


@pytest.mark.parametrize("value", ["smtp://user:secret@mail.example.org:2525"])
def test_email_url_switches_to_smtp(value):
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER)",
        EMAIL_URL=value,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "mail.example.org",
        "2525",
        "user",
    ]


def test_default_is_embedded_sqlite_eager_tasks_and_file_mail():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'], "
        "s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND, s.DEBUG)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.mail.backends.filebased.EmailBackend",
        "True",
    ]


def test_postgresql_connections_are_checked_before_reuse():
    # A connection kept across requests (CONN_MAX_AGE) must survive a restart of PostgreSQL.
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings as s; d = s.DATABASES['default']; "
        "print(d['ENGINE'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/bsc_h2",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "django.db.backends.postgresql",
        "60",
        "True",
    ]


def test_with_redis_the_cache_ignores_connection_errors_quickly():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings as s; c = s.CACHES['default']; "
        "print(c['BACKEND'], c['OPTIONS']['IGNORE_EXCEPTIONS'], "
        "c['OPTIONS']['SOCKET_CONNECT_TIMEOUT'] <= 0.5, "
        "s.CELERY_BROKER_TRANSPORT_OPTIONS['max_retries'])",
        REDIS_URL="redis://127.0.0.1:6379/2",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "django_redis.cache.RedisCache",
        "True",
        "True",
        "0",
    ]
