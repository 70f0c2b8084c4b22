"""Probes for the load balancer and the orchestrator.

`/healthz` is readiness: 200 only while this instance can do its work, i.e. the database
answers and, when a broker is configured, the broker answers too (a write would otherwise be
kept only for the dispatcher's next run). `/healthz/live` is liveness: 200 as long as the
process answers requests at all, so a dead broker makes an instance unready, never
restarted.
"""

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe


def _broker_status() -> str:
    if not settings.REDIS_URL:
        return "in-process"
    import redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        client.ping()
    except (redis.RedisError, OSError):
        return "down"
    return "up"


def _database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any database failure means "down"
        return "down"
    return "up"


@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Readiness: 200 while the database and the broker answer; 503 otherwise."""
    database = _database_status()
    broker = _broker_status()
    ready = database == "up" and broker != "down"
    return JsonResponse({"database": database, "broker": broker}, status=200 if ready else 503)


@require_safe
def healthz_live(request: HttpRequest) -> JsonResponse:
    """Liveness: touches neither the database nor the broker."""
    return JsonResponse({"alive": True})
