import calendar
import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from centers.models import Center
from collaboratives.models import Collaborative, Metric


def month_label(month: datetime.date) -> str:
    return month.strftime("%Y-%m")


def add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


class MetricsSettings(models.Model):
    """When a collaborative's monthly values are due and when reminders go out."""

    collaborative = models.OneToOneField(
        Collaborative, on_delete=models.CASCADE, related_name="metrics_settings"
    )
    due_day = models.PositiveSmallIntegerField(
        _("due day"),
        default=10,
        help_text=_("Day of the following month by which a month's values are due."),
    )
    reminder_days_before = models.PositiveSmallIntegerField(
        _("reminder, days before the due day"), default=5
    )
    escalation_days_after = models.PositiveSmallIntegerField(
        _("escalation, days after the due day"), default=3
    )
    baseline_months = models.PositiveSmallIntegerField(
        _("baseline months before the start"),
        default=0,
        help_text=_("How many months before the start date centers may enter as baseline."),
    )
    # Bumped by every write to values, phases, exclusions or chart choices, so that cached
    # charts and boards are never served stale.
    data_version = models.PositiveIntegerField(default=0, editable=False)

    def __str__(self) -> str:
        return f"Metric settings of {self.collaborative}"

    def first_month(self) -> datetime.date:
        return add_months(self.collaborative.start_date.replace(day=1), -self.baseline_months)

    def due_date(self, month: datetime.date) -> datetime.date:
        following = add_months(month, 1)
        last_day = calendar.monthrange(following.year, following.month)[1]
        return following.replace(day=min(max(self.due_day, 1), last_day))


class MetricValue(models.Model):
    """One center's value of one metric for one month (the month's first day)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="metric_values")
    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="values")
    month = models.DateField(_("month"))
    numerator = models.DecimalField(
        _("numerator"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("denominator"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4, null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    not_collected = models.BooleanField(_("not collected"), default=False)
    not_collected_reason = models.CharField(
        _("why it was not collected"), max_length=300, blank=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_submitted_at = models.DateTimeField(_("first submitted"))
    submitted_at = models.DateTimeField(_("last submitted"))

    class Meta:
        ordering = ["metric__order", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "metric", "month"], name="metric_value_unique"
            )
        ]
        indexes = [models.Index(fields=["metric", "month"])]

    def __str__(self) -> str:
        return f"{self.center} · {self.metric} · {month_label(self.month)}"

    @property
    def plotted(self) -> float | None:
        """The value as charted: a proportion's ratio, otherwise the value or count."""
        if self.not_collected:
            return None
        if self.denominator is not None and self.numerator is not None:
            return float(self.numerator / self.denominator) if self.denominator else None
        if self.value is not None:
            return float(self.value)
        return None

    def snapshot(self) -> dict[str, str | bool | None]:
        def text(number: Decimal | None) -> str | None:
            return None if number is None else format(number.normalize(), "f")

        return {
            "numerator": text(self.numerator),
            "denominator": text(self.denominator),
            "value": text(self.value),
            "note": self.note,
            "not_collected": self.not_collected,
            "not_collected_reason": self.not_collected_reason,
        }


class MetricValueHistory(models.Model):
    """Each change of a value: who, when, what it was and what it became."""

    metric_value = models.ForeignKey(MetricValue, on_delete=models.CASCADE, related_name="history")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField()
    old = models.JSONField(null=True, blank=True)
    new = models.JSONField()
    source = models.CharField(max_length=16, default="web")

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.metric_value} at {self.changed_at:%Y-%m-%d %H:%M}"


class DataCollectionPlan(models.Model):
    """How a center collects one metric: who, how, with what tool, when (pre-work)."""

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="collection_plans")
    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="collection_plans")
    who_collects = models.CharField(_("who collects it"), max_length=200, blank=True)
    how = models.TextField(_("how"), blank=True)
    tool = models.CharField(_("with what tool"), max_length=200, blank=True)
    when = models.CharField(_("when"), max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["center", "metric"], name="collection_plan_unique")
        ]

    def __str__(self) -> str:
        return f"Plan for {self.metric} at {self.center}"


class ChartSetting(models.Model):
    """The chart a center's metric gets when the catalogue's default does not fit."""

    class Chart(models.TextChoices):
        RUN = "run", _("Run chart")
        I = "i", _("I chart (individual values)")  # noqa: E741
        P = "p", _("p chart (proportions)")
        PP = "pp", _("Laney p′ chart (large denominators)")
        U = "u", _("u chart (rates)")
        UP = "up", _("Laney u′ chart (large denominators)")
        C = "c", _("c chart (counts)")

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="chart_settings")
    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="chart_settings")
    chart = models.CharField(_("chart"), max_length=4, choices=Chart.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["center", "metric"], name="chart_setting_unique")
        ]

    def __str__(self) -> str:
        return f"{self.metric} at {self.center}: {self.chart}"


class ChartPhase(models.Model):
    """A new baseline from `start_month` on (IT decides; nothing is rebased automatically)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="chart_phases")
    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="chart_phases")
    start_month = models.DateField(_("new phase from"))
    reason = models.CharField(_("reason"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start_month"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "metric", "start_month"], name="chart_phase_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.metric} at {self.center} from {month_label(self.start_month)}"


class ChartExclusion(models.Model):
    """A month left out of centre line, limits and runs analysis, with the reason."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="chart_exclusions")
    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="chart_exclusions")
    month = models.DateField(_("month"))
    reason = models.CharField(_("reason"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["month"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "metric", "month"], name="chart_exclusion_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.metric} at {self.center}: {month_label(self.month)} excluded"


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

    class Meta:
        ordering = ["-built_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.report} built {self.built_at:%Y-%m-%d %H:%M}"
