from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse


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


def healthz(request: HttpRequest) -> JsonResponse:
    """200 while the database answers, whatever the broker says; 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "up"
    except Exception:  # noqa: BLE001 - any database failure means "down"
        database = "down"
    status = 200 if database == "up" else 503
    return JsonResponse({"database": database, "broker": _broker_status()}, status=status)
