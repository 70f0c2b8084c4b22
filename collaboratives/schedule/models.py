"""The timeline's models beside Event: standing call series, attendance, decisions, the
workplan and personal calendar feeds."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from collaboratives.membership.models import Collaborative, Membership


class Event(models.Model):
    """A Learning Session, call or meeting; start and end stored in UTC."""

    class Kind(models.TextChoices):
        PRE_WORK = "pre_work", _("Pre-work day")
        LEARNING_SESSION = "learning_session", _("Learning Session")
        ALL_TEAM_CALL = "all_team_call", _("All-team call")
        AFFINITY_CALL = "affinity_call", _("Affinity-group call")
        SENIOR_LEADER_CALL = "senior_leader_call", _("Senior-leader call")
        TEAM_LEADER_CALL = "team_leader_call", _("Team-leader call")
        FAMILY_PARTNER_CALL = "family_partner_call", _("Family-partner call")
        FACULTY_CALL = "faculty_call", _("Faculty call")
        IT_MEETING = "it_meeting", _("IT meeting")
        CENTER_CONSULTATION = "center_consultation", _("Center consultation")
        EXPERT_MEETING = "expert_meeting", _("Expert meeting")
        # Held for prospective centers before the collaborative has them.
        INFO_SESSION = "info_session", _("Information session")
        OTHER = "other", _("Other")

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Everyone in the collaborative")
        CENTER_TEAMS = "center_teams", _("All center teams")
        AFFINITY_GROUP = "affinity_group", _("An affinity group (one role across centers)")
        FACULTY = "faculty", _("Faculty")
        IMPLEMENTATION_TEAM = "implementation_team", _("Implementation Team")
        CENTER = "center", _("One center")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("type"), max_length=24, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(
        _("number"), null=True, blank=True, help_text=_("Learning Session number")
    )
    title = models.CharField(_("title"), max_length=200)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    location = models.CharField(_("place"), max_length=300, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(
        _("audience"), max_length=24, choices=Audience.choices, default=Audience.EVERYONE
    )
    audience_center_role = models.CharField(
        _("affinity group"),
        max_length=32,
        choices=Membership.CenterRole.choices,
        blank=True,
        help_text=_("For an affinity-group audience: the role across centers."),
    )
    audience_center = models.ForeignKey(
        "centers.Center",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("center"),
    )
    agenda = models.TextField(_("agenda items"), blank=True, help_text=_("One item a line."))
    discussion_questions = models.TextField(
        _("discussion questions"), blank=True, help_text=_("Sent in advance; one a line.")
    )
    materials = models.TextField(
        _("materials"), blank=True, help_text=_("Links or file names, one a line.")
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="facilitated_events",
        verbose_name=_("facilitators"),
    )
    notes = models.TextField(_("notes"), blank=True)
    reminder_days = models.PositiveSmallIntegerField(_("reminder, days before"), default=7)
    series = models.ForeignKey(
        "collaboratives.CallSeries",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    # The occurrence's place in its series (its generated local start), kept when it moves.
    series_key = models.CharField(max_length=32, blank=True)
    detached = models.BooleanField(default=False, help_text="Changed apart from its series")
    cancelled = models.BooleanField(_("cancelled"), default=False)
    reminded_start = models.DateTimeField(null=True, blank=True, editable=False)
    updated_start = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, null=True)

    class Meta:
        ordering = ["start"]
        indexes = [models.Index(fields=["collaborative", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="event_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "collaboratives:event-detail",
            kwargs={"slug": self.collaborative.slug, "event": self.public_id},
        )

    @property
    def is_call(self) -> bool:
        return self.kind not in (self.Kind.LEARNING_SESSION, self.Kind.PRE_WORK)

    @property
    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]

    @property
    def question_items(self) -> list[str]:
        return [line.strip() for line in self.discussion_questions.splitlines() if line.strip()]

    @property
    def material_items(self) -> list[str]:
        return [line.strip() for line in self.materials.splitlines() if line.strip()]

    def local_start(self):
        import zoneinfo

        return self.start.astimezone(zoneinfo.ZoneInfo(self.collaborative.timezone))

    def local_end(self):
        import zoneinfo

        return self.end.astimezone(zoneinfo.ZoneInfo(self.collaborative.timezone))


class CallSeries(models.Model):
    """A standing call ("third Friday of each month, 11:00–11:45") that generates events.

    The rule is an RFC 5545 RRULE evaluated in the collaborative's local time, so a call stays
    at 11:00 local across daylight-saving changes.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaborative = models.ForeignKey(
        "collaboratives.Collaborative", on_delete=models.CASCADE, related_name="call_series"
    )
    kind = models.CharField(_("type"), max_length=24)
    title = models.CharField(_("title"), max_length=200)
    rule = models.CharField(
        _("recurrence rule"),
        max_length=300,
        help_text=_("RFC 5545 RRULE, e.g. FREQ=MONTHLY;BYDAY=+3FR for the third Friday."),
    )
    first_date = models.DateField(_("first date"))
    until = models.DateField(
        _("last date"), null=True, blank=True, help_text=_("Defaults to the collaborative's end.")
    )
    start_time = models.TimeField(_("start time (local)"))
    end_time = models.TimeField(_("end time (local)"))
    location = models.CharField(_("place"), max_length=300, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    audience = models.CharField(_("audience"), max_length=24, default="everyone")
    audience_center_role = models.CharField(_("affinity group"), max_length=32, blank=True)
    audience_center = models.ForeignKey(
        "centers.Center", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    agenda = models.TextField(_("agenda items"), blank=True)
    discussion_questions = models.TextField(_("discussion questions"), blank=True)
    reminder_days = models.PositiveSmallIntegerField(_("reminder, days before"), default=7)
    facilitators = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "call series"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "collaboratives:series-detail",
            kwargs={"slug": self.collaborative.slug, "series": self.public_id},
        )


class EventAttendance(models.Model):
    """Who attended an event (or was excused); a center attended when any of its members did."""

    class Status(models.TextChoices):
        ATTENDED = "attended", _("Attended")
        EXCUSED = "excused", _("Excused")

    class Source(models.TextChoices):
        RECORDED = "recorded", _("Recorded by the Implementation Team")
        CHECK_IN = "check_in", _("Checked in")

    event = models.ForeignKey(
        "collaboratives.Event", on_delete=models.CASCADE, related_name="attendance"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    center = models.ForeignKey(
        "centers.Center", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.ATTENDED
    )
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.RECORDED)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="attendance_once")]

    def __str__(self) -> str:
        return f"{self.user_id} at {self.event_id}"


class Decision(models.Model):
    """A decision from an event's notes: made, or still open."""

    class Status(models.TextChoices):
        MADE = "made", _("Made")
        OPEN = "open", _("Still open")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(
        "collaboratives.Event", on_delete=models.CASCADE, related_name="decisions"
    )
    text = models.TextField(_("decision"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.MADE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:80]


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's secret calendar feed URL for one collaborative; revoking makes a new one."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    collaborative = models.ForeignKey(
        "collaboratives.Collaborative", on_delete=models.CASCADE, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "collaborative"])]

    def __str__(self) -> str:
        return f"Calendar feed of {self.user_id}"
