"""API for centers that push their monthly values from their own systems: the same service and
validation as the entry grid, one month or many at once."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from bsc.api import CollaborativeAPIMixin
from bsc.tenancy import get_center_for_user
from collaboratives.framework.models import Metric
from metrics.values.models import MetricValue, month_label
from metrics.values.services import Entry, EntryErrors, metric_values_submit
from metrics.values.validation import parse_month


class MetricValueSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    metric = serializers.CharField(source="metric.slug")
    month = serializers.SerializerMethodField()
    numerator = serializers.DecimalField(
        max_digits=14, decimal_places=4, allow_null=True, required=False, coerce_to_string=False
    )
    denominator = serializers.DecimalField(
        max_digits=14, decimal_places=4, allow_null=True, required=False, coerce_to_string=False
    )
    value = serializers.DecimalField(
        max_digits=14, decimal_places=4, allow_null=True, required=False, coerce_to_string=False
    )
    note = serializers.CharField(required=False, allow_blank=True)
    not_collected = serializers.BooleanField(required=False)
    not_collected_reason = serializers.CharField(required=False, allow_blank=True)
    submitted_by = serializers.CharField(source="submitted_by.get_full_name", read_only=True)
    submitted_at = serializers.DateTimeField(read_only=True)

    def get_month(self, obj: MetricValue) -> str:
        return month_label(obj.month)


class MetricValues(CollaborativeAPIMixin, generics.GenericAPIView):
    """GET a center's values (filters: metric, month, from, to); POST one value or a list.

    A POSTed list is stored all or nothing; errors come back per row (1-based)."""

    serializer_class = MetricValueSerializer

    def _center(self, permission: str) -> Any:
        return get_center_for_user(self.access, self.kwargs["center"], permission=permission)

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        center = self._center("view_center")
        rows = MetricValue.objects.filter(center=center).select_related("metric", "submitted_by")
        params = request.query_params
        errors: dict[str, list[str]] = {}
        if params.get("metric"):
            rows = rows.filter(metric__slug=params["metric"])
        for key, lookup in (("month", "month"), ("from", "month__gte"), ("to", "month__lte")):
            if params.get(key):
                try:
                    rows = rows.filter(**{lookup: parse_month(params[key])})
                except ValueError:
                    errors[key] = ["Enter the month as YYYY-MM."]
        if errors:
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        rows = rows.order_by("metric__order", "metric__name", "month")
        return Response(self.get_serializer(rows, many=True).data)

    @extend_schema(request=MetricValueSerializer(many=True), responses=MetricValueSerializer)
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        center = self._center("submit_metrics")
        payload = request.data
        many = isinstance(payload, list)
        items = payload if many else [payload]
        if not items or not all(isinstance(item, dict) for item in items):
            return Response(
                {"non_field_errors": ["Send a value object or a list of them."]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        metrics = {
            m.slug: m for m in Metric.objects.filter(collaborative=self.access.collaborative)
        }
        entries = [Entry(metrics.get(str(item.get("metric", ""))), item) for item in items]
        try:
            results = metric_values_submit(
                access=self.access, center=center, entries=entries, source="api"
            )
        except EntryErrors as failure:
            if not many:
                return Response(failure.rows[0][1], status=status.HTTP_400_BAD_REQUEST)
            return Response(
                {"rows": [{"row": number, "errors": errs} for number, errs in failure.rows]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        except ValidationError as error:  # pragma: no cover - model-level guard
            return Response(error.message_dict, status=status.HTTP_400_BAD_REQUEST)
        data = self.get_serializer([row for row, _changed in results], many=True).data
        created = any(changed for _row, changed in results)
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(data if many else data[0], status=code)
