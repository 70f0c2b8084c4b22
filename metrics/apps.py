from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "metrics"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The newsletter's e-mails carry their HTML: the sender finds it by kind.
        from metrics.newsletter import services  # noqa: F401
