"""Forms of the sessions room: agenda blocks, objectives, materials, RSVP and attendance."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bsc.options import OptionsCheckboxes, OptionsSelect
from collaboratives.membership.models import Membership
from collaboratives.schedule.forms import LocalDateTimeField
from collaboratives.sessions.models import AgendaBlock, Part, Rsvp


class BlockForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    part = forms.ChoiceField(label=_("Part"), choices=Part.choices, widget=OptionsSelect)
    description = forms.CharField(
        label=_("Short description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    presenters = forms.MultipleChoiceField(
        label=_("Presenters (faculty or IT)"), required=False, widget=OptionsCheckboxes
    )
    presenting_center = forms.ChoiceField(
        label=_("Presenting center"), required=False, widget=OptionsSelect
    )
    room = forms.CharField(label=_("Room or breakout"), max_length=200, required=False)

    def __init__(
        self,
        *args: Any,
        tz_name: str,
        members: list[Membership],
        centers: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        tz = zoneinfo.ZoneInfo(tz_name)
        self.fields = {
            "start": LocalDateTimeField(label=_("Start"), tz=tz),
            "end": LocalDateTimeField(label=_("End"), tz=tz),
            **self.fields,
        }
        leads = [
            m
            for m in members
            if m.role in (Membership.Role.IMPLEMENTATION_TEAM, Membership.Role.FACULTY)
        ]
        self.people = {m.user_id: m.user for m in leads}
        self.fields["presenters"].choices = [
            (m.user_id, f"{m.user} ({m.role_label})") for m in leads
        ]
        # The centers as (pk, name): a form offering every center builds no model per center.
        self.fields["presenting_center"].choices = [("", "—")] + [
            (str(pk), name) for pk, name in centers
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The end must be after the start."))
        return data

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["presenters"] = [self.people[int(pk)] for pk in data.get("presenters", [])]
        chosen = data.get("presenting_center") or ""
        # The field accepts only the centers offered, so the pk is one the person may see.
        # The block's own foreign key names the model: this room does not import centers.
        center_model = AgendaBlock._meta.get_field("presenting_center").related_model
        data["presenting_center"] = center_model.objects.get(pk=chosen) if chosen else None
        return data

    @staticmethod
    def initial_from(block: Any) -> dict[str, Any]:
        return {
            "start": block.start,
            "end": block.end,
            "title": block.title,
            "part": block.part,
            "description": block.description,
            "presenters": [p.pk for p in block.presenters.all()],
            "presenting_center": str(block.presenting_center_id or ""),
            "room": block.room,
        }


class PlanForm(forms.Form):
    introduction = forms.CharField(
        label=_("Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    objectives = forms.CharField(
        label=_("Objectives of the day (one a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(
        label=_("File (PDF, image, PowerPoint, Word or Excel; at most 25 MB)"), required=False
    )
    url = forms.URLField(
        label=_("Or a link"), max_length=500, required=False, assume_scheme="https"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if bool(data.get("file")) == bool(data.get("url")):
            raise forms.ValidationError(_("Choose a file or give a link (one of the two)."))
        if data.get("url") and not data.get("title"):
            self.add_error("title", _("Give the link a title."))
        return data


class RsvpForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Will you come?"), choices=Rsvp.Answer.choices, widget=forms.RadioSelect
    )
