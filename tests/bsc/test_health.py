"""GET /healthz (readiness): 200 while the database and the broker answer, 503 when either is
down. GET /healthz/live (liveness): 200 while the process answers, whatever the services."""

import socket
from unittest import mock

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # free once closed: nobody listens there


def _redis_is_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


def test_embedded_default(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "up", "broker": "in-process"}


def test_broker_down_is_503_but_the_process_is_alive(client, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{_closed_port()}/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "up", "broker": "down"}
    live = client.get("/healthz/live")
    assert live.status_code == 200
    assert live.json() == {"alive": True}


@pytest.mark.skipif(not _redis_is_up(), reason="no Redis on 127.0.0.1:6379")
def test_broker_up(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:6379/2"
    assert client.get("/healthz").json() == {"database": "up", "broker": "up"}


def test_database_down_is_503(client, settings):
    settings.REDIS_URL = ""
    with mock.patch("bsc.health.connection") as connection:
        connection.cursor.side_effect = OperationalError("gone")
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_healthz_needs_no_sign_in_and_no_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200


def test_liveness_touches_no_database(client, settings, django_assert_num_queries):
    settings.SECURE_SSL_REDIRECT = True
    with mock.patch("bsc.health.connection") as connection:
        connection.cursor.side_effect = OperationalError("gone")
        with django_assert_num_queries(0):
            response = client.get("/healthz/live")
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/healthz", "/healthz/live"])
def test_probes_refuse_writes_and_show_no_data(client, it_client, demo, path):
    for who in (client, it_client):
        for method in ("post", "put", "delete", "patch"):
            response = getattr(who, method)(path, data={"x": "1"})
            assert response.status_code == 405, (path, method)
        body = who.get(path).content.decode()
        assert demo.name not in body
        assert "@" not in body  # no e-mail address, no user
        assert set(who.get(path).json()) <= {"database", "broker", "alive"}
