from django import forms
from django.utils.translation import gettext_lazy as _

from collaboratives.membership.models import Membership


class CompetencyForm(forms.Form):
    def __init__(self, *args, holders, members, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.members = {str(m.public_id): m for m in members}
        choices = [("", _("— nobody yet —"))] + [
            (str(m.public_id), m.user.get_full_name()) for m in members
        ]
        for value, label, holding in holders:
            self.fields[value] = forms.ChoiceField(
                label=label,
                choices=choices,
                required=False,
                initial=str(holding[0].public_id) if holding else "",
            )

    def holders(self) -> dict:
        return {
            name: self.members.get(value) if value else None
            for name, value in self.cleaned_data.items()
            if name in {c for c, _label in Membership.Competency.choices}
        }


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(label=_("Name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
    center = forms.ChoiceField(label=_("Center"), required=False)
    center_role = forms.ChoiceField(
        label=_("Role in the center team"),
        choices=[("", "—"), *Membership.CenterRole.choices],
        required=False,
    )

    def __init__(self, *args, centers, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.centers = {c.slug: c for c in centers}
        self.fields["center"].choices = [("", "—")] + [(c.slug, c.name) for c in centers]

    def clean_center(self):
        slug = self.cleaned_data.get("center")
        return self.centers.get(slug) if slug else None
