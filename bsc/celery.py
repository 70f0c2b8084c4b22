import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bsc.settings")

app = Celery("bsc")
app.config_from_object("django.conf:settings", namespace="CELERY")


def _packages_with_tasks() -> list[str]:
    """The core and every feature package that has a tasks.py: tasks live in the rooms
    (`metrics/reports/tasks.py`), which Celery's default discovery of `<app>.tasks` misses."""
    from django.conf import settings

    root = Path(settings.BASE_DIR)
    packages = ["bsc"]
    for app_name in settings.BSC_APPS:
        packages += [
            f"{app_name}.{path.parent.name}"
            for path in sorted((root / app_name).glob("*/tasks.py"))
        ]
    return packages


app.autodiscover_tasks(_packages_with_tasks)
