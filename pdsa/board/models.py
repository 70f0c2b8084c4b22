import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from centers.teams.models import Center
from collaboratives.membership.models import Collaborative
from pdsa.cycles.models import Cycle


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
    # A post on the shared board may speak to one affinity group: its members are told.
    affinity_group = models.ForeignKey(
        "collaboratives.AffinityGroup",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
        verbose_name=_("addressed to the affinity group"),
    )
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
        "pdsa.Resource", null=True, blank=True, on_delete=models.CASCADE, related_name="board_entry"
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
