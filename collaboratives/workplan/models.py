import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
