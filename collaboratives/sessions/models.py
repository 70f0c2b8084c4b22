"""Learning Sessions beyond the calendar entry: timed agenda blocks, the day's objectives,
materials, RSVPs and the check-in code (attendance itself stays in `EventAttendance`)."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Part(models.TextChoices):
    """The four parts of every Learning Session (Field Guide 4.5), then the logistics."""

    TOPIC = "topic", _("Topic content (incl. racial equity and cultural humility)")
    CQI = "cqi", _("CQI and implementation methods")
    SHARING = "sharing", _("Cross-center sharing")
    TEAM_TIME = "team_time", _("Center team time")
    REGISTRATION = "registration", _("Registration")
    BREAK = "break", _("Break")
    MEAL = "meal", _("Meal")
    OPENING_CLOSING = "opening_closing", _("Opening or closing")
    EVALUATION = "evaluation", _("Evaluation")


FOUR_PARTS = (Part.TOPIC, Part.CQI, Part.SHARING, Part.TEAM_TIME)


class SessionPlan(models.Model):
    """What the day is for: its introduction and objectives, shown above the agenda."""

    event = models.OneToOneField(
        "collaboratives.Event", on_delete=models.CASCADE, related_name="session_plan"
    )
    introduction = models.TextField(_("introduction"), blank=True)
    objectives = models.TextField(
        _("objectives of the day"), blank=True, help_text=_("One objective a line.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Plan of {self.event_id}"

    @property
    def objective_items(self) -> list[str]:
        return [line.strip() for line in self.objectives.splitlines() if line.strip()]


class AgendaBlock(models.Model):
    """One timed block of a Learning Session or pre-work day; start and end in UTC."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(
        "collaboratives.Event", on_delete=models.CASCADE, related_name="agenda_blocks"
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("short description"), blank=True)
    part = models.CharField(_("part"), max_length=16, choices=Part.choices)
    presenters = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("presenters")
    )
    presenting_center = models.ForeignKey(
        "centers.Center",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("presenting center"),
    )
    room = models.CharField(_("room or breakout"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start", "end", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="agenda_block_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    @property
    def is_logistics(self) -> bool:
        return self.part not in FOUR_PARTS


def material_path(instance: "Material", filename: str) -> str:
    # The stored name never comes from the uploader: a fresh UUID with the sniffed extension.
    folder = f"session-materials/{instance.event.collaborative_id}"
    return f"{folder}/{uuid.uuid4().hex}.{instance.file_type}"


class Material(models.Model):
    """A slide deck, handout or worksheet: a file uploaded to an event (or one of its agenda
    blocks), or a link to where it lives."""

    CONTENT_TYPES = {
        "pdf": "application/pdf",
        "jpeg": "image/jpeg",
        "png": "image/png",
        "gif": "image/gif",
        "webp": "image/webp",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(
        "collaboratives.Event", on_delete=models.CASCADE, related_name="session_materials"
    )
    block = models.ForeignKey(
        AgendaBlock, null=True, blank=True, on_delete=models.CASCADE, related_name="materials"
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(upload_to=material_path, blank=True)
    file_type = models.CharField(max_length=8, blank=True)
    original_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(url="") & ~models.Q(file=""))
                | (~models.Q(url="") & models.Q(file="")),
                name="material_file_or_link",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_link(self) -> bool:
        return bool(self.url)

    @property
    def content_type(self) -> str:
        return self.CONTENT_TYPES.get(self.file_type, "application/octet-stream")


class Rsvp(models.Model):
    """A person's answer to an invitation; `dropped_at` keeps when a yes became a no."""

    class Answer(models.TextChoices):
        YES = "yes", _("Yes, I will come")
        MAYBE = "maybe", _("Maybe")
        NO = "no", _("No, I cannot come")

    event = models.ForeignKey(
        "collaboratives.Event", on_delete=models.CASCADE, related_name="rsvps"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(_("answer"), max_length=8, choices=Answer.choices)
    dropped_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="rsvp_once")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.answer}"


def _new_code() -> str:
    # Short enough to type from a slide; no 0/O or 1/I to misread.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


class CheckInCode(models.Model):
    """The short code in an event's check-in link and QR code."""

    event = models.OneToOneField(
        "collaboratives.Event", on_delete=models.CASCADE, related_name="check_in_code"
    )
    code = models.CharField(max_length=8, unique=True, default=_new_code)

    def __str__(self) -> str:
        return self.code
