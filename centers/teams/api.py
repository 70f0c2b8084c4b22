from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from bsc.api import APIView, CollaborativeAPIMixin
from bsc.tenancy import centers_visible_to, get_center_for_user
from centers.teams.models import Center
from collaboratives.membership.models import Membership


class CenterSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = Center
        fields = [
            "id",
            "slug",
            "name",
            "center_type",
            "age_groups",
            "address",
            "director_name",
            "team_name",
            "motto",
            "status",
        ]


class CenterList(CollaborativeAPIMixin, generics.ListAPIView):
    serializer_class = CenterSerializer

    def get_queryset(self) -> QuerySet[Center]:
        return centers_visible_to(self.access).order_by("name")


class CenterDetail(CollaborativeAPIMixin, generics.RetrieveAPIView):
    serializer_class = CenterSerializer

    def get_object(self) -> Center:
        return get_center_for_user(self.access, self.kwargs["center"], permission="view_center")


class TeamMemberSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    name = serializers.CharField(source="user.full_name", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "name", "center_role", "data_point_person"]


class TeamDetail(CollaborativeAPIMixin, APIView):
    """A center's team: name, motto and members with their roles."""

    @extend_schema(responses={200: dict})
    def get(self, request: Request, slug: str, center: str) -> Response:
        center_obj = get_center_for_user(self.access, center, permission="view_center")
        members = center_obj.memberships.select_related("user").order_by("center_role")
        return Response(
            {
                "center": center_obj.slug,
                "team_name": center_obj.team_name,
                "motto": center_obj.motto,
                "has_storyboard": bool(center_obj.storyboard),
                "members": TeamMemberSerializer(members, many=True).data,
            }
        )
