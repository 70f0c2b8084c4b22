import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from centers.selection.models import OUTREACH_MATERIALS_TAG
from collaboratives.framework.models import SecondaryDriver
from collaboratives.membership.models import Collaborative

# Tags with a meaning across the platform get a readable name in the library's filter; any
# other tag shows as typed.
NAMED_TAGS = {OUTREACH_MATERIALS_TAG: _("Selection / recruitment")}


def tag_label(tag: str) -> str:
    return str(NAMED_TAGS.get(tag.lower(), tag))


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

    def get_absolute_url(self) -> str:
        return reverse(
            "pdsa:resource-detail",
            kwargs={"slug": self.collaborative.slug, "resource": self.public_id},
        )

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]
