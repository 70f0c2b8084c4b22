"""Read-only API over the change framework and the metric catalogue."""

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from bsc.api import APIView, CollaborativeAPIMixin
from collaboratives.framework.models import METRIC_FIELDS, Metric, SecondaryDriver
from collaboratives.framework.selectors import framework_tree
from collaboratives.framework.versions import versions_of


class SecondaryDriverSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    code = serializers.SerializerMethodField()

    class Meta:
        model = SecondaryDriver
        fields = ["id", "code", "number", "text", "assessment_text"]

    def get_code(self, obj: SecondaryDriver) -> str:
        return f"{self.context['primary_number']}.{obj.number}"


class MetricSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    drivers = serializers.SerializerMethodField()

    class Meta:
        model = Metric
        fields = ["id", *METRIC_FIELDS, "drivers"]

    def get_drivers(self, obj: Metric) -> list[str]:
        return [str(d.public_id) for d in obj.drivers.all()]


def _metrics(collaborative: Any) -> QuerySet[Metric]:
    return collaborative.metrics.prefetch_related(
        Prefetch("drivers", queryset=SecondaryDriver.objects.only("public_id"))
    )


class FrameworkDetail(CollaborativeAPIMixin, APIView):
    """The change framework: need, opportunity, aims, drivers and metrics."""

    permission = "view_framework"

    @extend_schema(responses={200: dict})
    def get(self, request: Request, slug: str) -> Response:
        framework, aims, primaries = framework_tree(self.access.collaborative)
        versions = versions_of(self.access.collaborative)
        drivers = []
        for primary in primaries:
            drivers.append(
                {
                    "id": str(primary.public_id),
                    "number": primary.number,
                    "name": primary.name,
                    "full_name": primary.full_name,
                    "description": primary.description,
                    "secondary_drivers": SecondaryDriverSerializer(
                        primary.secondaries, many=True, context={"primary_number": primary.number}
                    ).data,
                }
            )
        return Response(
            {
                "need": framework.need if framework else "",
                "opportunity": framework.opportunity if framework else "",
                "aims": [
                    {"id": str(a.public_id), "number": a.number, "text": a.text} for a in aims
                ],
                "primary_drivers": drivers,
                "metrics": MetricSerializer(_metrics(self.access.collaborative), many=True).data,
                # Read-only: what rounds and reports point at. The fields above are the draft.
                "current_version": versions[0].number if versions else None,
                "versions": [
                    {
                        "number": v.number,
                        "note": v.note,
                        "published_at": v.published_at.isoformat(),
                        "published_by": v.published_by.get_full_name() if v.published_by else "",
                    }
                    for v in versions
                ],
            }
        )


class MetricList(CollaborativeAPIMixin, generics.ListAPIView):
    """The metric catalogue."""

    serializer_class = MetricSerializer
    permission = "view_framework"

    def get_queryset(self) -> QuerySet[Metric]:
        return _metrics(self.access.collaborative)
