"""Build a month's reports synchronously and print where the PDFs are (for operators)."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from collaboratives.membership.models import Collaborative
from metrics.reports.services import month_reports, progress_reports, report_build
from metrics.values.validation import parse_month


class Command(BaseCommand):
    help = "Build the monthly metric reports (or progress reports) of one collaborative."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--collaborative", required=True, help="the collaborative's slug")
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--kind", choices=["metric", "progress"], default="metric")

    def handle(self, *args, **options) -> None:
        collaborative = Collaborative.objects.filter(slug=options["collaborative"]).first()
        if collaborative is None:
            raise CommandError(f"No collaborative {options['collaborative']!r}.")
        try:
            month = parse_month(options["month"])
        except ValueError:
            raise CommandError("--month must look like 2026-03.") from None
        if options["kind"] == "progress":
            reports = progress_reports(collaborative, month)
        else:
            reports = month_reports(collaborative, month)
        for report in reports:
            result = report_build(report)
            self.stdout.write(result.file.file.name)
