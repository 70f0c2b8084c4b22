"""Themes the Implementation Team draws out across centers (Field Guide, Section 4.6,
"Implementation Team activity: synthesis of themes"), each citing the work it comes from."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from centers.teams.models import Center
from collaboratives.framework.models import SecondaryDriver
from collaboratives.membership.models import Collaborative


class Theme(models.Model):
    """A short finding, seen through one of the guide's four lenses."""

    class Lens(models.TextChoices):
        CONTENT = "content", _("Content of tests of change")
        METRICS = "metrics", _("Metrics")
        CQI = "cqi", _("CQI methods")
        DYNAMICS = "dynamics", _("Center team dynamics")

    class Status(models.TextChoices):
        NOTICED = "noticed", _("Noticed")
        DISCUSSED = "discussed", _("Discussed at an IT meeting")
        ACTED = "acted", _("Acted on")

    class Visibility(models.TextChoices):
        IT = "it", _("Implementation Team only")
        FACULTY = "faculty", _("With faculty")
        EVERYONE = "everyone", _("With everyone")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="themes"
    )
    title = models.CharField(_("finding"), max_length=200)
    body = models.TextField(_("details (Markdown)"), blank=True)
    body_html = models.TextField(editable=False, blank=True)
    lens = models.CharField(_("lens"), max_length=12, choices=Lens.choices)
    action_period = models.PositiveSmallIntegerField(
        _("Action Period"), null=True, blank=True, help_text=_("Leave empty for pre-work.")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOTICED
    )
    acted_with = models.CharField(
        _("acted on with"),
        max_length=300,
        blank=True,
        help_text=_("An agenda item, a call topic, a resource…"),
    )
    acted_with_url = models.CharField(max_length=500, blank=True)
    # The call or Learning Session whose agenda took the theme up.
    agenda_event = models.ForeignKey(
        "collaboratives.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_themes",
    )
    visibility = models.CharField(
        _("shared"), max_length=10, choices=Visibility.choices, default=Visibility.IT
    )
    drivers = models.ManyToManyField(
        SecondaryDriver, blank=True, related_name="themes", verbose_name=_("drivers")
    )
    centers = models.ManyToManyField(
        Center, blank=True, related_name="themes", verbose_name=_("centers")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-action_period", "-updated_at", "-pk"]
        indexes = [models.Index(fields=["collaborative", "visibility"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "metrics:theme-detail",
            kwargs={"slug": self.collaborative.slug, "theme": self.public_id},
        )


class ThemeEvidence(models.Model):
    """A link from a theme to the work it is drawn from.

    The label and link are kept as they were when the evidence was attached, so the theme
    still reads true if the work is later renamed; the link itself goes through the page's own
    permission checks.
    """

    class Kind(models.TextChoices):
        CYCLE = "cycle", _("PDSA cycle")
        RAMP = "ramp", _("Ramp")
        POST = "post", _("Post")
        COMMENT = "comment", _("Comment")
        EVENT = "event", _("Event notes")
        SELF_ASSESSMENT = "self_assessment", _("Self-assessment comment")
        CHART_SIGNAL = "chart_signal", _("Chart signal")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    ref = models.CharField(max_length=160)
    label = models.CharField(max_length=300)
    url = models.CharField(max_length=500)
    center = models.ForeignKey(
        Center, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["theme", "kind", "ref"], name="evidence_once")
        ]

    def __str__(self) -> str:
        return self.label
