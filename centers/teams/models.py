import uuid
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from collaboratives.membership.models import Collaborative


def storyboard_path(instance: "Center", filename: str) -> str:
    # The stored name never comes from the upload: the kind was checked by content.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"storyboards/{instance.public_id}/{uuid.uuid4().hex}.{extension}"


class Center(models.Model):
    """A participating center's cross-role team in one collaborative."""

    class CenterType(models.TextChoices):
        STAND_ALONE = "stand_alone", _("Stand-alone center")
        MULTI_SITE = "multi_site", _("Multi-site agency")
        HEAD_START = "head_start", _("Head Start")
        EARLY_HEAD_START = "early_head_start", _("Early Head Start")

    class Status(models.TextChoices):
        APPLICANT = "applicant", _("Applicant")
        SELECTED = "selected", _("Selected")
        ACTIVE = "active", _("Active")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        COMPLETED = "completed", _("Completed")

    class AgeGroup(models.TextChoices):
        INFANTS = "infants", _("Infants")
        TODDLERS = "toddlers", _("Toddlers")
        PRESCHOOL = "preschool", _("Preschool")
        SCHOOL_AGE = "school_age", _("School age")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="centers"
    )
    name = models.CharField(_("center name"), max_length=200)
    slug = models.SlugField(_("short name in links"))
    center_type = models.CharField(
        _("type"), max_length=24, choices=CenterType.choices, default=CenterType.STAND_ALONE
    )
    age_groups = models.JSONField(_("age groups served"), default=list, blank=True)
    address = models.TextField(_("address"), blank=True)
    director_name = models.CharField(_("director"), max_length=150, blank=True)
    team_name = models.CharField(_("team name"), max_length=150, blank=True)
    motto = models.CharField(_("team motto"), max_length=300, blank=True)
    storyboard = models.FileField(_("storyboard"), upload_to=storyboard_path, blank=True)
    storyboard_content_type = models.CharField(max_length=60, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["collaborative", "slug"], name="center_slug_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "centers:detail", kwargs={"slug": self.collaborative.slug, "center": self.slug}
        )

    @property
    def age_group_labels(self) -> list[str]:
        labels = dict(self.AgeGroup.choices)
        return [str(labels.get(g, g)) for g in self.age_groups]


SCORE_VALIDATORS = [MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("4"))]
