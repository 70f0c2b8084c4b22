import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from bsc.dispatch import run_dispatchers
from bsc.notifications import deliver_pending


class Command(BaseCommand):
    help = "Record the reminders and digests that are due, then send every pending notification."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", help="Act as if it were this ISO-8601 time (for tests).")

    def handle(self, *args, **options) -> None:
        now = timezone.now()
        if options["now"]:
            try:
                now = datetime.datetime.fromisoformat(options["now"])
            except ValueError as exc:
                raise CommandError(f"--now must be ISO-8601, not {options['now']!r}") from exc
            if timezone.is_naive(now):
                now = timezone.make_aware(now, datetime.UTC)
        run_dispatchers(now)
        sent = deliver_pending(now)
        self.stdout.write(f"Sent {sent} notification(s).")
