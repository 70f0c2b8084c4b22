from django import forms
from django.utils.translation import gettext_lazy as _

from collaboratives.framework.models import METRIC_FIELDS, Metric


class NeedForm(forms.Form):
    need = forms.CharField(
        label=_("The need"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    opportunity = forms.CharField(
        label=_("The opportunity"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class AimForm(forms.Form):
    text = forms.CharField(
        label=_("Aim"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class PrimaryDriverForm(forms.Form):
    name = forms.CharField(label=_("Short name"), max_length=200)
    full_name = forms.CharField(label=_("Full name"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class SecondaryDriverForm(forms.Form):
    text = forms.CharField(
        label=_("Secondary driver"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    assessment_text = forms.CharField(
        label=_("Wording in the self-assessment (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PublishForm(forms.Form):
    note = forms.CharField(
        label=_("What changed and why"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CopyForm(forms.Form):
    source = forms.ChoiceField(label=_("Start from"))

    def __init__(self, *args, choices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = choices


class MetricForm(forms.ModelForm):
    drivers = forms.MultipleChoiceField(
        label=_("Linked secondary drivers"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Metric
        # The slug is set once, from the name, by the service.
        fields = [name for name in METRIC_FIELDS if name != "slug"]
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "how_to_collect": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, drivers, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.driver_objects = {str(d.public_id): d for d in drivers}
        self.fields["drivers"].choices = [
            (str(d.public_id), f"{d.primary.number}.{d.number} {d.text}") for d in drivers
        ]
        if self.instance.pk and not self.is_bound:
            self.initial["drivers"] = [str(d.public_id) for d in self.instance.drivers.all()]

    def clean_drivers(self):
        return [self.driver_objects[value] for value in self.cleaned_data["drivers"]]

    def _post_clean(self) -> None:
        # The service validates the whole metric (slug, collaborative) when it saves.
        pass
