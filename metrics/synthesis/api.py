"""Themes over the API: every member reads the themes shared with them (the same rule as the
page), the IT writes."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from bsc.api import CollaborativeAPIMixin
from collaboratives.schedule.models import Event
from metrics.synthesis import selectors, services
from metrics.synthesis.models import Theme, ThemeEvidence


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
    agenda_event = serializers.UUIDField(
        source="agenda_event.public_id", read_only=True, allow_null=True
    )

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
            "acted_with_url",
            "agenda_event",
            "visibility",
            "drivers",
            "centers",
            "evidence",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["body_html", "acted_with_url", "created_at", "updated_at"]

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
        serializer.instance = services.theme_create(access=self.access, **serializer.validated_data)


class ThemeDetail(CollaborativeAPIMixin, generics.RetrieveUpdateAPIView):
    serializer_class = ThemeSerializer
    write_permission = "manage_themes"

    def get_object(self) -> Theme:
        return selectors.get_theme(self.access, self.kwargs["theme"])

    def perform_update(self, serializer: ThemeSerializer) -> None:
        serializer.instance = services.theme_update(
            access=self.access, theme=serializer.instance, **serializer.validated_data
        )


class AgendaEventSerializer(serializers.Serializer):
    event = serializers.UUIDField()


class ThemeAgenda(CollaborativeAPIMixin, generics.GenericAPIView):
    """POST {"event": id of an upcoming call or Learning Session}: the theme goes on its
    agenda and is acted on with that agenda item; answers the theme."""

    serializer_class = AgendaEventSerializer
    permission = "manage_themes"

    def post(self, request: Request, *args: object, **kwargs: object) -> Response:
        theme = selectors.get_theme(self.access, self.kwargs["theme"])
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        event = Event.objects.filter(
            collaborative=self.access.collaborative, public_id=serializer.validated_data["event"]
        ).first()
        if event is None:
            raise serializers.ValidationError(
                {"event": [_("Choose an upcoming call or Learning Session of this collaborative.")]}
            )
        theme = services.theme_add_to_agenda(access=self.access, theme=theme, event=event)
        return Response(ThemeSerializer(theme, context=self.get_serializer_context()).data)
