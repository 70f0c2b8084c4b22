import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from collaboratives.framework.builtin_text import builtin_text
from collaboratives.membership.models import Collaborative


class ChangeFramework(models.Model):
    """The Collaborative Change Framework (Appendix B): need, opportunity, aims and drivers."""

    collaborative = models.OneToOneField(
        Collaborative, on_delete=models.CASCADE, related_name="framework"
    )
    need = models.TextField(_("the need"), blank=True)
    opportunity = models.TextField(_("the opportunity"), blank=True)
    source = models.CharField(_("started from"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"CCF of {self.collaborative}"


class Aim(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    framework = models.ForeignKey(ChangeFramework, on_delete=models.CASCADE, related_name="aims")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("aim"))

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return builtin_text(self.text)


class PrimaryDriver(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    framework = models.ForeignKey(
        ChangeFramework, on_delete=models.CASCADE, related_name="primary_drivers"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("short name"), max_length=200)
    full_name = models.CharField(_("full name"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {builtin_text(self.name)}"

    @property
    def title(self) -> str:
        return builtin_text(self.full_name or self.name)


class SecondaryDriver(models.Model):
    """A secondary driver; retired, never deleted, once anything refers to it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    primary = models.ForeignKey(
        PrimaryDriver, on_delete=models.PROTECT, related_name="secondary_drivers"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("text"))
    assessment_text = models.TextField(
        _("wording in the self-assessment"),
        blank=True,
        help_text=_("Leave empty to use the driver's text."),
    )
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["primary__number", "number"]

    def __str__(self) -> str:
        return f"{self.primary.number}.{self.number} {builtin_text(self.text)}"

    @property
    def rating_text(self) -> str:
        return builtin_text(self.assessment_text or self.text)

    @property
    def code(self) -> str:
        return f"{self.primary.number}.{self.number}"


class Metric(models.Model):
    """A measure in the collaborative's metric catalogue."""

    class MetricType(models.TextChoices):
        PROPORTION = "proportion", _("Proportion (numerator / denominator)")
        COUNT = "count", _("Count")
        RATE = "rate", _("Rate (count per exposure)")
        MEASUREMENT = "measurement", _("Measurement")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    class Chart(models.TextChoices):
        RUN = "run", _("Run chart")
        P = "p", _("p chart (proportions)")
        C = "c", _("c chart (counts)")
        U = "u", _("u chart (rates)")
        I = "i", _("I chart (individual values)")  # noqa: E741

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="metrics"
    )
    slug = models.SlugField(_("short name in links"))
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(_("definition"), blank=True)
    how_to_collect = models.TextField(_("how to collect"), blank=True)
    metric_type = models.CharField(_("type"), max_length=16, choices=MetricType.choices)
    numerator_label = models.CharField(_("numerator"), max_length=200, blank=True)
    denominator_label = models.CharField(_("denominator"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    goal = models.FloatField(_("goal"), null=True, blank=True)
    chart = models.CharField(_("chart"), max_length=4, choices=Chart.choices, default=Chart.RUN)
    required = models.BooleanField(_("required"), default=True)
    drivers = models.ManyToManyField(SecondaryDriver, blank=True, related_name="metrics")
    order = models.PositiveSmallIntegerField(default=0)
    # Read by the chart cache's stamp: a changed name, goal or chart type shows at once.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["collaborative", "slug"], name="metric_slug_unique")
        ]

    def __str__(self) -> str:
        return builtin_text(self.name)


class DriverRevision(models.Model):
    """Earlier wording of a driver: one row per change, so history can show what it said."""

    framework = models.ForeignKey(
        ChangeFramework, on_delete=models.CASCADE, related_name="driver_revisions"
    )
    primary = models.ForeignKey(
        PrimaryDriver, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )
    secondary = models.ForeignKey(
        SecondaryDriver, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )
    action = models.CharField(max_length=16)  # created, changed, retired, restored, moved
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.changed_at:%Y-%m-%d}"


METRIC_FIELDS = [
    "slug",
    "name",
    "definition",
    "how_to_collect",
    "metric_type",
    "numerator_label",
    "denominator_label",
    "unit",
    "direction",
    "goal",
    "chart",
    "required",
]


class FrameworkVersion(models.Model):
    """A published state of the framework: drivers, their wording and metric links, as data.

    Assessment rounds and reports point at the version they were made with, so a later edit
    of the live framework (the draft) never changes what they show.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    framework = models.ForeignKey(
        ChangeFramework, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    note = models.TextField(_("what changed and why"), blank=True)
    snapshot = models.JSONField(default=dict)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "number"], name="framework_version_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.framework} v{self.number}"
