import datetime
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from centers.teams.models import SCORE_VALIDATORS, Center
from collaboratives.framework.models import FrameworkVersion, PrimaryDriver, SecondaryDriver
from collaboratives.membership.models import Collaborative


class AssessmentRound(models.Model):
    """One of the times centers rate themselves (by default three: pre-work, before LS2, final)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="assessment_rounds"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=120)
    opens_on = models.DateField(_("opens on"))
    due_on = models.DateField(_("due on"))
    # The framework version whose drivers the round asks about. Empty until the round is
    # first used: until then it is the version that was current when the round opened.
    framework_version = models.ForeignKey(
        FrameworkVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessment_rounds",
    )

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["collaborative", "number"], name="round_number_unique"),
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("opens_on")), name="round_due_after_open"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_open(self, today: datetime.date) -> bool:
        return self.opens_on <= today <= self.due_on


class SelfAssessment(models.Model):
    """A center team's Appendix E self-assessment for one round."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="self_assessments")
    round = models.ForeignKey(
        AssessmentRound, on_delete=models.CASCADE, related_name="self_assessments"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    # Optimistic concurrency: every save must name the version it started from.
    version = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set when submitted: the version it was made with, kept even if the IT later brings the
    # round up to a newer version (then only unsubmitted assessments gain the new drivers).
    framework_version = models.ForeignKey(
        FrameworkVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="self_assessments",
    )

    class Meta:
        ordering = ["round__number", "center__name"]
        constraints = [
            models.UniqueConstraint(fields=["center", "round"], name="one_assessment_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.center} — {self.round}"

    def get_absolute_url(self) -> str:
        return reverse(
            "centers:assessment",
            args=[self.center.collaborative.slug, self.center.slug, self.round.number],
        )

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class Rating(models.Model):
    """A score (1 to 4 in halves) and comment for one secondary driver."""

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="ratings")
    driver = models.ForeignKey(SecondaryDriver, on_delete=models.PROTECT, related_name="ratings")
    score = models.DecimalField(
        _("score"),
        max_digits=2,
        decimal_places=1,
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
    )
    comment = models.TextField(_("comments"), blank=True)
    is_priority = models.BooleanField(_("priority for our team"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "driver"], name="one_rating_per_driver"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True)
                | (models.Q(score__gte=1) & models.Q(score__lte=4)),
                name="rating_score_1_to_4",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.driver_id}: {self.score}"


class DriverNarrative(models.Model):
    """The overall comment on one primary driver."""

    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="narratives"
    )
    driver = models.ForeignKey(PrimaryDriver, on_delete=models.PROTECT, related_name="narratives")
    text = models.TextField(_("overall comments"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "driver"], name="one_narrative_per_driver"
            )
        ]

    def __str__(self) -> str:
        return f"{self.driver_id}: {self.text[:40]}"


class SelfAssessmentRevision(models.Model):
    """What an assessment said after each save: its history, never overwritten."""

    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="revisions"
    )
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=12)
    snapshot = models.JSONField(default=dict)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "version"], name="one_revision_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} v{self.version}"
