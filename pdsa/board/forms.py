from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pdsa.board.models import Post


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


class BoardSettingsForm(forms.Form):
    feedback_after_days = forms.IntegerField(
        label=_("Queue a cycle for feedback after this many days"), min_value=1, max_value=60
    )
