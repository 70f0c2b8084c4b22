from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pdsa.cycles.forms import DriverMultipleChoiceField
from pdsa.library.models import Resource


class ResourceForm(forms.ModelForm):
    upload = forms.FileField(label=_("File (photo or PDF)"), required=False)
    drivers = DriverMultipleChoiceField(
        label=_("Drivers"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Resource
        fields = ["title", "description", "url", "drivers", "tags"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, drivers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["drivers"].queryset = drivers
