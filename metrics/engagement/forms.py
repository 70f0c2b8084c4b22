from django import forms
from django.utils.translation import gettext_lazy as _

from metrics.engagement.models import Position


class PositionForm(forms.Form):
    period = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    position = forms.ChoiceField(choices=Position.choices, label=_("Position"))
    note = forms.CharField(
        required=False,
        max_length=2000,
        label=_("Note"),
        help_text=_("Needed when you place the center elsewhere than suggested."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
