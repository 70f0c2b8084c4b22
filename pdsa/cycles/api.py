"""API for ramps, cycles, posts and comments: same services and rules as the pages.

A cycle's GET answers an `ETag` (`W/"<version>"`); send it back as `If-Match` with a PATCH or
PUT and a save made after someone else's is refused with 412 and both versions, instead of
overwriting theirs. Without `If-Match` the save is not checked, for older clients.
"""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from bsc.api import CollaborativeAPIMixin, etag, if_match_version
from pdsa.cycles import selectors, services
from pdsa.cycles.models import Cycle, Ramp
from pdsa.cycles.services import PLAN_FIELDS, STAGE_FIELDS


class RampSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    center = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    origin = serializers.UUIDField(source="origin.public_id", read_only=True, allow_null=True)
    secondary_drivers = serializers.ListField(
        child=serializers.UUIDField(), required=False, write_only=True
    )
    drivers = serializers.SerializerMethodField()

    class Meta:
        model = Ramp
        fields = [
            "id",
            "center",
            "title",
            "change_idea",
            "status",
            "origin",
            "secondary_drivers",
            "drivers",
            "created_at",
            "updated_at",
        ]

    def get_drivers(self, ramp: Ramp) -> list[str]:
        return [d.code for d in ramp.secondary_drivers.all()]

    def validate_secondary_drivers(self, value: list) -> list:
        access = self.context["access"]
        drivers = list(selectors.drivers_of(access).filter(public_id__in=value))
        if len(drivers) != len(set(value)):
            raise serializers.ValidationError(_("Unknown driver."))
        return drivers


class CycleSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    ramp = serializers.UUIDField(source="ramp.public_id", read_only=True)
    is_incomplete = serializers.BooleanField(read_only=True)

    class Meta:
        model = Cycle
        fields = [
            "id",
            "ramp",
            "number",
            "stage",
            *PLAN_FIELDS,
            "what_happened",
            "observations",
            "problems",
            "results",
            "learned",
            "decision",
            "next_step",
            "is_incomplete",
            "version",
            "plan_saved_at",
            "do_saved_at",
            "study_saved_at",
            "act_saved_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "number",
            "stage",
            "version",
            "plan_saved_at",
            "do_saved_at",
            "study_saved_at",
            "act_saved_at",
        ]


class CycleStageSerializer(serializers.Serializer):
    """Which stage a PATCH or PUT saves. Send the cycle's `ETag` as `If-Match` so that a save
    made after someone else's answers 412 with `yours` and `theirs` instead of overwriting."""

    stage = serializers.ChoiceField(choices=list(STAGE_FIELDS))


class CycleConflictSerializer(serializers.Serializer):
    """The 412 answer: nothing was saved; the stage as sent and the cycle as stored now."""

    detail = serializers.CharField()
    stage = serializers.CharField()
    version = serializers.IntegerField(help_text='The stored version; its ETag is W/"<n>".')
    yours = serializers.DictField()
    theirs = CycleSerializer()


IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description='The ETag read with GET, e.g. W/"3". When present, a stale save answers 412.',
)


class RampList(CollaborativeAPIMixin, generics.ListCreateAPIView):
    serializer_class = RampSerializer

    def get_queryset(self) -> QuerySet[Ramp]:
        ramps = selectors.ramps_visible_to(self.access).select_related("center", "origin")
        if self.request.query_params.get("center"):
            ramps = ramps.filter(center__slug=self.request.query_params["center"])
        return ramps.prefetch_related("secondary_drivers__primary").order_by("-updated_at")

    def perform_create(self, serializer: RampSerializer) -> None:
        self.access.require("create_ramp")
        data = dict(serializer.validated_data)
        serializer.instance = services.ramp_create(access=self.access, **data)


class RampDetail(CollaborativeAPIMixin, generics.RetrieveUpdateAPIView):
    serializer_class = RampSerializer

    def get_object(self) -> Ramp:
        return selectors.get_ramp(self.access, self.kwargs["ramp"])

    def perform_update(self, serializer: RampSerializer) -> None:
        ramp = serializer.instance
        self.access.require("change_ramp", ramp)
        data = serializer.validated_data
        services.ramp_update(
            access=self.access,
            ramp=ramp,
            title=data.get("title", ramp.title),
            change_idea=data.get("change_idea", ramp.change_idea),
            status=data.get("status", ramp.status),
            secondary_drivers=data.get(
                "secondary_drivers",
                ramp.secondary_drivers.select_related("primary__framework"),
            ),
            metrics=ramp.metrics.all(),
        )


class CycleList(CollaborativeAPIMixin, generics.ListCreateAPIView):
    serializer_class = CycleSerializer

    def get_ramp(self) -> Ramp:
        return selectors.get_ramp(self.access, self.kwargs["ramp"])

    def get_queryset(self) -> QuerySet[Cycle]:
        return self.get_ramp().cycles.select_related("ramp").order_by("number")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        ramp = self.get_ramp()
        self.access.require("change_ramp", ramp)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        plan = {k: v for k, v in serializer.validated_data.items() if k in PLAN_FIELDS}
        cycle = services.cycle_create(access=self.access, ramp=ramp, plan=plan)
        return Response(self.get_serializer(cycle).data, status=status.HTTP_201_CREATED)


class CycleDetail(CollaborativeAPIMixin, generics.RetrieveUpdateAPIView):
    """PATCH saves one stage: send `stage` (plan, do, study or act) and that stage's fields,
    and the `ETag` you read as `If-Match`."""

    serializer_class = CycleSerializer

    def get_object(self) -> Cycle:
        return selectors.get_cycle(self.access, self.kwargs["cycle"])

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        cycle = self.get_object()
        response = Response(self.get_serializer(cycle).data)
        response["ETag"] = etag(cycle.version)
        return response

    @extend_schema(
        parameters=[IF_MATCH],
        responses={
            200: CycleSerializer,
            400: OpenApiResponse(description="Invalid fields, or an If-Match that is no ETag."),
            412: OpenApiResponse(
                CycleConflictSerializer,
                description="If-Match names an older version: nothing was saved.",
            ),
        },
    )
    def patch(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().patch(request, *args, **kwargs)

    @extend_schema(
        parameters=[IF_MATCH],
        responses={200: CycleSerializer, 412: CycleConflictSerializer},
    )
    def put(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().put(request, *args, **kwargs)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        cycle = self.get_object()
        self.access.require("change_ramp", cycle.ramp)
        expected = if_match_version(request)
        stage = CycleStageSerializer(data=request.data)
        stage.is_valid(raise_exception=True)
        name = stage.validated_data["stage"]
        serializer = self.get_serializer(cycle, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = {f: getattr(cycle, f) for f in STAGE_FIELDS[name]}
        data.update({k: v for k, v in serializer.validated_data.items() if k in data})
        try:
            cycle, _next = services.cycle_save_stage(
                access=self.access, cycle=cycle, stage=name, data=data, expected_version=expected
            )
        except services.CycleConflict as conflict:
            response = Response(
                {
                    "detail": _("The cycle changed since you read it; nothing was saved."),
                    "stage": name,
                    "version": conflict.version,
                    "yours": {k: request.data[k] for k in ("stage", *data) if k in request.data},
                    "theirs": self.get_serializer(conflict.cycle).data,
                },
                status=status.HTTP_412_PRECONDITION_FAILED,
            )
            response["ETag"] = etag(conflict.version)
            return response
        response = Response(self.get_serializer(cycle).data)
        response["ETag"] = etag(cycle.version)
        return response
