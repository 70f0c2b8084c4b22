import calendar
import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from centers.teams.models import Center
from collaboratives.framework.models import Metric
from collaboratives.membership.models import Collaborative


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
    # Set when the IT's data lead entered the value for the center (sent by e-mail, say).
    entered_on_behalf_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_submitted_at = models.DateTimeField(_("first submitted"))
    submitted_at = models.DateTimeField(_("last submitted"))
    # Optimistic concurrency: a save from the grid or the API names the version it was loaded
    # with (0 for an empty cell) and is refused when someone saved the cell in between.
    version = models.PositiveIntegerField(default=1, editable=False)

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
