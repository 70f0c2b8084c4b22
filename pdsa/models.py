import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from centers.models import Center
from collaboratives.models import Metric, SecondaryDriver


class Ramp(models.Model):
    """One change idea tested by successive PDSA cycles, from a small test toward spread."""

    class Status(models.TextChoices):
        TESTING = "testing", _("Testing")
        IMPLEMENTING = "implementing", _("Implementing")
        SPREADING = "spreading", _("Spreading")
        SUSTAINED = "sustained", _("Sustained")
        ABANDONED = "abandoned", _("Abandoned")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="ramps")
    title = models.CharField(_("title"), max_length=200)
    change_idea = models.TextField(_("change idea"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.TESTING
    )
    secondary_drivers = models.ManyToManyField(SecondaryDriver, blank=True, related_name="ramps")
    metrics = models.ManyToManyField(Metric, blank=True, related_name="ramps")
    origin = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="adaptations"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.title


class Cycle(models.Model):
    """One Plan-Do-Study-Act cycle of a ramp, numbered within the ramp."""

    class Stage(models.TextChoices):
        PLAN = "plan", _("Plan")
        DO = "do", _("Do")
        STUDY = "study", _("Study")
        ACT = "act", _("Act")
        DONE = "done", _("Done")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ramp = models.ForeignKey(Ramp, on_delete=models.CASCADE, related_name="cycles")
    number = models.PositiveSmallIntegerField(_("cycle number"))
    stage = models.CharField(_("stage"), max_length=8, choices=Stage.choices, default=Stage.PLAN)
    objective = models.TextField(_("objective"))
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["ramp", "number"]
        constraints = [
            models.UniqueConstraint(fields=["ramp", "number"], name="cycle_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.ramp} — cycle {self.number}"
