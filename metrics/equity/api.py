"""One center's month of a broken-down metric: GET answers the published analysis (withheld
subgroups carry no number), PUT stores every subgroup at once.

Aggregates only: a body may hold the month's subgroups with two counts each, nothing else;
a field that looks like a child's name, identifier or birth date is refused by name.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from bsc.api import CollaborativeAPIMixin
from bsc.tenancy import get_center_for_user
from metrics.equity.analysis import Cell
from metrics.equity.models import SubgroupValue
from metrics.equity.selectors import breakdown_from_url, month_tables
from metrics.equity.services import subgroup_values_save
from metrics.equity.validation import looks_like_child_identifier
from metrics.values.selectors import month_from_url

BODY_FIELDS = {"subgroups"}
SUBGROUP_FIELDS = {"subgroup", "events", "children"}


class SubgroupInSerializer(serializers.Serializer):
    subgroup = serializers.SlugField(help_text="The subgroup's short name, e.g. `black`.")
    events = serializers.IntegerField(min_value=0, help_text="Numerator, or the count.")
    children = serializers.IntegerField(min_value=0, help_text="Denominator, or the exposure.")


class SubgroupsInSerializer(serializers.Serializer):
    subgroups = SubgroupInSerializer(many=True)


class CellSerializer(serializers.Serializer):
    subgroup = serializers.CharField(source="category.slug")
    label = serializers.CharField(source="category.label")
    suppressed = serializers.BooleanField()
    children = serializers.IntegerField(allow_null=True)
    events = serializers.IntegerField(allow_null=True)
    rate = serializers.FloatField(allow_null=True)
    risk_ratio = serializers.SerializerMethodField()
    ci_low = serializers.SerializerMethodField()
    ci_high = serializers.SerializerMethodField()
    sentence = serializers.CharField()

    def get_risk_ratio(self, cell: Cell) -> float | None:
        return cell.ratio.ratio if cell.ratio else None

    def get_ci_low(self, cell: Cell) -> float | None:
        return cell.ratio.low if cell.ratio else None

    def get_ci_high(self, cell: Cell) -> float | None:
        return cell.ratio.high if cell.ratio else None


class AnalysisSerializer(serializers.Serializer):
    metric = serializers.CharField()
    dimension = serializers.CharField()
    month = serializers.CharField()
    threshold = serializers.IntegerField()
    subgroups = CellSerializer(many=True)


def _identifier_errors(data: Any) -> dict[str, list[str]]:
    """Refuse unknown fields, naming those that look like a child record."""
    errors: dict[str, list[str]] = {}

    def check(keys: Any, allowed: set[str], where: str) -> None:
        for key in keys:
            name = str(key)
            if name in allowed:
                continue
            label = f"{where}{name[:60]}"
            if looks_like_child_identifier(name):
                errors[label] = [
                    "Send counts only: this looks like a child's name, identifier or birth "
                    "date, and no child record may be stored."
                ]
            else:
                errors[label] = ["Unknown field."]

    if not isinstance(data, dict):
        return {"non_field_errors": ["Send an object with `subgroups`."]}
    check(data.keys(), BODY_FIELDS, "")
    subgroups = data.get("subgroups")
    if isinstance(subgroups, list):
        for index, row in enumerate(subgroups):
            if isinstance(row, dict):
                check(row.keys(), SUBGROUP_FIELDS, f"subgroups[{index}].")
    return errors


class SubgroupMonth(CollaborativeAPIMixin, generics.GenericAPIView):
    """A center's subgroups of one broken-down metric in one month."""

    serializer_class = SubgroupsInSerializer

    def _target(self, permission: str) -> tuple[Any, Any, Any]:
        center = get_center_for_user(self.access, self.kwargs["center"], permission=permission)
        breakdown = breakdown_from_url(self.access, self.kwargs["metric"], self.kwargs["dimension"])
        month = month_from_url(self.access, self.kwargs["month"])
        return center, breakdown, month

    def get_queryset(self) -> Any:
        return SubgroupValue.objects.none()

    def get_object(self) -> Any:
        """No single stored object: OPTIONS checks the right to write, then finds none."""
        self._target("submit_metrics")
        raise Http404

    def _analysis(self, center: Any, breakdown: Any, month: Any) -> Response:
        table = month_tables(self.access, breakdown, [month])[month]
        cells = table.rows.get(center.pk) or []
        return Response(
            AnalysisSerializer(
                {
                    "metric": breakdown.metric.slug,
                    "dimension": breakdown.dimension.slug,
                    "month": month.strftime("%Y-%m"),
                    "threshold": table.threshold,
                    "subgroups": cells,
                }
            ).data
        )

    @extend_schema(responses={200: AnalysisSerializer})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._analysis(*self._target("view_center_reports"))

    @extend_schema(
        request=SubgroupsInSerializer,
        responses={
            200: AnalysisSerializer,
            400: OpenApiResponse(description="Refused fields or sums; nothing was stored."),
        },
    )
    def put(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        center, breakdown, month = self._target("submit_metrics")
        errors = _identifier_errors(request.data)
        if errors:
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        serializer = SubgroupsInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rows: dict[str, dict[str, int]] = {}
        for row in serializer.validated_data["subgroups"]:
            if row["subgroup"] in rows:
                return Response(
                    {"subgroups": [f"“{row['subgroup']}” is sent twice."]},
                    status=status.HTTP_400_BAD_REQUEST,
                )
            rows[row["subgroup"]] = {"events": row["events"], "children": row["children"]}
        try:
            subgroup_values_save(
                access=self.access,
                center=center,
                breakdown=breakdown,
                month=month,
                rows=rows,
                source="api",
            )
        except ValidationError as error:
            answer = {
                ("non_field_errors" if key == "__all__" else key): value
                for key, value in error.message_dict.items()
            }
            return Response(answer, status=status.HTTP_400_BAD_REQUEST)
        return self._analysis(center, breakdown, month)
