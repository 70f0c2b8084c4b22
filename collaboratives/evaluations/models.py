"""Anonymous event evaluations (Field Guide Appendix F).

Who answered and what was answered are kept apart so that no one, reading the pages, the
admin or the raw tables, can join them:

- an `EvaluationResponse` has a random UUID key, no timestamp and no link to a person, so
  neither its key nor any column orders it the way the answers came in;
- the "has responded" marks of one evaluation are one `RespondentRoll` row holding the
  respondents' user ids sorted by id. Per-person mark rows would each be written in the same
  transaction as the answer (in PostgreSQL the row's `xmin` would join them) and in the same
  order; one rewritten row keeps neither.
"""

import uuid

from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Evaluation(models.Model):
    """The evaluation form of one event: its items, built by the IT before or after it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.OneToOneField(
        "collaboratives.Event", on_delete=models.CASCADE, related_name="evaluation"
    )
    introduction = models.TextField(_("introduction"), blank=True)
    # [{"key": "i1", "kind": "scale" | "choice" | "open", "text": ..., "choices": [...]}]
    items = models.JSONField(default=list)
    min_responses = models.PositiveSmallIntegerField(
        _("responses needed before results are shown"),
        default=5,
        validators=[MinValueValidator(3)],
        help_text=_("So that a small group cannot be identified by its answers."),
    )
    invitations_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.event)

    def get_absolute_url(self) -> str:
        return reverse(
            "collaboratives:evaluation",
            kwargs={"slug": self.event.collaborative.slug, "event": self.event.public_id},
        )


class EvaluationResponse(models.Model):
    """One person's answers, with nothing that says whose or when."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="responses")
    # {item key: {"score": 1..5 | None, "comment": str} | {"choice": str} | {"text": str}}
    answers = models.JSONField(default=dict)

    class Meta:
        # By the random key: any listing comes out in an order unrelated to arrival.
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Response to {self.evaluation}"


class RespondentRoll(models.Model):
    """Who has answered one evaluation: user ids, sorted, in one row."""

    evaluation = models.OneToOneField(
        Evaluation, on_delete=models.CASCADE, related_name="roll", primary_key=True
    )
    user_ids = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"{len(self.user_ids)} responded to {self.evaluation}"
