from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from collaboratives.affinity.models import AffinityGroup
from pdsa.board.models import Post


class PostForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = ["kind", "affinity_group", "title", "body", "pinned"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}

    def __init__(
        self,
        *args: Any,
        can_announce: bool,
        groups: Sequence[AffinityGroup] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if groups:
            # Only the groups the author may address: another group's id is "not a choice".
            field = self.fields["affinity_group"]
            field.queryset = AffinityGroup.objects.filter(pk__in=[g.pk for g in groups])
            field.empty_label = _("The whole collaborative")
            field.label = _("Addressed to")
            field.help_text = _("The members of the affinity group are told of the post.")
        else:
            del self.fields["affinity_group"]
        if not can_announce:
            del self.fields["pinned"]
            self.fields["kind"].choices = [
                c for c in Post.Kind.choices if c[0] != Post.Kind.ANNOUNCEMENT
            ]


class BoardSettingsForm(forms.Form):
    feedback_after_days = forms.IntegerField(
        label=_("Queue a cycle for feedback after this many days"), min_value=1, max_value=60
    )
