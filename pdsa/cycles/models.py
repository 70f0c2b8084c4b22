import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from centers.teams.models import Center
from collaboratives.framework.models import Metric, SecondaryDriver


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
    secondary_drivers = models.ManyToManyField(
        SecondaryDriver, blank=True, related_name="ramps", verbose_name=_("secondary drivers")
    )
    metrics = models.ManyToManyField(
        Metric, blank=True, related_name="ramps", verbose_name=_("metrics")
    )
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

    def get_absolute_url(self) -> str:
        return reverse(
            "pdsa:ramp-detail",
            kwargs={"slug": self.center.collaborative.slug, "ramp": self.public_id},
        )


class Cycle(models.Model):
    """One Plan-Do-Study-Act cycle of a ramp, numbered within the ramp.

    Each stage is saved on its own; `*_saved_at` records when, so a cycle moved to Act without
    a Study is shown as incomplete rather than refused.
    """

    class Stage(models.TextChoices):
        PLAN = "plan", _("Plan")
        DO = "do", _("Do")
        STUDY = "study", _("Study")
        ACT = "act", _("Act")
        DONE = "done", _("Done")

    class Scale(models.TextChoices):
        ONE_CHILD = "one_child", _("One child")
        ONE_TEACHER = "one_teacher", _("One teacher")
        ONE_CLASSROOM = "one_classroom", _("One classroom")
        SEVERAL_CLASSROOMS = "several_classrooms", _("Several classrooms")
        WHOLE_CENTER = "whole_center", _("Whole center")

    class Decision(models.TextChoices):
        ADAPT = "adapt", _("Adapt")
        ADOPT = "adopt", _("Adopt")
        ABANDON = "abandon", _("Abandon")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ramp = models.ForeignKey(Ramp, on_delete=models.CASCADE, related_name="cycles")
    number = models.PositiveSmallIntegerField(_("cycle number"))
    stage = models.CharField(_("stage"), max_length=8, choices=Stage.choices, default=Stage.PLAN)
    # Plan
    objective = models.TextField(_("objective"))
    questions = models.TextField(_("questions"), blank=True)
    prediction = models.TextField(_("prediction"), blank=True)
    who = models.CharField(_("who"), max_length=300, blank=True)
    what = models.TextField(_("what"), blank=True)
    where = models.CharField(_("where"), max_length=300, blank=True)
    when = models.CharField(_("when"), max_length=300, blank=True)
    scale = models.CharField(
        _("scale"), max_length=24, choices=Scale.choices, default=Scale.ONE_CLASSROOM
    )
    data_to_collect = models.TextField(_("data to collect"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    # Do
    what_happened = models.TextField(_("what happened"), blank=True)
    observations = models.TextField(_("observations"), blank=True)
    problems = models.TextField(_("problems"), blank=True)
    # Study
    results = models.TextField(_("results compared with the prediction"), blank=True)
    learned = models.TextField(_("what we learned"), blank=True)
    # Act
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices, blank=True)
    next_step = models.TextField(_("next step"), blank=True)

    plan_saved_at = models.DateTimeField(null=True, blank=True)
    do_saved_at = models.DateTimeField(null=True, blank=True)
    study_saved_at = models.DateTimeField(null=True, blank=True)
    act_saved_at = models.DateTimeField(null=True, blank=True)
    # When the center last posted or changed it, and when faculty/IT last commented: the
    # feedback queue is the cycles whose activity is newer than their feedback.
    activity_at = models.DateTimeField(null=True, blank=True, db_index=True)
    feedback_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Optimistic concurrency: a stage save names the version it was loaded with and is
    # refused when someone saved in between, so no one's edits are overwritten silently.
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["ramp", "number"]
        constraints = [
            models.UniqueConstraint(fields=["ramp", "number"], name="cycle_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.ramp} — cycle {self.number}"

    def get_absolute_url(self) -> str:
        return reverse(
            "pdsa:cycle-detail",
            kwargs={"slug": self.ramp.center.collaborative.slug, "cycle": self.public_id},
        )

    @property
    def center_id(self) -> int:
        # Lets the permission rules treat a cycle as belonging to its ramp's center.
        return self.ramp.center_id

    @property
    def is_incomplete(self) -> bool:
        """Acted on without a Study: allowed, but the learning step was skipped."""
        return self.act_saved_at is not None and self.study_saved_at is None

    @property
    def needs_feedback(self) -> bool:
        return self.activity_at is not None and (
            self.feedback_at is None or self.feedback_at < self.activity_at
        )


def attachment_path(instance: "Attachment", filename: str) -> str:
    # The stored name never comes from the uploader.
    extension = {"pdf": "pdf", "jpeg": "jpg", "png": "png", "gif": "gif", "webp": "webp"}
    return f"pdsa/{instance.public_id}.{extension.get(instance.file_type, 'bin')}"


class Attachment(models.Model):
    """A photo or PDF attached to a cycle (often a picture of a paper PDSA form)."""

    CONTENT_TYPES = {
        "pdf": "application/pdf",
        "jpeg": "image/jpeg",
        "png": "image/png",
        "gif": "image/gif",
        "webp": "image/webp",
    }

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    file_type = models.CharField(max_length=8)
    original_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def content_type(self) -> str:
        return self.CONTENT_TYPES.get(self.file_type, "application/octet-stream")
