from django import forms
from django.utils.translation import gettext_lazy as _

from centers.teams.models import Center


class CenterForm(forms.ModelForm):
    age_groups = forms.MultipleChoiceField(
        label=_("Age groups served"),
        choices=Center.AgeGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Center
        fields = ["name", "slug", "center_type", "age_groups", "address", "director_name", "status"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["slug"]

    def _post_clean(self) -> None:
        pass


class TeamForm(forms.Form):
    team_name = forms.CharField(label=_("Team name"), max_length=150, required=False)
    motto = forms.CharField(label=_("Team motto"), max_length=300, required=False)
    data_point_person = forms.ChoiceField(label=_("Data point person"), required=False)
    storyboard = forms.FileField(
        label=_("Storyboard (image or PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf"}),
    )

    def __init__(self, *args, members=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.members = {str(m.public_id): m for m in members}
        self.fields["data_point_person"].choices = [("", "—")] + [
            (key, f"{m.user.get_full_name()} ({m.role_label})") for key, m in self.members.items()
        ]

    def clean_data_point_person(self):
        value = self.cleaned_data.get("data_point_person")
        return self.members.get(value) if value else None
