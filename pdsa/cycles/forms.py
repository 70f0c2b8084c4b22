from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pdsa.cycles.models import Cycle, Ramp
from pdsa.cycles.services import STAGE_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


SHORT = {"rows": 2}


class DriverChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.text}"


class DriverMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.text}"


class QuickStartForm(forms.Form):
    """What can we test by next Tuesday? One screen, a phone's worth of fields."""

    title = forms.CharField(label=_("Change idea, in a few words"), max_length=200)
    objective = forms.CharField(
        label=_("What will we test, and what do we want to find out?"),
        widget=forms.Textarea(attrs=SHORT),
        required=False,
    )
    prediction = forms.CharField(
        label=_("What do we predict will happen?"),
        widget=forms.Textarea(attrs=SHORT),
        required=False,
    )
    who = forms.CharField(label=_("Who"), max_length=300, required=False)
    when = forms.CharField(label=_("When"), max_length=300, required=False)
    scale = forms.ChoiceField(label=_("Scale"), choices=Cycle.Scale.choices)
    secondary_driver = DriverChoiceField(
        label=_("Driver it works on"), queryset=None, required=False
    )

    def __init__(self, *args: Any, drivers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["secondary_driver"].queryset = drivers

    def clean_objective(self) -> str:
        objective = self.cleaned_data["objective"].strip()
        if not objective:
            raise forms.ValidationError(_("Say what this cycle is meant to find out."))
        return objective


class RampForm(forms.ModelForm):
    secondary_drivers = DriverMultipleChoiceField(
        label=_("Secondary drivers"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Ramp
        fields = ["title", "change_idea", "status", "secondary_drivers", "metrics"]
        widgets = {
            "change_idea": forms.Textarea(attrs={"rows": 3}),
            "metrics": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, drivers: Any, metrics: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["secondary_drivers"].queryset = drivers
        self.fields["metrics"].queryset = metrics
        self.fields["metrics"].required = False


class StageForm(forms.ModelForm):
    class Meta:
        model = Cycle
        fields: list[str] = []


def stage_form_class(stage: str) -> type[forms.ModelForm]:
    widgets: dict[str, Any] = {
        name: forms.Textarea(attrs={"rows": 3})
        for name in [
            "objective",
            "questions",
            "prediction",
            "what",
            "data_to_collect",
            "what_happened",
            "observations",
            "problems",
            "results",
            "learned",
            "next_step",
        ]
    }
    widgets.update({"start_date": DATE, "end_date": DATE})
    meta = type("Meta", (), {"model": Cycle, "fields": STAGE_FIELDS[stage], "widgets": widgets})
    attrs: dict[str, Any] = {
        "Meta": meta,
        # The version the page was loaded with, so a save after someone else's is refused.
        "version": forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0),
    }
    if stage == "act":
        attrs["start_next"] = forms.BooleanField(
            label=_("Start the next cycle now, pre-filled from this one"), required=False
        )
    form_class = type(f"{stage.title()}Form", (forms.ModelForm,), attrs)
    if stage == "act":
        form_class.base_fields["decision"].required = True
        form_class.base_fields["decision"].choices = Cycle.Decision.choices
    if stage == "plan":
        form_class.base_fields["objective"].error_messages["required"] = _(
            "Say what this cycle is meant to find out."
        )
    return form_class


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Photo or PDF"))
