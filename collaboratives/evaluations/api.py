"""The evaluation API: read the form, and answer it once."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bsc.api import CollaborativeAPIMixin
from collaboratives.evaluations import selectors, services
from collaboratives.schedule.views import get_event


class EvaluationSerializer(serializers.Serializer):
    event = serializers.UUIDField()
    introduction = serializers.CharField()
    items = serializers.ListField(child=serializers.DictField())
    opens_at = serializers.DateTimeField()
    can_answer = serializers.BooleanField()
    refusal = serializers.CharField(allow_null=True)


class AnswersSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.DictField(),
        help_text='Per item key: {"score": 1-5, "comment": ""}, {"choice": ""} or {"text": ""}.',
    )


class EvaluationDetail(CollaborativeAPIMixin, APIView):
    """The evaluation of an event, and whether the signed-in person may answer it now."""

    permission = "view_collaborative"

    @extend_schema(responses=EvaluationSerializer)
    def get(self, request: Request, slug: str, event: Any) -> Response:
        evaluation = selectors.get_evaluation(self.access, get_event(self.access, event))
        refusal = services.response_refusal(evaluation, self.access.user)
        return Response(
            {
                "event": str(evaluation.event.public_id),
                "introduction": evaluation.introduction,
                "items": evaluation.items,
                "opens_at": evaluation.event.end.isoformat(),
                "can_answer": refusal is None,
                "refusal": str(refusal) if refusal else None,
            }
        )


class EvaluationResponseCreate(CollaborativeAPIMixin, APIView):
    """Answer an evaluation, once; the answer is stored with no link to the person."""

    permission = "view_collaborative"

    @extend_schema(request=AnswersSerializer, responses={201: None})
    def post(self, request: Request, slug: str, event: Any) -> Response:
        evaluation = selectors.get_evaluation(self.access, get_event(self.access, event))
        serializer = AnswersSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.evaluation_respond(
            access=self.access, evaluation=evaluation, answers=serializer.validated_data["answers"]
        )
        return Response({"detail": "Thank you: your answers are in."}, status.HTTP_201_CREATED)
