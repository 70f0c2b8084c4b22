"""API for centers that push their monthly values from their own systems: the same service and
validation as the entry grid, one month or many at once.

Lost edits are refused the same way everywhere: each value has a `version`. One cell's GET
answers an `ETag` (`W/"<version>"`, `W/"0"` for an empty cell); a PUT with that `If-Match`,
or a POSTed value with that `version`, made after someone else's save answers 412 with
`yours` and `theirs`, and nothing is stored. Without them, the save is not checked (older
clients, bulk loads)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from bsc.api import CollaborativeAPIMixin, StrictBooleanField, etag, if_match_version
from bsc.tenancy import get_center_for_user
from collaboratives.framework.models import Metric
from metrics.values.models import MetricValue, month_label
from metrics.values.selectors import metric_from_url, month_from_url
from metrics.values.services import (
    Entry,
    EntryErrors,
    MetricValueConflict,
    metric_values_submit,
)
from metrics.values.validation import parse_month

IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description='The ETag read with GET (W/"0" for an empty cell). A stale save answers 412.',
)


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
    not_collected = StrictBooleanField(required=False)
    not_collected_reason = serializers.CharField(required=False, allow_blank=True)
    submitted_by = serializers.CharField(source="submitted_by.get_full_name", read_only=True)
    submitted_at = serializers.DateTimeField(read_only=True)
    version = serializers.IntegerField(
        min_value=0,
        required=False,
        help_text="The version you read (0 for an empty cell); a stale one answers 412.",
    )

    def get_month(self, obj: MetricValue) -> str:
        return month_label(obj.month)


class MetricValueConflictSerializer(serializers.Serializer):
    """The 412 answer: nothing was stored; per refused value, what you sent and what is
    stored now (`theirs` is null when the cell is empty)."""

    detail = serializers.CharField()
    row = serializers.IntegerField(help_text="1-based position in a POSTed list.")
    version = serializers.IntegerField(help_text='The stored version; its ETag is W/"<n>".')
    yours = serializers.DictField()
    theirs = MetricValueSerializer(allow_null=True)


CONFLICT_DETAIL = gettext_lazy("The value changed since you read it; nothing was saved.")


def _conflict_items(conflict: MetricValueConflict) -> list[dict[str, Any]]:
    return [
        {
            "detail": CONFLICT_DETAIL,
            "row": stale.number,
            "version": stale.current.version,
            "yours": stale.yours,
            "theirs": MetricValueSerializer(stale.current).data if stale.current.pk else None,
        }
        for stale in conflict.stale
    ]


MONTH = {"type": "string", "pattern": r"^[1-9][0-9]{3}-(0[1-9]|1[0-2])$"}


class MetricValues(CollaborativeAPIMixin, generics.GenericAPIView):
    """GET a center's values (filters: metric, month, from, to); POST one value or a list.

    A POSTed list is stored all or nothing; errors come back per row (1-based)."""

    serializer_class = MetricValueSerializer
    pagination_class = None  # all of a center's values, in one answer

    def _center(self, permission: str) -> Any:
        return get_center_for_user(self.access, self.kwargs["center"], permission=permission)

    @extend_schema(
        parameters=[
            OpenApiParameter("metric", str, description="A metric's slug."),
            OpenApiParameter("month", MONTH, description="One month, YYYY-MM."),
            OpenApiParameter("from", MONTH, description="From this month on, YYYY-MM."),
            OpenApiParameter("to", MONTH, description="Up to this month, YYYY-MM."),
        ],
        responses={200: MetricValueSerializer(many=True)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        center = self._center("view_center")
        rows = MetricValue.objects.filter(center=center).select_related("metric", "submitted_by")
        params = request.query_params
        errors: dict[str, list[str]] = {}
        if params.get("metric"):
            rows = rows.filter(metric__slug=params["metric"])
        for key, lookup in (("month", "month"), ("from", "month__gte"), ("to", "month__lte")):
            if key in params:  # an empty month is refused, not ignored
                try:
                    rows = rows.filter(**{lookup: parse_month(params[key])})
                except ValueError:
                    errors[key] = [_("Enter the month as YYYY-MM.")]
        if errors:
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        rows = rows.order_by("metric__order", "metric__name", "month")
        return Response(self.get_serializer(rows, many=True).data)

    @extend_schema(
        request=MetricValueSerializer(many=True),
        responses={
            200: MetricValueSerializer,
            201: MetricValueSerializer,
            400: OpenApiResponse(description="Errors per field, or per row of a list."),
            412: OpenApiResponse(
                MetricValueConflictSerializer,
                description="A value's `version` is older than the stored one; nothing was "
                "stored (a list answers {'rows': [...]}).",
            ),
        },
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        center = self._center("submit_metrics")
        payload = request.data
        many = isinstance(payload, list)
        items = payload if many else [payload]
        if not items or not all(isinstance(item, dict) for item in items):
            return Response(
                {"non_field_errors": [_("Send a value object or a list of them.")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        metrics = {
            m.slug: m for m in Metric.objects.filter(collaborative=self.access.collaborative)
        }
        entries = [
            Entry(metrics.get(str(item.get("metric", ""))), item, item.get("version"))
            for item in items
        ]
        try:
            results = metric_values_submit(
                access=self.access, center=center, entries=entries, source="api"
            )
        except MetricValueConflict as conflict:
            answer = _conflict_items(conflict)
            return Response(
                {"rows": answer} if many else answer[0],
                status=status.HTTP_412_PRECONDITION_FAILED,
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


class MetricValueDetail(CollaborativeAPIMixin, generics.GenericAPIView):
    """One center's value of one metric for one month. GET answers its `ETag`; PUT stores it,
    checked against `If-Match` when sent (W/"0" when you read an empty cell)."""

    serializer_class = MetricValueSerializer

    def _cell(self, permission: str) -> tuple[Any, Metric, Any]:
        center = get_center_for_user(self.access, self.kwargs["center"], permission=permission)
        metric = metric_from_url(self.access, self.kwargs["metric"])
        month = month_from_url(self.access, self.kwargs["month"])
        return center, metric, month

    def get_object(self) -> MetricValue:
        """The stored cell (the browsable metadata of OPTIONS asks for it)."""
        center, metric, month = self._cell("view_center")
        row = MetricValue.objects.filter(center=center, metric=metric, month=month).first()
        if row is None:
            raise Http404
        return row

    @extend_schema(
        operation_id="metric_value_cell_retrieve",
        responses={200: MetricValueSerializer, 404: OpenApiResponse()},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        center, metric, month = self._cell("view_center")
        row = (
            MetricValue.objects.filter(center=center, metric=metric, month=month)
            .select_related("metric", "submitted_by")
            .first()
        )
        if row is None:
            # An empty cell still has a version to send back: the first save must be based on it.
            response = Response(
                {"detail": _("No value for this month yet.")}, status=status.HTTP_404_NOT_FOUND
            )
            response["ETag"] = etag(0)
            return response
        response = Response(self.get_serializer(row).data)
        response["ETag"] = etag(row.version)
        return response

    @extend_schema(
        operation_id="metric_value_cell_update",
        parameters=[IF_MATCH],
        request=MetricValueSerializer,
        responses={
            200: MetricValueSerializer,
            201: MetricValueSerializer,
            400: OpenApiResponse(description="Invalid fields, or an If-Match that is no ETag."),
            412: OpenApiResponse(
                MetricValueConflictSerializer,
                description="If-Match names an older version: nothing was stored.",
            ),
        },
    )
    def put(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        center, metric, month = self._cell("submit_metrics")
        if not isinstance(request.data, dict):
            return Response(
                {"non_field_errors": [_("Send a value object.")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        expected: Any = request.data.get("version")
        header_version = if_match_version(request)
        if header_version is not None:
            expected = header_version
        data = {**request.data, "metric": metric.slug, "month": month_label(month)}
        try:
            ((row, changed),) = metric_values_submit(
                access=self.access,
                center=center,
                entries=[Entry(metric, data, expected)],
                source="api",
            )
        except MetricValueConflict as conflict:
            response = Response(
                _conflict_items(conflict)[0], status=status.HTTP_412_PRECONDITION_FAILED
            )
            response["ETag"] = etag(conflict.current.version)
            return response
        except EntryErrors as failure:
            return Response(failure.rows[0][1], status=status.HTTP_400_BAD_REQUEST)
        first = changed and row.version == 1
        response = Response(
            self.get_serializer(row).data,
            status=status.HTTP_201_CREATED if first else status.HTTP_200_OK,
        )
        response["ETag"] = etag(row.version)
        return response
