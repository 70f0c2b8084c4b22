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
    default_language = models.CharField(
        _("default language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_(
            "For people who have chosen no language and whose browser asks for none we offer."
        ),
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
    # An IT member withdrew the link, or a newer invitation to the same address replaced it:
    # either way the link stops working.
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="superseded"
    )
    # Accepted by someone who already was a member with another role: their membership stays
    # as it was until an IT member confirms the change (or declines it).
    role_change_pending = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.collaborative}"

    @property
    def is_open(self) -> bool:
        """The link can still be used."""
        return self.accepted_at is None and self.revoked_at is None

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
