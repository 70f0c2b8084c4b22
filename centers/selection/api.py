"""The selection API: IT and faculty read applications and reviews (hidden as on the pages);
a reviewer keeps or submits their own scores."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from bsc.api import APIView, CollaborativeAPIMixin, StrictBooleanField
from centers.selection import services
from centers.selection.models import Application, Review
from centers.selection.selectors import (
    applications_visible_to,
    get_application,
    get_own_review,
    reviews_visible,
)


class ReviewSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    reviewer = serializers.CharField(source="reviewer.full_name", read_only=True)
    submitted = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = [
            "id",
            "reviewer",
            "scores",
            "comments",
            "recommendation",
            "weighted_score",
            "submitted",
            "submitted_at",
        ]

    def get_submitted(self, review: Review) -> bool:
        return review.submitted_at is not None


class ApplicationSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    period = serializers.UUIDField(source="period.public_id", read_only=True)
    center = serializers.SlugField(source="center.slug", read_only=True, allow_null=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "period",
            "status",
            "center_name",
            "center_type",
            "age_groups",
            "community",
            "city",
            "state",
            "demographics",
            "submitted_at",
            "decision",
            "center",
        ]


class ApplicationDetailSerializer(ApplicationSerializer):
    reviews = serializers.SerializerMethodField()

    class Meta(ApplicationSerializer.Meta):
        fields = [*ApplicationSerializer.Meta.fields, "answers", "team", "readiness", "reviews"]

    def get_reviews(self, application: Application) -> list[dict[str, Any]]:
        access = self.context["access"]
        return ReviewSerializer(reviews_visible(access, application), many=True).data


class ApplicationList(CollaborativeAPIMixin, generics.ListAPIView):
    """Submitted applications (IT and faculty)."""

    serializer_class = ApplicationSerializer
    permission = "review_applications"

    def get_queryset(self) -> QuerySet[Application]:
        return (
            applications_visible_to(self.access)
            .filter(status=Application.Status.SUBMITTED)
            .select_related("period", "center")
            .order_by("center_name", "pk")
        )


class ApplicationDetail(CollaborativeAPIMixin, generics.RetrieveAPIView):
    serializer_class = ApplicationDetailSerializer
    permission = "review_applications"

    def get_object(self) -> Application:
        return get_application(self.access, self.kwargs["application"])


class ReviewInSerializer(serializers.Serializer):
    scores = serializers.DictField(child=serializers.IntegerField(), required=False, default=dict)
    comments = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=4000), required=False, default=dict
    )
    recommendation = serializers.ChoiceField(
        choices=Review.Recommendation.choices, required=False, allow_blank=True, default=""
    )
    readiness_verified = serializers.DictField(
        child=StrictBooleanField(), required=False, default=dict
    )
    submit = StrictBooleanField(required=False, default=False)


class OwnReview(CollaborativeAPIMixin, APIView):
    """The caller's own review of one application: scores keyed by criterion id."""

    permission = "review_applications"
    conflict_methods = ("PUT",)

    def get_serializer(self, *args: Any, **kwargs: Any) -> ReviewInSerializer:
        return ReviewInSerializer(*args, **kwargs)

    @extend_schema(responses={200: ReviewSerializer})
    def get(self, request: Request, slug: str, application: str) -> Response:
        app = get_application(self.access, application)
        return Response(ReviewSerializer(get_own_review(self.access, app)).data)

    @extend_schema(request=ReviewInSerializer, responses={200: ReviewSerializer})
    def put(self, request: Request, slug: str, application: str) -> Response:
        app = get_application(self.access, application)
        review = get_own_review(self.access, app)
        serializer = ReviewInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        body = serializer.validated_data
        if review.submitted_at is not None:
            return Response(
                {"detail": "This review was submitted and can no longer change."},
                status=status.HTTP_409_CONFLICT,
            )
        try:
            saved = services.review_save(
                access=self.access,
                review=review,
                scores=body["scores"],
                comments=body["comments"],
                recommendation=body["recommendation"],
                readiness_verified=body["readiness_verified"],
                submit=body["submit"],
            )
        except ValidationError as error:
            detail = (
                error.message_dict
                if hasattr(error, "error_dict")
                else {"non_field_errors": error.messages}
            )
            return Response(detail, status=status.HTTP_400_BAD_REQUEST)
        return Response(ReviewSerializer(saved).data)
