"""Each center team's Action Plan for the Action Period after a Learning Session (Field Guide
Section 2 and Appendix G: "Leave with a clear Action Plan")."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from centers.teams.models import Center
from collaboratives.framework.models import SecondaryDriver


class ActionPlan(models.Model):
    """What one center team will do in the Action Period that follows `event`."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="action_plans")
    event = models.ForeignKey(
        "collaboratives.Event", on_delete=models.CASCADE, related_name="action_plans"
    )
    focus_drivers = models.ManyToManyField(
        SecondaryDriver,
        blank=True,
        related_name="action_plans",
        verbose_name=_("drivers we focus on"),
    )
    support_wanted = models.TextField(_("support we want from faculty"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["center", "event"], name="action_plan_once")]

    def __str__(self) -> str:
        return f"{self.center} — {self.event}"

    def get_absolute_url(self) -> str:
        return reverse(
            "pdsa:action-plan",
            args=[self.center.collaborative.slug, self.event.public_id, self.center.slug],
        )


class ActionPlanItem(models.Model):
    """One line of the plan: a change to test, a PDSA to expand, a bundle to spread or a
    sustainability step, with who does it and by when."""

    class Kind(models.TextChoices):
        TEST = "test", _("Change to test")
        EXPAND = "expand", _("PDSA to expand")
        SPREAD = "spread", _("Bundle to spread")
        SUSTAIN = "sustain", _("Sustainability step")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.TEST)
    text = models.CharField(_("what"), max_length=300)
    who = models.CharField(_("who"), max_length=200, blank=True)
    by_when = models.DateField(_("by when"), null=True, blank=True)
    drivers = models.ManyToManyField(
        SecondaryDriver, blank=True, related_name="action_plan_items", verbose_name=_("drivers")
    )
    # The ramp the change became, or the existing ramp to expand or spread.
    ramp = models.ForeignKey(
        "pdsa.Ramp", null=True, blank=True, on_delete=models.SET_NULL, related_name="plan_items"
    )
    # When the item was moved to its ramp: the continuum of engagement counts these per month.
    moved_at = models.DateTimeField(_("moved to a ramp"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def center_id(self) -> int:
        # Lets the permission rules treat an item as belonging to its plan's center.
        return self.plan.center_id
