"""Center selection: application periods, applications (Appendix I), reviews and outreach."""

import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from collaboratives.membership.models import Collaborative, Membership


def _period_token() -> str:
    return secrets.token_urlsafe(18)


def letter_path(instance: "Application", filename: str) -> str:
    # The stored name never comes from the upload: the kind was checked by content.
    return f"applications/{instance.public_id}/{uuid.uuid4().hex}.pdf"


class ApplicationPeriod(models.Model):
    """An open call for centers: dates, size, questions, criteria, letter templates."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="application_periods"
    )
    name = models.CharField(_("name"), max_length=200)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    decision_by = models.DateField(_("decisions by"), null=True, blank=True)
    max_centers = models.PositiveSmallIntegerField(
        _("most centers accepted"), null=True, blank=True
    )
    competitive = models.BooleanField(_("competitive selection"), default=True)
    reviewers_per_application = models.PositiveSmallIntegerField(
        _("reviewers per application"), default=2
    )
    # The public link's secret: anyone holding it may start an application, nothing more.
    token = models.CharField(max_length=40, unique=True, default=_period_token, editable=False)
    questions = models.JSONField(_("questions"), default=list)
    readiness_items = models.JSONField(_("readiness checklist"), default=list, blank=True)
    letter_accepted = models.TextField(_("letter to accepted centers"), blank=True)
    letter_waitlisted = models.TextField(_("letter to wait-listed centers"), blank=True)
    letter_declined = models.TextField(_("letter to declined centers"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on"]

    def __str__(self) -> str:
        return self.name


class ReviewCriterion(models.Model):
    """One criterion the reviewers score, with its weight and a description per rubric level."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    period = models.ForeignKey(ApplicationPeriod, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=Decimal(1))
    scale_max = models.PositiveSmallIntegerField(
        _("rubric"), choices=[(4, _("1–4")), (5, _("1–5"))], default=4
    )
    levels = models.JSONField(_("level descriptions"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class Application(models.Model):
    """One center's application: the cover sheet, aggregate demographics, answers, team."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    class Decision(models.TextChoices):
        NONE = "", _("Not decided")
        ACCEPTED = "accepted", _("Accepted")
        WAITLISTED = "waitlisted", _("Wait-listed")
        DECLINED = "declined", _("Declined")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="applications"
    )
    period = models.ForeignKey(
        ApplicationPeriod, on_delete=models.CASCADE, related_name="applications"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    # Cover sheet
    center_name = models.CharField(_("center name"), max_length=200)
    center_type = models.CharField(_("center type"), max_length=24, blank=True)
    age_groups = models.JSONField(_("age groups served"), default=list, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=60, blank=True)
    zip_code = models.CharField(_("ZIP code"), max_length=12, blank=True)
    community = models.CharField(_("community served"), max_length=24, blank=True)
    director_name = models.CharField(_("center director"), max_length=150, blank=True)
    director_title = models.CharField(_("director's title"), max_length=150, blank=True)
    senior_leader_name = models.CharField(_("senior leader"), max_length=150, blank=True)
    senior_leader_title = models.CharField(_("senior leader's title"), max_length=150, blank=True)
    senior_leader_email = models.EmailField(_("senior leader's e-mail"), blank=True)
    senior_leader_phone = models.CharField(_("senior leader's phone"), max_length=40, blank=True)
    contact_name = models.CharField(_("key contact"), max_length=150, blank=True)
    contact_title = models.CharField(_("key contact's title"), max_length=150, blank=True)
    contact_email = models.EmailField(_("key contact's e-mail"))
    contact_phone = models.CharField(_("key contact's phone"), max_length=40, blank=True)
    demographics = models.JSONField(default=dict, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    team = models.JSONField(default=list, blank=True)
    readiness = models.JSONField(default=dict, blank=True)
    readiness_verified = models.JSONField(default=dict, blank=True)
    letter = models.FileField(_("letter of commitment"), upload_to=letter_path, blank=True)
    # What the applicant saw when submitting: the questions as worded then.
    submitted_questions = models.JSONField(default=list, blank=True)
    resume_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(max_length=12, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(_("reason (internal)"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    letter_body = models.TextField(blank=True)
    letter_sent_at = models.DateTimeField(null=True, blank=True)
    center = models.OneToOneField(
        "centers.Center",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="application",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["center_name", "pk"]

    def __str__(self) -> str:
        return self.center_name


class Review(models.Model):
    """One reviewer's scores of one application; hidden from the others until submitted."""

    class Recommendation(models.TextChoices):
        ACCEPT = "accept", _("Accept")
        WAITLIST = "waitlist", _("Wait-list")
        DECLINE = "decline", _("Decline")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="application_reviews"
    )
    scores = models.JSONField(default=dict, blank=True)
    comments = models.JSONField(default=dict, blank=True)
    recommendation = models.CharField(max_length=12, choices=Recommendation.choices, blank=True)
    weighted_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    readiness_verified = models.JSONField(default=dict, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="review_one_per_reviewer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} / {self.reviewer}"


# The resource-library tag of the outreach materials (talking points, the expectations sheet,
# the costs and benefits of taking part); the outreach page links to the library filtered by it.
OUTREACH_MATERIALS_TAG = "selection"


class OutreachContact(models.Model):
    """One contact with a prospective center, and the next step it set."""

    class Method(models.TextChoices):
        CALL = "call", _("Call")
        EMAIL = "email", _("E-mail")
        VISIT = "visit", _("Visit")
        INFO_SESSION = "info_session", _("Information session")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="outreach_contacts"
    )
    prospect = models.CharField(_("prospective center"), max_length=200)
    prospect_contact = models.CharField(_("contact at the center"), max_length=200, blank=True)
    by = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="+", verbose_name=_("who")
    )
    contacted_on = models.DateField(_("when"))
    method = models.CharField(_("how"), max_length=16, choices=Method.choices)
    event = models.ForeignKey(
        "collaboratives.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("information session"),
        help_text=_("The information session on the calendar, when that is how you met."),
    )
    notes = models.TextField(_("what was said"), blank=True)
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    next_step_due = models.DateField(_("next step due"), null=True, blank=True)
    next_step_done = models.BooleanField(_("next step done"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-contacted_on", "-pk"]

    def __str__(self) -> str:
        return self.prospect
