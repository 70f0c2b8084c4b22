from django.apps import AppConfig


class PdsaConfig(AppConfig):
    name = "pdsa"
    default_auto_field = "django.db.models.BigAutoField"
