import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from centers.teams.models import Center
from collaboratives.framework.models import Metric
from metrics.values.models import month_label


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
