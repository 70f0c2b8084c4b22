"""Where the IT places each center on the continuum of engagement, per Action Period."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from centers.teams.models import Center


class Position(models.TextChoices):
    """Field Guide, Section 2, Figure 5."""

    EARLY_ADOPTER = "early_adopter", _("Early adopter")
    EARLY_MAJORITY = "early_majority", _("Early majority")
    LATE_MAJORITY = "late_majority", _("Late majority")
    LATE_ADOPTER = "late_adopter", _("Late adopter")


class EngagementPosition(models.Model):
    """A center's place in one Action Period, as the IT confirmed or set it.

    The suggestion and its explanation are kept as they were when the IT decided, so the
    record shows what the decision was made with.
    """

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="engagement")
    period = models.PositiveSmallIntegerField(_("Action Period"))
    suggested = models.CharField(max_length=16, choices=Position.choices)
    explanation = models.TextField(blank=True)
    position = models.CharField(_("position"), max_length=16, choices=Position.choices)
    note = models.TextField(_("note"), blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField()

    class Meta:
        ordering = ["period", "center__name"]
        constraints = [
            models.UniqueConstraint(fields=["center", "period"], name="one_position_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.center} AP{self.period}: {self.position}"

    @property
    def overridden(self) -> bool:
        return self.position != self.suggested
