from __future__ import annotations

import zoneinfo
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import generics, serializers

from bsc.api import CollaborativeAPIMixin
from bsc.tenancy import get_object_in_collaborative
from collaboratives.membership.models import Membership
from collaboratives.schedule.api import _raise_400
from collaboratives.schedule.models import Event
from collaboratives.workplan import services
from collaboratives.workplan.models import WorkplanTask


class TaskSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    owner = serializers.EmailField(required=False, allow_null=True)
    anchor_event = serializers.UUIDField(required=False, allow_null=True)
    due_date = serializers.DateField(required=False, allow_null=True)

    class Meta:
        model = WorkplanTask
        fields = [
            "id",
            "key_activity",
            "description",
            "title",
            "timeframe",
            "responsibility",
            "owner",
            "status",
            "due_date",
            "anchor_event",
            "offset_days",
        ]

    def to_representation(self, instance: WorkplanTask) -> dict[str, Any]:
        return {
            "id": str(instance.public_id),
            "key_activity": instance.key_activity,
            "description": instance.description,
            "title": instance.title,
            "timeframe": instance.timeframe,
            "responsibility": instance.responsibility,
            "owner": instance.owner.email if instance.owner_id else None,
            "status": instance.status,
            "due_date": instance.due_date.isoformat(),
            "anchor_event": str(instance.anchor_event.public_id)
            if instance.anchor_event_id
            else None,
            "offset_days": instance.offset_days,
        }

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        access = self.context["access"]
        if attrs.get("owner"):
            member = (
                Membership.objects.filter(
                    collaborative=access.collaborative,
                    user__email__iexact=attrs["owner"],
                    role=Membership.Role.IMPLEMENTATION_TEAM,
                )
                .select_related("user")
                .first()
            )
            if member is None:
                raise serializers.ValidationError(
                    {"owner": _("The owner is a member of the Implementation Team.")}
                )
            attrs["owner"] = member.user
        if attrs.get("anchor_event"):
            event = Event.objects.filter(
                collaborative=access.collaborative, public_id=attrs["anchor_event"]
            ).first()
            if event is None:
                raise serializers.ValidationError({"anchor_event": _("Unknown event.")})
            attrs["anchor_event"] = event
        if self.instance is None and not attrs.get("anchor_event") and not attrs.get("due_date"):
            raise serializers.ValidationError(
                {"due_date": _("Give a due date, or anchor the task to an event.")}
            )
        return attrs


class TaskList(CollaborativeAPIMixin, generics.ListCreateAPIView):
    """The workplan. Filters: `owner=me`, `status`, `overdue=1`."""

    serializer_class = TaskSerializer
    write_permission = "manage_workplan"
    permission = "view_workplan"

    def get_queryset(self) -> QuerySet[WorkplanTask]:
        tasks = WorkplanTask.objects.filter(collaborative=self.access.collaborative).select_related(
            "owner", "anchor_event"
        )
        params = self.request.query_params
        if params.get("owner") == "me":
            tasks = tasks.filter(owner=self.access.user)
        if params.get("status"):
            tasks = tasks.filter(status=params["status"])
        if params.get("overdue") == "1":
            # Overdue by the collaborative's calendar, as on the workplan page.
            today = timezone.localdate(
                timezone=zoneinfo.ZoneInfo(self.access.collaborative.timezone)
            )
            tasks = tasks.filter(due_date__lt=today).exclude(status="done")
        return tasks.order_by("due_date", "pk")

    def perform_create(self, serializer: TaskSerializer) -> None:
        try:
            serializer.instance = services.task_create(
                access=self.access, **serializer.validated_data
            )
        except DjangoValidationError as error:
            _raise_400(error)


class TaskDetail(CollaborativeAPIMixin, generics.RetrieveUpdateAPIView):
    serializer_class = TaskSerializer
    write_permission = "manage_workplan"
    permission = "view_workplan"

    def get_object(self) -> WorkplanTask:
        return get_object_in_collaborative(
            self.access,
            WorkplanTask.objects.select_related("owner", "anchor_event"),
            public_id=self.kwargs["task"],
        )

    def perform_update(self, serializer: TaskSerializer) -> None:
        try:
            serializer.instance = services.task_update(
                access=self.access, task=serializer.instance, **serializer.validated_data
            )
        except DjangoValidationError as error:
            _raise_400(error)
