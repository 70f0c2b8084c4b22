"""The monthly newsletter (Field Guide, Section 3 and Appendix D): a draft built from the
month's activity, edited by the IT, sent once to every member and archived."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from collaboratives.membership.models import Collaborative


class Newsletter(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="newsletters"
    )
    # The month the newsletter is sent in (its first day); it reports on the month before.
    month = models.DateField(_("month"))
    title = models.CharField(_("title"), max_length=200)
    # The newsletter's title in other languages: {"es": "…"}; a missing one falls back.
    title_translations = models.JSONField(default=dict, blank=True)
    # [{"key": "highlights", "title": "…", "body": "Markdown",
    #   "translations": {"es": {"title": "…", "body": "…"}}}, …] in the order they are sent.
    sections = models.JSONField(default=list)
    spotlight = models.ForeignKey(
        "centers.Center",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("center spotlight"),
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    built_at = models.DateTimeField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What was sent, exactly: the archive and the PDF show this, not a rebuild.
    sent_html = models.TextField(blank=True, editable=False)
    sent_text = models.TextField(blank=True, editable=False)
    # What was sent in each translated language: {"es": {"title", "html", "text"}}; a
    # language without one was sent the original above.
    sent_versions = models.JSONField(default=dict, editable=False)
    recipients = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "month"], name="one_newsletter_per_month"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "metrics:newsletter",
            kwargs={"slug": self.collaborative.slug, "newsletter": self.public_id},
        )

    def sent_version(self, language: str) -> dict[str, str]:
        """What was sent to a reader of `language`: its translation, else the original."""
        version = self.sent_versions.get(language)
        if version:
            return version
        return {"title": self.title, "html": self.sent_html, "text": self.sent_text}

    @property
    def is_sent(self) -> bool:
        return self.status == self.Status.SENT
