"""API of the sessions room: read an agenda; answer an invitation and check in, for oneself
only. The same selectors, services and refusals as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from bsc.api import CollaborativeAPIMixin
from collaboratives.sessions import selectors, services
from collaboratives.sessions.agenda import check_agenda
from collaboratives.sessions.models import AgendaBlock, Material, Rsvp


def _raise_400(error: DjangoValidationError) -> None:
    raise serializers.ValidationError(
        error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
    )


class MaterialSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    kind = serializers.SerializerMethodField()

    class Meta:
        model = Material
        fields = ["id", "title", "url", "kind", "size"]

    def get_kind(self, material: Material) -> str:
        return "link" if material.is_link else material.file_type


class BlockSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    presenters = serializers.SerializerMethodField()
    presenting_center = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    materials = MaterialSerializer(many=True, read_only=True)
    minutes = serializers.IntegerField(read_only=True)

    class Meta:
        model = AgendaBlock
        fields = [
            "id",
            "start",
            "end",
            "minutes",
            "title",
            "description",
            "part",
            "presenters",
            "presenting_center",
            "room",
            "materials",
        ]

    def get_presenters(self, block: AgendaBlock) -> list[str]:
        return [p.full_name or p.email for p in block.presenters.all()]


class AgendaSerializer(serializers.Serializer):
    event = serializers.UUIDField()
    title = serializers.CharField()
    objectives = serializers.ListField(child=serializers.CharField())
    blocks = BlockSerializer(many=True)
    minutes_per_part = serializers.DictField(child=serializers.IntegerField())
    warnings = serializers.ListField(child=serializers.CharField())
    overlaps = serializers.ListField(
        child=serializers.ListField(child=serializers.UUIDField()),
        help_text="Pairs of block ids that overlap.",
    )
    gaps = serializers.ListField(
        child=serializers.ListField(child=serializers.DateTimeField()),
        help_text="Pairs of (end of one block, start of the next) with unplanned time between.",
    )


class _EventScoped(CollaborativeAPIMixin, generics.GenericAPIView):
    """The object of these views is one event the person may see (404 otherwise)."""

    def get_object(self) -> Any:
        return selectors.get_event(self.access, self.kwargs["event"])


class AgendaDetail(_EventScoped):
    """A Learning Session's or pre-work day's agenda: objectives, blocks, time per part,
    overlaps and gaps."""

    serializer_class = AgendaSerializer

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        event = selectors.get_session(self.access, kwargs["event"])
        blocks = selectors.agenda_blocks(event)
        check = check_agenda(blocks)
        plan = selectors.session_plan(event)
        agenda = {
            "event": event.public_id,
            "title": event.title,
            "objectives": plan.objective_items if plan else [],
            "blocks": blocks,
            "minutes_per_part": {p.part: p.minutes for p in check.parts},
            "warnings": check.warnings,
            "overlaps": [[a.public_id, b.public_id] for a, b in check.overlaps],
            "gaps": [list(gap) for gap in check.gaps],
        }
        return Response(AgendaSerializer(agenda).data)


class RsvpSerializer(serializers.Serializer):
    # Null when one has not answered yet.
    answer = serializers.ChoiceField(choices=Rsvp.Answer.choices, allow_null=True)
    dropped_at = serializers.DateTimeField(read_only=True, allow_null=True)
    answered_at = serializers.DateTimeField(read_only=True, allow_null=True)


class OwnRsvp(_EventScoped):
    """One's own answer to an event: GET it, PUT {"answer": "yes" | "no" | "maybe"}."""

    serializer_class = RsvpSerializer

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        event = selectors.get_event(self.access, kwargs["event"])
        rsvp = selectors.own_rsvp(self.access, event)
        if rsvp is None:
            return Response({"answer": None, "dropped_at": None, "answered_at": None})
        return Response(RsvpSerializer(rsvp).data)

    def put(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        event = selectors.get_event(self.access, kwargs["event"])
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            rsvp = services.rsvp_set(
                access=self.access, event=event, answer=serializer.validated_data["answer"] or ""
            )
        except DjangoValidationError as error:
            _raise_400(error)
        return Response(RsvpSerializer(rsvp).data)


class CheckInSerializer(serializers.Serializer):
    status = serializers.CharField(read_only=True)
    recorded_at = serializers.DateTimeField(read_only=True)


class OwnCheckIn(_EventScoped):
    """POST marks oneself present while the event is on (as the check-in link does)."""

    serializer_class = CheckInSerializer

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        event = selectors.get_event(self.access, kwargs["event"])
        try:
            row = services.check_in(access=self.access, event=event)
        except DjangoValidationError as error:
            _raise_400(error)
        return Response(CheckInSerializer(row).data, status=status.HTTP_200_OK)
