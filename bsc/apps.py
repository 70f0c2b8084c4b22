from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BscConfig(AppConfig):
    name = "bsc"
    verbose_name = _("Accounts and notifications")
    default_auto_field = "django.db.models.BigAutoField"
