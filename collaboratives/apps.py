from django.apps import AppConfig


class CollaborativesConfig(AppConfig):
    name = "collaboratives"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Reminder e-mails carry the event's .ics: register the attachment provider.
        from collaboratives.schedule import reminders  # noqa: F401
