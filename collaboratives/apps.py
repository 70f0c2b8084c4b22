from django.apps import AppConfig


class CollaborativesConfig(AppConfig):
    name = "collaboratives"
    default_auto_field = "django.db.models.BigAutoField"
