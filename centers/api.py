from django.db.models import QuerySet
from rest_framework import generics, serializers

from bsc.api import CollaborativeAPIMixin
from bsc.tenancy import centers_visible_to, get_center_for_user

from .models import Center


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
