"""The Action Plan API: every member reads; the center team writes its own plan."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bsc.api import CollaborativeAPIMixin
from bsc.tenancy import get_center_for_user
from pdsa.action_plans import selectors, services
from pdsa.action_plans.models import ActionPlan, ActionPlanItem
from pdsa.board.api import CommentSerializer
from pdsa.cycles.models import Ramp
from pdsa.cycles.selectors import drivers_of
from pdsa.discussion.selectors import get_comment
from pdsa.discussion.services import comment_create


def _item(item: ActionPlanItem) -> dict[str, Any]:
    progress = selectors.item_progress(item)
    return {
        "id": str(item.public_id),
        "kind": item.kind,
        "text": item.text,
        "who": item.who,
        "by_when": item.by_when.isoformat() if item.by_when else None,
        "drivers": [str(d.public_id) for d in item.drivers.all()],
        "ramp": str(item.ramp.public_id) if item.ramp else None,
        "progress": {"status": item.ramp.status, "cycles": progress.cycles} if progress else None,
    }


def _plan(plan: ActionPlan | None) -> dict[str, Any]:
    if plan is None:
        return {"focus_drivers": [], "support_wanted": "", "items": []}
    return {
        "focus_drivers": [str(d.public_id) for d in plan.focus_drivers.all()],
        "support_wanted": plan.support_wanted,
        "items": [_item(item) for item in plan.items.all()],
    }


class DriverIds(serializers.ListField):
    child = serializers.UUIDField()


class PlanSerializer(serializers.Serializer):
    focus_drivers = DriverIds(required=False, default=list)
    support_wanted = serializers.CharField(required=False, allow_blank=True, default="")


class ItemSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ActionPlanItem.Kind.choices, default="test")
    text = serializers.CharField(max_length=300)
    who = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    by_when = serializers.DateField(required=False, allow_null=True, default=None)
    drivers = DriverIds(required=False, default=list)
    ramp = serializers.UUIDField(required=False, allow_null=True, default=None)


def _drivers(access: Any, ids: list[Any], field: str) -> list[Any]:
    drivers = list(drivers_of(access).filter(public_id__in=ids).select_related("primary"))
    if len(drivers) != len(set(ids)):
        raise serializers.ValidationError({field: ["Unknown driver."]})
    return drivers


class _PlanView(CollaborativeAPIMixin, APIView):
    permission = "view_action_plan"

    def _target(self, event: Any, center: str, write: bool = False) -> tuple[Any, Any]:
        event_obj = selectors.get_session(self.access, event)
        center_obj = get_center_for_user(
            self.access, center, permission="change_action_plan" if write else None
        )
        return event_obj, center_obj


class ActionPlanDetail(_PlanView):
    """One center's Action Plan for the Action Period after a Learning Session."""

    @extend_schema(responses={200: None})
    def get(self, request: Request, slug: str, event: Any, center: str) -> Response:
        event_obj, center_obj = self._target(event, center)
        return Response(_plan(selectors.plan_of(center_obj, event_obj)))

    @extend_schema(request=PlanSerializer, responses={200: None})
    def put(self, request: Request, slug: str, event: Any, center: str) -> Response:
        event_obj, center_obj = self._target(event, center, write=True)
        serializer = PlanSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.action_plan_save(
            access=self.access,
            center=center_obj,
            event=event_obj,
            focus_drivers=_drivers(self.access, data["focus_drivers"], "focus_drivers"),
            support_wanted=data["support_wanted"],
        )
        return Response(_plan(selectors.plan_of(center_obj, event_obj)))


class ActionPlanItemCreate(_PlanView):
    """Add an item to the team's own plan."""

    @extend_schema(request=ItemSerializer, responses={201: None})
    def post(self, request: Request, slug: str, event: Any, center: str) -> Response:
        event_obj, center_obj = self._target(event, center, write=True)
        serializer = ItemSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        ramp = None
        if data["ramp"]:
            ramp = Ramp.objects.filter(center=center_obj, public_id=data["ramp"]).first()
            if ramp is None:
                raise serializers.ValidationError({"ramp": ["Choose one of your team's ramps."]})
        item = services.action_plan_item_add(
            access=self.access,
            center=center_obj,
            event=event_obj,
            kind=data["kind"],
            text=data["text"],
            who=data["who"],
            by_when=data["by_when"],
            drivers=_drivers(self.access, data["drivers"], "drivers"),
            ramp=ramp,
        )
        return Response(_item(item), status=status.HTTP_201_CREATED)


class PlanCommentSerializer(serializers.Serializer):
    body = serializers.CharField(allow_blank=True)
    parent = serializers.UUIDField(required=False, allow_null=True, default=None)


class PlanCommentReadSerializer(CommentSerializer):
    """A comment as every comment endpoint shows it, without the board's target fields: the
    plan is in the URL."""

    class Meta(CommentSerializer.Meta):
        fields = [
            name for name in CommentSerializer.Meta.fields if name not in ("cycle", "ramp", "post")
        ]


class ActionPlanCommentList(_PlanView):
    """The discussion of one center's Action Plan: every member reads and comments, as on the
    board (edit a comment through /comments/<id>/)."""

    def _plan(self, event: Any, center: str) -> ActionPlan:
        event_obj, center_obj = self._target(event, center)
        plan = selectors.plan_of(center_obj, event_obj)
        if plan is None:
            raise Http404
        return plan

    @extend_schema(responses={200: PlanCommentReadSerializer(many=True)})
    def get(self, request: Request, slug: str, event: Any, center: str) -> Response:
        plan = self._plan(event, center)
        comments = plan.comments.select_related("author", "parent").order_by("created_at", "pk")
        return Response(PlanCommentReadSerializer(comments, many=True).data)

    @extend_schema(request=PlanCommentSerializer, responses={201: PlanCommentReadSerializer})
    def post(self, request: Request, slug: str, event: Any, center: str) -> Response:
        plan = self._plan(event, center)
        serializer = PlanCommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        parent = get_comment(self.access, data["parent"]) if data["parent"] else None
        # A refusal from the service is a ValidationError: bsc.api.exception_handler answers it
        # with a 400 naming the field.
        comment = comment_create(
            access=self.access, body=data["body"], parent=parent, action_plan=plan
        )
        return Response(PlanCommentReadSerializer(comment).data, status=status.HTTP_201_CREATED)
