from typing import Any

from django import forms

from bsc.models import User
from collaboratives.affinity.models import AffinityGroup
from collaboratives.membership.models import Membership


class LeadChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name()


class AffinityGroupForm(forms.ModelForm):
    faculty_lead = LeadChoice(queryset=User.objects.none(), required=False, to_field_name="email")
    it_lead = LeadChoice(queryset=User.objects.none(), required=False, to_field_name="email")

    class Meta:
        model = AffinityGroup
        fields = ["name", "center_role", "description", "faculty_lead", "it_lead"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, collaborative: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = Membership.objects.filter(collaborative=collaborative)
        self.fields["faculty_lead"].queryset = User.objects.filter(
            pk__in=members.filter(role=Membership.Role.FACULTY).values("user")
        )
        self.fields["it_lead"].queryset = User.objects.filter(
            pk__in=members.filter(role=Membership.Role.IMPLEMENTATION_TEAM).values("user")
        )
        self.fields["faculty_lead"].label = AffinityGroup._meta.get_field(
            "faculty_lead"
        ).verbose_name
        self.fields["it_lead"].label = AffinityGroup._meta.get_field("it_lead").verbose_name
