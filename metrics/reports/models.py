import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from centers.teams.models import Center
from collaboratives.framework.models import FrameworkVersion
from collaboratives.membership.models import Collaborative
from metrics.values.models import month_label


class Report(models.Model):
    """A report for one month: a center's metric report, the collaborative's, or a progress
    report. Its PDFs are kept as `ReportFile`s, one per build, newest first."""

    class Kind(models.TextChoices):
        CENTER_METRICS = "center_metrics", _("Monthly metric report")
        COLLABORATIVE_METRICS = "collaborative_metrics", _("All-collaborative metric report")
        PROGRESS = "progress", _("Progress report")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="metric_reports"
    )
    center = models.ForeignKey(
        Center, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    month = models.DateField(_("month"))
    narrative = models.TextField(_("Implementation Team narrative"), blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-month", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "center", "kind", "month"],
                name="report_unique_per_center",
                condition=models.Q(center__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["collaborative", "kind", "month"],
                name="report_unique_per_collaborative",
                condition=models.Q(center__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        whom = self.center or self.collaborative
        return f"{self.get_kind_display()} · {whom} · {month_label(self.month)}"


def report_upload_to(instance: "ReportFile", filename: str) -> str:
    return f"reports/{instance.report.collaborative_id}/{filename}"


class ReportFile(models.Model):
    """One build of a report as PDF; older builds are kept."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=report_upload_to)
    built_at = models.DateTimeField()
    size = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)
    # The report's body exactly as the PDF was printed from it: the page shows this, so the
    # screen and the PDF never disagree, whatever changes in the framework or data later.
    html = models.TextField(blank=True)
    # The language the file was written in: each reader gets the build in theirs.
    language = models.CharField(max_length=8, default="en")
    framework_version = models.ForeignKey(
        FrameworkVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-built_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.report} built {self.built_at:%Y-%m-%d %H:%M}"


class ReportBuildRequest(models.Model):
    """A build of one month's reports, asked for on the reports page or by the dispatcher.

    The row is the truth and the broker only a shortcut: a request the broker did not take
    (Redis down) is handed over again by the periodic dispatcher, so no request is lost."""

    class Kind(models.TextChoices):
        METRIC = "metric", _("Monthly metric reports")
        PROGRESS = "progress", _("Progress reports (drafts)")

    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="report_build_requests"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    month = models.DateField(_("month"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    # Last time the broker took it; a build is claimed (started) once and marked done after.
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]
        indexes = [models.Index(fields=["done_at"], name="report_build_request_done")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.collaborative} · {month_label(self.month)}"
