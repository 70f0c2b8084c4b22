from django.apps import AppConfig


class PdsaConfig(AppConfig):
    name = "pdsa"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The board's feed listens for posted cycles.
        from pdsa.board import receivers  # noqa: F401
