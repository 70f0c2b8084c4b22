"""Affinity groups over the API: read only, for every member."""

from django.db.models import QuerySet
from rest_framework import generics, serializers

from bsc.api import CollaborativeAPIMixin
from collaboratives.affinity import selectors
from collaboratives.affinity.models import AffinityGroup


class AffinityGroupSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    faculty_lead = serializers.CharField(
        source="faculty_lead.get_full_name", default=None, allow_null=True
    )
    it_lead = serializers.CharField(source="it_lead.get_full_name", default=None, allow_null=True)
    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = AffinityGroup
        fields = [
            "id",
            "name",
            "center_role",
            "description",
            "faculty_lead",
            "it_lead",
            "member_count",
        ]
        read_only_fields = fields


class MemberSerializer(serializers.Serializer):
    name = serializers.CharField(source="user.get_full_name")
    center = serializers.CharField(source="center.slug", default=None, allow_null=True)
    center_role = serializers.CharField()


class AffinityGroupDetailSerializer(AffinityGroupSerializer):
    members = serializers.SerializerMethodField()

    class Meta(AffinityGroupSerializer.Meta):
        fields = [*AffinityGroupSerializer.Meta.fields, "members"]
        read_only_fields = fields

    def get_members(self, group: AffinityGroup) -> list[dict]:
        return MemberSerializer(selectors.members_of(group), many=True).data


class AffinityGroupList(CollaborativeAPIMixin, generics.ListAPIView):
    serializer_class = AffinityGroupSerializer

    def get_queryset(self) -> QuerySet[AffinityGroup]:
        return selectors.groups_of(self.access)


class AffinityGroupDetail(CollaborativeAPIMixin, generics.RetrieveAPIView):
    serializer_class = AffinityGroupDetailSerializer

    def get_object(self) -> AffinityGroup:
        return selectors.get_group(self.access, self.kwargs["group"])
