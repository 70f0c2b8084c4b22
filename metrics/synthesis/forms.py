from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from centers.teams.models import Center
from collaboratives.framework.models import SecondaryDriver
from metrics.synthesis.models import Theme


class DriverChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: SecondaryDriver) -> str:
        return f"{obj.primary.number}.{obj.number} {obj.text[:80]}"


class ThemeForm(forms.ModelForm):
    drivers = DriverChoice(
        queryset=SecondaryDriver.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Drivers"),
    )
    centers = forms.ModelMultipleChoiceField(
        queryset=Center.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Centers"),
    )

    class Meta:
        model = Theme
        fields = [
            "title",
            "lens",
            "body",
            "action_period",
            "status",
            "acted_with",
            "visibility",
            "drivers",
            "centers",
        ]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}

    def __init__(
        self,
        *args,  # noqa: ANN002
        drivers: QuerySet[SecondaryDriver],
        centers: QuerySet[Center],
        **kwargs,  # noqa: ANN003
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["drivers"].queryset = drivers
        self.fields["centers"].queryset = centers

    def clean(self) -> dict:
        data = super().clean()
        if data.get("status") == Theme.Status.ACTED and not data.get("acted_with", "").strip():
            self.add_error("acted_with", _("Say what it was acted on with."))
        return data


class AddEvidenceForm(forms.Form):
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.none(),
        required=False,
        label=_("Add to the theme"),
        to_field_name="public_id",
    )
    new_title = forms.CharField(
        max_length=200, required=False, label=_("…or start a new theme with this finding")
    )
    new_lens = forms.ChoiceField(
        choices=[("", "—"), *Theme.Lens.choices], required=False, label=_("Lens of the new theme")
    )

    def __init__(self, *args, themes: QuerySet[Theme], **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("theme") and not data.get("new_title", "").strip():
            raise forms.ValidationError(_("Choose a theme, or name a new one."))
        if not data.get("theme") and not data.get("new_lens"):
            self.add_error("new_lens", _("Choose the lens of the new theme."))
        return data


class AgendaEventForm(forms.Form):
    """Which upcoming call or Learning Session takes the theme up on its agenda."""

    event = forms.ChoiceField(label=_("Add to the agenda of"), widget=forms.RadioSelect)

    def __init__(self, *args, events: list[tuple[str, str]], **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = events
        self.fields["event"].error_messages["invalid_choice"] = _(
            "Choose an upcoming call or Learning Session of this collaborative."
        )
