"""The timeline's models beside Event: standing call series, attendance, decisions, the
workplan and personal calendar feeds."""

import datetime
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class CallSeries(models.Model):
    """A standing call ("third Friday of each month, 11:00–11:45") that generates events.

    The rule is an RFC 5545 RRULE evaluated in the collaborative's local time, so a call stays
    at 11:00 local across daylight-saving changes.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaborative = models.ForeignKey(
        "collaboratives.Collaborative", on_delete=models.CASCADE, related_name="call_series"
    )
    kind = models.CharField(_("type"), max_length=24)
    title = models.CharField(_("title"), max_length=200)
    rule = models.CharField(
        _("recurrence rule"),
        max_length=300,
        help_text=_("RFC 5545 RRULE, e.g. FREQ=MONTHLY;BYDAY=+3FR for the third Friday."),
    )
    first_date = models.DateField(_("first date"))
    until = models.DateField(
        _("last date"), null=True, blank=True, help_text=_("Defaults to the collaborative's end.")
    )
    start_time = models.TimeField(_("start time (local)"))
    end_time = models.TimeField(_("end time (local)"))
    location = models.CharField(_("place"), max_length=300, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    audience = models.CharField(_("audience"), max_length=24, default="everyone")
    audience_center_role = models.CharField(_("affinity group"), max_length=32, blank=True)
    audience_center = models.ForeignKey(
        "centers.Center", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    agenda = models.TextField(_("agenda items"), blank=True)
    discussion_questions = models.TextField(_("discussion questions"), blank=True)
    reminder_days = models.PositiveSmallIntegerField(_("reminder, days before"), default=7)
    facilitators = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "call series"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "collaboratives:series-detail",
            kwargs={"slug": self.collaborative.slug, "series": self.public_id},
        )


class EventAttendance(models.Model):
    """Who attended an event; a center attended when any of its members did."""

    event = models.ForeignKey(
        "collaboratives.Event", on_delete=models.CASCADE, related_name="attendance"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    center = models.ForeignKey(
        "centers.Center", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="attendance_once")]

    def __str__(self) -> str:
        return f"{self.user_id} at {self.event_id}"


class Decision(models.Model):
    """A decision from an event's notes: made, or still open."""

    class Status(models.TextChoices):
        MADE = "made", _("Made")
        OPEN = "open", _("Still open")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(
        "collaboratives.Event", on_delete=models.CASCADE, related_name="decisions"
    )
    text = models.TextField(_("decision"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.MADE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:80]


class WorkplanTask(models.Model):
    """A workplan task (Appendix D): due on a fixed date or anchored to an event with an offset.

    `due_date` is always stored; for an anchored task it is re-computed whenever the anchor
    event moves, which is what makes the "domino effect" visible and cheap to query.
    """

    class Status(models.TextChoices):
        TODO = "todo", _("To do")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaborative = models.ForeignKey(
        "collaboratives.Collaborative", on_delete=models.CASCADE, related_name="workplan_tasks"
    )
    key_activity = models.CharField(_("key activity"), max_length=200)
    description = models.TextField(_("brief description"), blank=True)
    title = models.CharField(_("task"), max_length=300)
    timeframe = models.CharField(
        _("planned timeframe"), max_length=120, blank=True, help_text=_("As worded in the plan.")
    )
    responsibility = models.CharField(_("primary responsibility"), max_length=200, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workplan_tasks",
        verbose_name=_("owner"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.TODO
    )
    due_date = models.DateField(_("due date"))
    anchor_event = models.ForeignKey(
        "collaboratives.Event",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="anchored_tasks",
        verbose_name=_("anchored to event"),
    )
    offset_days = models.IntegerField(
        _("offset in days"), default=0, help_text=_("Negative: before the event.")
    )
    source_event = models.ForeignKey(
        "collaboratives.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
        help_text="The meeting whose notes made this an action item",
    )
    template_key = models.CharField(max_length=40, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["collaborative", "due_date"]),
            models.Index(fields=["collaborative", "owner", "status"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    def is_overdue(self, today: datetime.date) -> bool:
        return not self.is_done and self.due_date < today

    @property
    def anchor_label(self) -> str:
        """ "16 weeks before Learning Session 2" (needs `anchor_event` loaded)."""
        if self.anchor_event_id is None:
            return ""
        from django.utils.translation import gettext as _t
        from django.utils.translation import ngettext

        days = abs(self.offset_days)
        if days and days % 7 == 0:
            amount = ngettext("%(n)d week", "%(n)d weeks", days // 7) % {"n": days // 7}
        else:
            amount = ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
        name = self.anchor_event.title
        if self.offset_days < 0:
            return _t("%(amount)s before %(event)s") % {"amount": amount, "event": name}
        if self.offset_days > 0:
            return _t("%(amount)s after %(event)s") % {"amount": amount, "event": name}
        return _t("on the day of %(event)s") % {"event": name}


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's secret calendar feed URL for one collaborative; revoking makes a new one."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    collaborative = models.ForeignKey(
        "collaboratives.Collaborative", on_delete=models.CASCADE, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "collaborative"])]

    def __str__(self) -> str:
        return f"Calendar feed of {self.user_id}"
