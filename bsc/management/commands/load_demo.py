import zoneinfo
from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from bsc.demo import DEMO_LOGINS, DEMO_PASSWORD, DEMO_TIMEZONE, DemoContext


class Command(BaseCommand):
    help = "Create the demo collaboratives and people. Running it again changes nothing."

    def handle(self, *args, **options) -> None:
        ctx = DemoContext(today=timezone.localdate(timezone=zoneinfo.ZoneInfo(DEMO_TIMEZONE)))
        with transaction.atomic():
            for app in settings.BSC_APPS:
                try:
                    module = import_module(f"{app}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{app}.demo":
                        raise
                    continue
                module.load(ctx)
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Sign in with:"))
        for email, what in DEMO_LOGINS:
            self.stdout.write(f"  {email:<20} {DEMO_PASSWORD}   ({what})")
