import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bsc.models import TIMEZONE_CHOICES


class Organization(models.Model):
    """The tenant: owns collaboratives. Org admins manage it in the Django admin."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    admins = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="administered_organizations"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Collaborative(models.Model):
    """One Breakthrough Series Collaborative; everything else hangs off one."""

    class Status(models.TextChoices):
        PLANNING = "planning", _("Planning")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        ARCHIVED = "archived", _("Archived")

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="collaboratives"
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in links"), unique=True)
    topic = models.CharField(_("topic"), max_length=300, blank=True)
    timezone = models.CharField(
        _("time zone"), max_length=64, choices=TIMEZONE_CHOICES, default="America/New_York"
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNING
    )
    holiday_country = models.CharField(
        _("public holidays of country"),
        max_length=2,
        default="US",
        blank=True,
        help_text=_("ISO code such as US; calls on its public holidays are flagged."),
    )
    holiday_region = models.CharField(
        _("state or region"),
        max_length=8,
        blank=True,
        help_text=_("Optional subdivision code such as MA, for regional holidays."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="collaborative_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portal:collaborative", kwargs={"slug": self.slug})


class Membership(models.Model):
    """A person's role in one collaborative."""

    class Role(models.TextChoices):
        IMPLEMENTATION_TEAM = "implementation_team", _("Implementation Team")
        FACULTY = "faculty", _("Faculty")
        CENTER_MEMBER = "center_member", _("Center team member")

    class CenterRole(models.TextChoices):
        SENIOR_LEADER = "senior_leader", _("Senior leader")
        TEAM_LEADER = "team_leader", _("Team leader")
        DAY_TO_DAY_MANAGER = "day_to_day_manager", _("Day-to-day manager")
        TEACHER = "teacher", _("Teacher")
        FAMILY_REPRESENTATIVE = "family_representative", _("Family representative")
        OTHER_STAFF = "other_staff", _("Other staff")

    class Competency(models.TextChoices):
        CONTENT_EXPERTISE = "content_expertise", _("Content expertise")
        QI_COACHING = "qi_coaching", _("Quality improvement coaching")
        DATA_CAPACITY = "data_capacity", _("Data capacity")
        RELATIONSHIP_MANAGEMENT = "relationship_management", _("Relationship management")
        PROJECT_MANAGEMENT = "project_management", _("Project management")
        FAMILY_LIAISON = "family_liaison", _("Family liaison")
        CENTER_COMMUNICATION = "center_communication", _("Center communication")
        CENTER_PROGRESS = "center_progress", _("Center progress and coaching")
        SHARED_LEARNING = "shared_learning", _("Shared learning")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    center = models.ForeignKey(
        "centers.Center",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    center_role = models.CharField(
        _("role in the center team"), max_length=32, choices=CenterRole.choices, blank=True
    )
    data_point_person = models.BooleanField(_("data point person"), default=False)
    competencies = models.JSONField(_("competencies"), default=list, blank=True)
    is_it_senior_leader = models.BooleanField(_("IT senior leader"), default=False)
    title = models.CharField(_("title or background"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "collaborative"], name="one_membership"),
            models.CheckConstraint(
                condition=(
                    models.Q(role="center_member", center__isnull=False)
                    | (~models.Q(role="center_member") & models.Q(center__isnull=True))
                ),
                name="center_member_has_center",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.collaborative})"

    def clean(self) -> None:
        errors = _check_center(self.role, self.center, self.collaborative_id)
        if errors:
            raise ValidationError(errors)

    @property
    def role_label(self) -> str:
        if self.role == self.Role.CENTER_MEMBER and self.center_role:
            return str(self.get_center_role_display())
        return str(self.get_role_display())


class Invitation(models.Model):
    """An e-mailed, signed, single-use invitation to join a collaborative with a role."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    full_name = models.CharField(_("name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=32, choices=Membership.Role.choices)
    center = models.ForeignKey(
        "centers.Center", null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("center")
    )
    center_role = models.CharField(
        _("role in the center team"),
        max_length=32,
        choices=Membership.CenterRole.choices,
        blank=True,
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.collaborative}"

    def clean(self) -> None:
        errors = _check_center(self.role, self.center, self.collaborative_id)
        if errors:
            raise ValidationError(errors)


def _check_center(role: str, center: Any, collaborative_id: int | None) -> dict[str, str]:
    """A center member belongs to a center of the same collaborative; nobody else has one."""
    if role == Membership.Role.CENTER_MEMBER:
        if center is None:
            return {"center": _("Choose the center this person joins.")}
        if collaborative_id is not None and center.collaborative_id != collaborative_id:
            return {"center": _("That center is not part of this collaborative.")}
    elif center is not None:
        return {"center": _("Only center team members belong to a center.")}
    return {}


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
        return self.text


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
        return f"{self.number}. {self.name}"

    @property
    def title(self) -> str:
        return self.full_name or self.name


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
        return f"{self.primary.number}.{self.number} {self.text}"

    @property
    def rating_text(self) -> str:
        return self.assessment_text or self.text

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

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["collaborative", "slug"], name="metric_slug_unique")
        ]

    def __str__(self) -> str:
        return self.name


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


from .schedule_models import (  # noqa: E402, F401  (models of the timeline live beside)
    CalendarFeed,
    CallSeries,
    Decision,
    EventAttendance,
    WorkplanTask,
)
