from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pdsa.discussion.alerts import KINDS
from pdsa.discussion.models import NotificationSetting


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Markdown works. Mention someone with @ and their full name."),
    )
    parent = forms.UUIDField(required=False, widget=forms.HiddenInput)


class NotificationSettingsForm(forms.Form):
    def __init__(self, *args: Any, current: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, label in KINDS.items():
            self.fields[kind.replace(".", "__")] = forms.ChoiceField(
                label=label, choices=NotificationSetting.Mode.choices, initial=current.get(kind)
            )

    def modes(self) -> dict[str, str]:
        return {name.replace("__", "."): value for name, value in self.cleaned_data.items()}
