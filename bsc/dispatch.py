"""What the periodic dispatcher runs: each app may contribute `<app>/dispatch.py: dispatch(now)`,
which records the notifications that are due (reminders, digests); delivery follows."""

import datetime
from importlib import import_module

from django.conf import settings


def run_dispatchers(now: datetime.datetime) -> None:
    for app in settings.BSC_APPS:
        try:
            module = import_module(f"{app}.dispatch")
        except ModuleNotFoundError as error:
            if error.name != f"{app}.dispatch":
                raise
            continue
        module.dispatch(now)
