import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from centers.teams.models import Center
from collaboratives.membership.models import Collaborative


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
