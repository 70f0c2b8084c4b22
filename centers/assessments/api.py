"""API for teams and self-assessments: read teams and rounds; read and write the caller's own
center's self-assessment with the form's validation and conflict rule (ETag / If-Match, or a
`version` field)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from bsc.api import (
    APIView,
    CollaborativeAPIMixin,
    StrictBooleanField,
    error_response,
    if_match_version,
)
from bsc.tenancy import get_center_for_user
from centers.assessments import selectors as assessments_selectors
from centers.assessments import services as assessments_services
from centers.assessments.models import AssessmentRound, SelfAssessment


class RoundSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = AssessmentRound
        fields = ["id", "number", "name", "opens_on", "due_on"]


class RoundList(CollaborativeAPIMixin, generics.ListAPIView):
    """The collaborative's self-assessment rounds."""

    serializer_class = RoundSerializer

    def get_queryset(self) -> QuerySet[AssessmentRound]:
        return assessments_selectors.rounds_of(self.access.collaborative)


class RatingInSerializer(serializers.Serializer):
    driver = serializers.UUIDField()
    score = serializers.JSONField(required=False, allow_null=True)
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    priority = StrictBooleanField(required=False, default=False)


class NarrativeInSerializer(serializers.Serializer):
    driver = serializers.UUIDField()
    text = serializers.CharField(allow_blank=True)


class SelfAssessmentInSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, min_value=0)
    submit = StrictBooleanField(required=False, default=False)
    ratings = RatingInSerializer(many=True, required=False, default=list)
    narratives = NarrativeInSerializer(many=True, required=False, default=list)


def _representation(
    snapshot: dict[str, Any],
    center: str,
    round_: AssessmentRound,
    assessment: SelfAssessment | None = None,
) -> dict:
    return {
        "center": center,
        "round": round_.number,
        # The framework version whose drivers this assessment rates.
        "framework_version": assessments_selectors.assessment_version(round_, assessment).number,
        "status": snapshot.get("status", "not_started"),
        "version": snapshot.get("version", 0),
        "ratings": [{"driver": key, **item} for key, item in snapshot.get("ratings", {}).items()],
        "narratives": [
            {"driver": key, "text": text} for key, text in snapshot.get("narratives", {}).items()
        ],
    }


class SelfAssessmentDetail(CollaborativeAPIMixin, APIView):
    """One center's self-assessment for one round. PUT saves a draft (or submits with
    `"submit": true`); send the version you read, as `If-Match` or `version`."""

    def _load(self, center: str, round_number: int):
        center_obj = get_center_for_user(self.access, center)
        round_ = assessments_selectors.get_round(self.access, round_number)
        return center_obj, round_, assessments_selectors.assessment_of(center_obj, round_)

    @extend_schema(responses={200: dict})
    def get(self, request: Request, slug: str, center: str, round: int) -> Response:  # noqa: A002
        center_obj, round_, assessment = self._load(center, round)
        if not self.access.can("change_self_assessment", center_obj):
            self.access.require(
                "view_self_assessment", assessment or SelfAssessment(status="draft")
            )
        snapshot = assessments_selectors.snapshot_of(assessment) if assessment else {"version": 0}
        response = Response(_representation(snapshot, center_obj.slug, round_, assessment))
        response["ETag"] = f'"{snapshot["version"]}"'
        return response

    @extend_schema(
        request=SelfAssessmentInSerializer,
        responses={
            200: dict,
            409: error_response("Changed since the `version` sent; the current one is included."),
            412: error_response("Changed since the `If-Match` sent; the current one is included."),
            428: error_response("Neither `version` nor `If-Match` was sent."),
        },
    )
    def put(self, request: Request, slug: str, center: str, round: int) -> Response:  # noqa: A002
        center_obj, round_, _assessment = self._load(center, round)
        self.access.require("change_self_assessment", center_obj)
        serializer = SelfAssessmentInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        body = serializer.validated_data
        header_version = if_match_version(request, example='"3"')
        expected = body.get("version") if header_version is None else header_version
        if expected is None:
            return Response(
                {"version": [_("Send the version you read (the `version` field or If-Match).")]},
                status=status.HTTP_428_PRECONDITION_REQUIRED,
            )
        data = assessments_services.AssessmentInput(
            ratings={str(r["driver"]): r for r in body["ratings"]},
            narratives={str(n["driver"]): n["text"] for n in body["narratives"]},
        )
        try:
            saved = assessments_services.assessment_save(
                access=self.access,
                center=center_obj,
                round_=round_,
                data=data,
                expected_version=expected,
                submit=body["submit"],
            )
        except assessments_services.AssessmentConflict as conflict:
            return Response(
                {
                    "detail": _("The assessment changed since you read it; nothing was saved."),
                    "yours": request.data,
                    "current": _representation(
                        conflict.snapshot, center_obj.slug, round_, conflict.assessment
                    ),
                },
                status=status.HTTP_412_PRECONDITION_FAILED
                if header_version is not None
                else status.HTTP_409_CONFLICT,
            )
        except ValidationError as error:
            return Response(error.message_dict, status=status.HTTP_400_BAD_REQUEST)
        snapshot = assessments_selectors.snapshot_of(saved)
        response = Response(_representation(snapshot, center_obj.slug, round_, saved))
        response["ETag"] = f'"{saved.version}"'
        return response
