from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pdsa.board.alerts import KINDS
from pdsa.board.models import NotificationSetting, Post


class PostForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = ["kind", "title", "body", "pinned"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args: Any, can_announce: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_announce:
            del self.fields["pinned"]
            self.fields["kind"].choices = [
                c for c in Post.Kind.choices if c[0] != Post.Kind.ANNOUNCEMENT
            ]


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Markdown works. Mention someone with @ and their full name."),
    )
    parent = forms.UUIDField(required=False, widget=forms.HiddenInput)


class BoardSettingsForm(forms.Form):
    feedback_after_days = forms.IntegerField(
        label=_("Queue a cycle for feedback after this many days"), min_value=1, max_value=60
    )


class NotificationSettingsForm(forms.Form):
    def __init__(self, *args: Any, current: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, label in KINDS.items():
            self.fields[kind.replace(".", "__")] = forms.ChoiceField(
                label=label, choices=NotificationSetting.Mode.choices, initial=current.get(kind)
            )

    def modes(self) -> dict[str, str]:
        return {name.replace("__", "."): value for name, value in self.cleaned_data.items()}
