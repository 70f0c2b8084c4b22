"""API of the timeline: events, call series and workplan tasks. Every member reads (events
they are invited to); the Implementation Team writes, through the same services as the pages."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from bsc.api import CollaborativeAPIMixin
from bsc.tenancy import centers_visible_to, get_object_in_collaborative
from collaboratives.membership.models import Membership
from collaboratives.schedule import series as series_services
from collaboratives.schedule import services
from collaboratives.schedule.clashes import Candidate, find_clashes
from collaboratives.schedule.models import CallSeries, Event
from collaboratives.schedule.selectors import events_visible_to


def _raise_400(error: DjangoValidationError) -> None:
    raise serializers.ValidationError(
        error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
    )


class PeopleField(serializers.ListField):
    """Facilitators by e-mail address; they must be IT or faculty of the collaborative."""

    child = serializers.EmailField()


class AudienceFields(serializers.Serializer):
    audience = serializers.ChoiceField(choices=Event.Audience.choices, default="everyone")
    audience_center_role = serializers.ChoiceField(
        choices=Membership.CenterRole.choices, required=False, default="", allow_blank=True
    )
    audience_center = serializers.SlugField(
        required=False, allow_null=True, default=None, write_only=True
    )
    facilitators = PeopleField(required=False, write_only=True)

    def _resolve(self, attrs: dict[str, Any]) -> dict[str, Any]:
        access = self.context["access"]
        slug = attrs.get("audience_center")
        if slug:
            center = centers_visible_to(access).filter(slug=slug).first()
            if center is None:
                raise serializers.ValidationError({"audience_center": _("Unknown center.")})
            attrs["audience_center"] = center
        if "facilitators" in attrs:
            emails = [e.lower() for e in attrs["facilitators"]]
            members = {
                m.user.email.lower(): m.user
                for m in Membership.objects.filter(
                    collaborative=access.collaborative,
                    user__email__in=emails,
                    role__in=[Membership.Role.IMPLEMENTATION_TEAM, Membership.Role.FACULTY],
                ).select_related("user")
            }
            missing = [e for e in emails if e not in members]
            if missing:
                raise serializers.ValidationError(
                    {
                        "facilitators": _("Not IT or faculty here: %(emails)s")
                        % {"emails": ", ".join(missing)}
                    }
                )
            attrs["facilitators"] = [members[e] for e in emails]
        return attrs


class EventSerializer(AudienceFields, serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    series = serializers.UUIDField(
        source="series.public_id", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = Event
        fields = [
            "id",
            "kind",
            "number",
            "title",
            "start",
            "end",
            "location",
            "video_url",
            "description",
            "audience",
            "audience_center_role",
            "audience_center",
            "facilitators",
            "agenda",
            "discussion_questions",
            "materials",
            "reminder_days",
            "cancelled",
            "series",
        ]
        read_only_fields = ["cancelled"]

    def to_representation(self, instance: Event) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["audience_center"] = (
            instance.audience_center.slug if instance.audience_center_id else None
        )
        data["facilitators"] = [u.email for u in instance.facilitators.all()]
        return data

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start = attrs.get("start", getattr(self.instance, "start", None))
        end = attrs.get("end", getattr(self.instance, "end", None))
        if start and end and end <= start:
            raise serializers.ValidationError({"end": _("The end must be after the start.")})
        return self._resolve(attrs)


class EventList(CollaborativeAPIMixin, generics.ListCreateAPIView):
    """Events the caller is invited to (the IT: all); the IT schedules new ones. Optional
    `from` and `to` (ISO dates) bound the list."""

    serializer_class = EventSerializer
    write_permission = "manage_schedule"

    def get_queryset(self) -> QuerySet[Event]:
        events = (
            events_visible_to(self.access)
            .select_related("series", "audience_center")
            .prefetch_related("facilitators")
            .order_by("start")
        )
        for name, lookup in (("from", "start__date__gte"), ("to", "start__date__lte")):
            value = self.request.query_params.get(name)
            if value:
                try:
                    events = events.filter(**{lookup: datetime.date.fromisoformat(value)})
                except ValueError as error:
                    raise serializers.ValidationError({name: _("Use an ISO date.")}) from error
        return events

    def perform_create(self, serializer: EventSerializer) -> None:
        data = dict(serializer.validated_data)
        people = data.pop("facilitators", [])
        try:
            serializer.instance = services.event_create(
                access=self.access, facilitators=people, **data
            )
        except DjangoValidationError as error:
            _raise_400(error)


class EventDetail(CollaborativeAPIMixin, generics.RetrieveUpdateDestroyAPIView):
    """One event. Changing its time re-dates anchored tasks (listed in `moved_tasks`). Deleting
    an event with anchored tasks answers 409 with the tasks, unless `?convert_tasks=1`."""

    serializer_class = EventSerializer
    write_permission = "manage_schedule"
    conflict_methods = ("DELETE",)

    def get_object(self) -> Event:
        event = get_object_in_collaborative(
            self.access,
            events_visible_to(self.access).select_related("series"),
            public_id=self.kwargs["event"],
        )
        event.collaborative = self.access.collaborative
        return event

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        event = self.get_object()
        serializer = self.get_serializer(
            event, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        people = data.pop("facilitators", None)
        try:
            moved = services.event_update(
                access=self.access, event=event, facilitators=people, **data
            )
        except DjangoValidationError as error:
            _raise_400(error)
        body = self.get_serializer(event).data
        body["moved_tasks"] = [
            {
                "id": str(m.task.public_id),
                "title": m.task.title,
                "old_due": m.old_due.isoformat(),
                "new_due": m.new_due.isoformat(),
                "kept": m.kept,
            }
            for m in moved
        ]
        return Response(body)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        event = self.get_object()
        try:
            services.event_delete(
                access=self.access,
                event=event,
                convert_tasks=request.query_params.get("convert_tasks") == "1",
            )
        except services.AnchoredTasksExist as error:
            return Response(
                {
                    "detail": _(
                        "Tasks are anchored to this event: pass convert_tasks=1 to keep "
                        "them on their current dates as fixed dates."
                    ),
                    "tasks": [{"id": str(t.public_id), "title": t.title} for t in error.tasks],
                },
                status=status.HTTP_409_CONFLICT,
            )
        return Response(status=status.HTTP_204_NO_CONTENT)


class SeriesSerializer(AudienceFields, serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    kind = serializers.ChoiceField(choices=Event.Kind.choices)

    class Meta:
        model = CallSeries
        fields = [
            "id",
            "kind",
            "title",
            "rule",
            "first_date",
            "until",
            "start_time",
            "end_time",
            "location",
            "video_url",
            "audience",
            "audience_center_role",
            "audience_center",
            "facilitators",
            "agenda",
            "discussion_questions",
            "reminder_days",
        ]

    def to_representation(self, instance: CallSeries) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["audience_center"] = (
            instance.audience_center.slug if instance.audience_center_id else None
        )
        data["facilitators"] = [u.email for u in instance.facilitators.all()]
        return data

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        return self._resolve(attrs)


class SeriesList(CollaborativeAPIMixin, generics.ListCreateAPIView):
    """Standing call series; creating one generates its events and answers with the clashes
    found (holidays, dates outside the collaborative, Learning Sessions, double-booked people)."""

    serializer_class = SeriesSerializer
    write_permission = "manage_schedule"

    def get_queryset(self) -> QuerySet[CallSeries]:
        return (
            CallSeries.objects.filter(collaborative=self.access.collaborative)
            .select_related("audience_center")
            .prefetch_related("facilitators")
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        people = data.pop("facilitators", [])
        try:
            series, events = series_services.series_create(
                access=self.access, facilitators=people, **data
            )
        except DjangoValidationError as error:
            _raise_400(error)
        clashes = find_clashes(
            self.access.collaborative,
            [Candidate.of(e, frozenset(p.pk for p in people)) for e in events],
        )
        body = self.get_serializer(series).data
        body["events"] = len(events)
        body["clashes"] = [
            {"kind": c.kind, "day": c.day.isoformat(), "message": c.message} for c in clashes
        ]
        return Response(body, status=status.HTTP_201_CREATED)
