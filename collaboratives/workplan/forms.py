from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from collaboratives.membership.models import Membership
from collaboratives.workplan.models import WorkplanTask


class TaskForm(forms.Form):
    key_activity = forms.CharField(label=_("Key activity"), max_length=200)
    title = forms.CharField(label=_("Task"), max_length=300)
    description = forms.CharField(
        label=_("Brief description"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    owner = forms.ChoiceField(label=_("Owner"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=WorkplanTask.Status.choices)
    anchor_event = forms.ChoiceField(label=_("Anchored to event"), required=False)
    offset_weeks = forms.IntegerField(
        label=_("Weeks from the event (negative: before)"),
        required=False,
        min_value=-104,
        max_value=104,
    )
    offset_extra_days = forms.IntegerField(
        label=_("and days"), required=False, min_value=-6, max_value=6
    )
    due_date = forms.DateField(
        label=_("Fixed due date (when not anchored)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    timeframe = forms.CharField(label=_("Planned timeframe"), max_length=120, required=False)
    responsibility = forms.CharField(
        label=_("Primary responsibility"), max_length=200, required=False
    )

    def __init__(self, *args: Any, members, events, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owners = {
            str(m.user_id): m.user for m in members if m.role == Membership.Role.IMPLEMENTATION_TEAM
        }
        self.fields["owner"].choices = [("", "—")] + [
            (pk, str(user)) for pk, user in self.owners.items()
        ]
        self.events = {str(e.public_id): e for e in events}
        self.fields["anchor_event"].choices = [("", _("Not anchored: fixed date"))] + [
            (pk, f"{e.title} ({e.start:%Y-%m-%d})") for pk, e in self.events.items()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["owner"] = self.owners.get(data.get("owner") or "")
        anchor = data.get("anchor_event")
        data["anchor_event"] = self.events.get(anchor) if anchor else None
        data["offset_days"] = (data.pop("offset_weeks", None) or 0) * 7 + (
            data.pop("offset_extra_days", None) or 0
        )
        if data["anchor_event"] is None and not data.get("due_date"):
            self.add_error("due_date", _("Give a due date, or anchor the task to an event."))
        return data

    @staticmethod
    def initial_from(task: WorkplanTask) -> dict[str, Any]:
        weeks, days = divmod(abs(task.offset_days), 7)
        sign = -1 if task.offset_days < 0 else 1
        return {
            "key_activity": task.key_activity,
            "title": task.title,
            "description": task.description,
            "owner": str(task.owner_id or ""),
            "status": task.status,
            "anchor_event": str(task.anchor_event.public_id) if task.anchor_event else "",
            "offset_weeks": sign * weeks,
            "offset_extra_days": sign * days,
            "due_date": task.due_date,
            "timeframe": task.timeframe,
            "responsibility": task.responsibility,
        }
