from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class AssignmentForm(forms.Form):
    period = forms.IntegerField(label=_("Action Period"), min_value=1, max_value=20)
    period_label = forms.CharField(label=_("Label"), max_length=100, required=False)
    center = forms.ModelChoiceField(label=_("Center"), queryset=None)
    faculty = forms.ModelChoiceField(label=_("Faculty coach"), queryset=None)

    def __init__(self, *args: Any, centers: Any, faculty: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["center"].queryset = centers
        self.fields["faculty"].queryset = faculty
