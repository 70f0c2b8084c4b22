from django.db.models import QuerySet
from rest_framework import generics, serializers

from bsc.api import CollaborativeAPIMixin
from bsc.tenancy import collaboratives_for, members_visible_to
from collaboratives.membership.models import Collaborative, Membership


class CollaborativeSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Collaborative
        fields = [
            "slug",
            "name",
            "organization",
            "topic",
            "timezone",
            "start_date",
            "end_date",
            "status",
        ]


class MembershipSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    name = serializers.CharField(source="user.full_name", read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)
    center = serializers.SlugField(
        source="center.slug", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = Membership
        fields = [
            "id",
            "name",
            "email",
            "role",
            "center",
            "center_role",
            "data_point_person",
            "is_it_senior_leader",
        ]


class CollaborativeList(generics.ListAPIView):
    """Collaboratives the caller belongs to, in every organization."""

    serializer_class = CollaborativeSerializer

    def get_queryset(self) -> QuerySet[Collaborative]:
        return collaboratives_for(self.request.user).order_by("name")


class CollaborativeDetail(CollaborativeAPIMixin, generics.RetrieveAPIView):
    serializer_class = CollaborativeSerializer

    def get_object(self) -> Collaborative:
        return self.access.collaborative


class MembershipList(CollaborativeAPIMixin, generics.ListAPIView):
    """People of the collaborative with their roles."""

    serializer_class = MembershipSerializer

    def get_queryset(self) -> QuerySet[Membership]:
        return members_visible_to(self.access).order_by("role", "user__email")
