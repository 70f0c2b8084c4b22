"""Affinity groups (Field Guide, Section 4.6): the people in one role across every center
team (senior leaders, team leaders, teachers, family partners…), led by a faculty coach and an
Implementation Team member, with their own calls and board channel."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from collaboratives.membership.models import Collaborative, Membership


class AffinityGroup(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="affinity_groups"
    )
    name = models.CharField(_("name"), max_length=200)
    # Members are every center-team member with this role: the group follows the teams.
    center_role = models.CharField(
        _("members: everyone in the center teams with the role"),
        max_length=32,
        choices=Membership.CenterRole.choices,
    )
    description = models.TextField(_("purpose"), blank=True)
    faculty_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("faculty co-lead"),
    )
    it_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Implementation Team co-lead"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "center_role"], name="one_affinity_group_per_role"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "collaboratives:affinity-group",
            kwargs={"slug": self.collaborative.slug, "group": self.public_id},
        )
