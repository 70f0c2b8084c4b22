"""Subgroup breakdowns of monthly metrics: the dimensions a collaborative breaks its metrics
down by, their categories, which metric is broken down by which dimension, and each center's
monthly counts per subgroup.

Aggregates only: a subgroup value is a count of children and a count of events. No model here
has a field for a child's name, identifier or birth date.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class EquitySettings(models.Model):
    """How small a subgroup must be to be withheld, and which ratio the collaborative view
    highlights."""

    collaborative = models.OneToOneField(
        "collaboratives.Collaborative", on_delete=models.CASCADE, related_name="equity_settings"
    )
    suppression_threshold = models.PositiveSmallIntegerField(
        _("smallest subgroup shown"),
        default=10,
        validators=[MinValueValidator(2)],
        help_text=_("A subgroup with fewer children shows “fewer than N” and no rate."),
    )
    highlight_ratio = models.DecimalField(
        _("highlight risk ratios above"),
        max_digits=4,
        decimal_places=2,
        default=2,
        validators=[MinValueValidator(1)],
    )

    def __str__(self) -> str:
        return f"Equity settings of {self.collaborative}"


class BreakdownDimension(models.Model):
    """A way of dividing a center's children into subgroups (race/ethnicity, home language…)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaborative = models.ForeignKey(
        "collaboratives.Collaborative",
        on_delete=models.CASCADE,
        related_name="breakdown_dimensions",
    )
    slug = models.SlugField(_("short name in links"))
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["collaborative", "slug"], name="dimension_slug_unique")
        ]

    def __str__(self) -> str:
        return self.name


class BreakdownCategory(models.Model):
    """One subgroup of a dimension; `children_label` names its children in sentences."""

    dimension = models.ForeignKey(
        BreakdownDimension, on_delete=models.CASCADE, related_name="categories"
    )
    slug = models.SlugField(_("short name"))
    label = models.CharField(_("label"), max_length=120)
    children_label = models.CharField(
        _("children of this group, in a sentence"),
        max_length=160,
        help_text=_("E.g. “Black or African American children”."),
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["dimension", "slug"], name="category_slug_unique")
        ]

    def __str__(self) -> str:
        return self.label


class MetricBreakdown(models.Model):
    """A metric broken down by a dimension. `event_phrase` completes “… as likely as other
    children to …” (e.g. “have a behavior incident”)."""

    metric = models.ForeignKey(
        "collaboratives.Metric", on_delete=models.CASCADE, related_name="breakdowns"
    )
    dimension = models.ForeignKey(
        BreakdownDimension, on_delete=models.CASCADE, related_name="metric_breakdowns"
    )
    event_phrase = models.CharField(_("what is counted, as a verb phrase"), max_length=160)

    class Meta:
        ordering = ["dimension__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["metric", "dimension"], name="metric_breakdown_unique")
        ]

    def __str__(self) -> str:
        return f"{self.metric} by {self.dimension}"


class SubgroupValue(models.Model):
    """One center's counts for one subgroup, one metric and one month: `events` (the
    numerator, or the count) among `children` (the denominator, or the exposure)."""

    center = models.ForeignKey(
        "centers.Center", on_delete=models.CASCADE, related_name="subgroup_values"
    )
    metric = models.ForeignKey(
        "collaboratives.Metric", on_delete=models.CASCADE, related_name="subgroup_values"
    )
    category = models.ForeignKey(BreakdownCategory, on_delete=models.CASCADE, related_name="values")
    month = models.DateField(_("month"))
    events = models.PositiveIntegerField(_("events"))
    children = models.PositiveIntegerField(_("children"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["center", "metric", "category", "month"], name="subgroup_value_unique"
            )
        ]
        indexes = [models.Index(fields=["metric", "month"])]

    def __str__(self) -> str:
        return f"{self.center} · {self.metric} · {self.category} · {self.month:%Y-%m}"


class SubgroupEntry(models.Model):
    """Each save of one month's breakdown: who, when, what it was and what it became."""

    center = models.ForeignKey("centers.Center", on_delete=models.CASCADE, related_name="+")
    metric = models.ForeignKey("collaboratives.Metric", on_delete=models.CASCADE, related_name="+")
    dimension = models.ForeignKey(BreakdownDimension, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
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
        return f"{self.center} · {self.metric} · {self.dimension} · {self.month:%Y-%m}"
