"""Themes over the API: every member reads the themes shared with them (the same rule as the
page), the IT writes."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from rest_framework import generics, serializers

from bsc.api import CollaborativeAPIMixin
from metrics.synthesis import selectors, services
from metrics.synthesis.models import Theme, ThemeEvidence
from pdsa.cycles.api import _as_drf


class EvidenceSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = ThemeEvidence
        fields = ["id", "kind", "ref", "label", "url", "added_at"]
        read_only_fields = fields


class ThemeSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    centers = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    drivers = serializers.SlugRelatedField(slug_field="public_id", many=True, read_only=True)

    class Meta:
        model = Theme
        fields = [
            "id",
            "title",
            "body",
            "body_html",
            "lens",
            "action_period",
            "status",
            "acted_with",
            "visibility",
            "drivers",
            "centers",
            "evidence",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["body_html", "created_at", "updated_at"]

    def validate(self, data: dict) -> dict:
        status = data.get("status", getattr(self.instance, "status", ""))
        acted_with = data.get("acted_with", getattr(self.instance, "acted_with", ""))
        if status == Theme.Status.ACTED and not (acted_with or "").strip():
            raise serializers.ValidationError({"acted_with": ["Say what it was acted on with."]})
        return data


class ThemeList(CollaborativeAPIMixin, generics.ListCreateAPIView):
    serializer_class = ThemeSerializer
    write_permission = "manage_themes"

    def get_queryset(self) -> QuerySet[Theme]:
        return (
            selectors.themes_visible_to(self.access)
            .prefetch_related(selectors.evidence_prefetch(), "centers", "drivers")
            .order_by("-action_period", "-updated_at", "-pk")
        )

    def perform_create(self, serializer: ThemeSerializer) -> None:
        try:
            serializer.instance = services.theme_create(
                access=self.access, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise _as_drf(error) from error


class ThemeDetail(CollaborativeAPIMixin, generics.RetrieveUpdateAPIView):
    serializer_class = ThemeSerializer
    write_permission = "manage_themes"

    def get_object(self) -> Theme:
        return selectors.get_theme(self.access, self.kwargs["theme"])

    def perform_update(self, serializer: ThemeSerializer) -> None:
        try:
            serializer.instance = services.theme_update(
                access=self.access, theme=serializer.instance, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise _as_drf(error) from error
