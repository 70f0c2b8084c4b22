import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from collaboratives.membership.models import Collaborative

TARGETS = ("cycle", "ramp", "post", "resource", "self_assessment", "chart", "action_plan")


def _one_target() -> models.Q:
    """Exactly one of the targets is set."""
    condition = models.Q()
    for chosen in TARGETS:
        condition |= models.Q(**{f"{name}__isnull": name != chosen for name in TARGETS})
    return condition


class ChartThread(models.Model):
    """The discussion of one center's chart of one metric for one month."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    center = models.ForeignKey("centers.Center", on_delete=models.CASCADE, related_name="+")
    metric = models.ForeignKey("collaboratives.Metric", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["center", "metric", "month"], name="one_chart_thread")
        ]

    def __str__(self) -> str:
        return f"{self.metric.name} — {self.center.name}, {self.month:%Y-%m}"

    def get_absolute_url(self) -> str:
        return reverse(
            "metrics:chart-discussion",
            kwargs={
                "slug": self.center.collaborative.slug,
                "center": self.center.slug,
                "metric": self.metric.slug,
                "month": f"{self.month:%Y-%m}",
            },
        )


class Comment(models.Model):
    """A comment on a cycle, ramp, post, resource, self-assessment, Action Plan or a center's
    chart for a month; replies are one level deep."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="comments"
    )
    cycle = models.ForeignKey(
        "pdsa.Cycle", null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    ramp = models.ForeignKey(
        "pdsa.Ramp", null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    post = models.ForeignKey(
        "pdsa.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    resource = models.ForeignKey(
        "pdsa.Resource", null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    self_assessment = models.ForeignKey(
        "centers.SelfAssessment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    chart = models.ForeignKey(
        ChartThread, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    action_plan = models.ForeignKey(
        "pdsa.ActionPlan",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_role = models.CharField(max_length=32, blank=True)
    body = models.TextField(_("comment"))
    body_html = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(condition=_one_target(), name="comment_has_one_target")
        ]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def target(self) -> models.Model:
        return (
            self.cycle
            or self.ramp
            or self.post
            or self.resource
            or self.self_assessment
            or self.chart
            or self.action_plan
        )


class NotificationSetting(models.Model):
    """A person's e-mail choice for one kind of board notification."""

    class Mode(models.TextChoices):
        IMMEDIATE = "immediate", _("Immediately")
        DAILY = "daily", _("Daily digest")
        NONE = "none", _("In the app only")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="pdsa_notification_settings",
    )
    kind = models.CharField(max_length=60)
    mode = models.CharField(max_length=10, choices=Mode.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_setting_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.mode}"
