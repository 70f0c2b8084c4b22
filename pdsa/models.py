import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from centers.models import Center
from collaboratives.models import Collaborative, Metric, SecondaryDriver


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


class BoardSettings(models.Model):
    """Per-collaborative settings of the shared board and feedback queue."""

    collaborative = models.OneToOneField(
        Collaborative, on_delete=models.CASCADE, related_name="board_settings"
    )
    feedback_after_days = models.PositiveSmallIntegerField(
        _("days before a cycle without feedback is queued"), default=7
    )

    def __str__(self) -> str:
        return f"Board settings of {self.collaborative}"


class Post(models.Model):
    """A discussion, question or (IT only, pinned) announcement on the shared board."""

    class Kind(models.TextChoices):
        DISCUSSION = "discussion", _("Discussion")
        QUESTION = "question", _("Question")
        ANNOUNCEMENT = "announcement", _("Announcement")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaborative = models.ForeignKey(Collaborative, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    center = models.ForeignKey(
        Center, null=True, blank=True, on_delete=models.SET_NULL, related_name="posts"
    )
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices, default=Kind.DISCUSSION)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text (Markdown)"))
    body_html = models.TextField(editable=False, blank=True)
    pinned = models.BooleanField(_("pinned"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-pinned", "-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "pdsa:post-detail", kwargs={"slug": self.collaborative.slug, "post": self.public_id}
        )


class Comment(models.Model):
    """A comment on a cycle, ramp or post; replies are one level deep."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="comments"
    )
    cycle = models.ForeignKey(
        Cycle, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    ramp = models.ForeignKey(
        Ramp, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_role = models.CharField(max_length=32, blank=True)
    body = models.TextField(_("comment"))
    body_html = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(cycle__isnull=False, ramp__isnull=True, post__isnull=True)
                    | models.Q(cycle__isnull=True, ramp__isnull=False, post__isnull=True)
                    | models.Q(cycle__isnull=True, ramp__isnull=True, post__isnull=False)
                ),
                name="comment_has_one_target",
            )
        ]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def target(self) -> models.Model:
        return self.cycle or self.ramp or self.post


class Resource(models.Model):
    """A curated library item: an uploaded file or a link, tagged by driver."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="resources"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("link"), blank=True)
    file = models.FileField(_("file"), upload_to="resources/", blank=True)
    file_type = models.CharField(max_length=8, blank=True)
    original_name = models.CharField(max_length=200, blank=True)
    drivers = models.ManyToManyField(
        SecondaryDriver, blank=True, related_name="resources", verbose_name=_("drivers")
    )
    tags = models.CharField(_("tags"), max_length=300, blank=True, help_text=_("Comma-separated"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]


class BoardEntry(models.Model):
    """One line of the shared board's feed: a cycle, post or resource, by last activity."""

    class Kind(models.TextChoices):
        CYCLE = "cycle", _("PDSA cycle")
        POST = "post", _("Post")
        RESOURCE = "resource", _("Resource")

    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="board_entries"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    cycle = models.OneToOneField(
        Cycle, null=True, blank=True, on_delete=models.CASCADE, related_name="board_entry"
    )
    post = models.OneToOneField(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="board_entry"
    )
    resource = models.OneToOneField(
        Resource, null=True, blank=True, on_delete=models.CASCADE, related_name="board_entry"
    )
    center = models.ForeignKey(
        Center, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    updated_at = models.DateTimeField(db_index=True)
    is_update = models.BooleanField(default=False)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["collaborative", "-updated_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.updated_at:%Y-%m-%d}"


class FacultyAssignment(models.Model):
    """A faculty coach assigned to a center for one Action Period (IT sets them)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="faculty_assignments"
    )
    period = models.PositiveSmallIntegerField(_("Action Period"))
    period_label = models.CharField(_("label"), max_length=100, blank=True)
    faculty = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="faculty_assignments"
    )
    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="faculty_assignments")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["period", "center__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "period", "center"], name="one_coach_per_center_period"
            )
        ]

    def __str__(self) -> str:
        return f"AP{self.period}: {self.faculty} → {self.center}"


class NotificationSetting(models.Model):
    """A person's e-mail choice for one kind of board notification."""

    class Mode(models.TextChoices):
        IMMEDIATE = "immediate", _("Immediately")
        DAILY = "daily", _("Daily digest")
        NONE = "none", _("In the app only")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="pdsa_notification_settings",
    )
    kind = models.CharField(max_length=60)
    mode = models.CharField(max_length=10, choices=Mode.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_setting_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.mode}"
