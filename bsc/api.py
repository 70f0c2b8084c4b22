"""REST API foundation: the same tenancy core and permission rules as the pages."""

import re
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from bsc.i18n import activate_request_language, use_collaborative_language
from bsc.tenancy import Access, get_access

# A weak or strong entity tag holding a version number: W/"3", "3" or 3.
VERSION_ETAG = re.compile(r'^(?:W/)?"?(\d+)"?$')


def etag(version: int) -> str:
    """The ETag of a stored version, as GET sends it and `If-Match` returns it."""
    return f'W/"{version}"'


def if_match_version(request: Request, *, example: str = 'W/"3"') -> int | None:
    """The version the request's `If-Match` names, None without one; a malformed one is a 400."""
    if_match = request.headers.get("If-Match")
    if if_match is None:
        return None
    match = VERSION_ETAG.match(if_match.strip())
    if match is None:
        raise exceptions.ValidationError(
            {"If-Match": [_("Send the ETag you read, e.g. %(example)s.") % {"example": example}]}
        )
    return int(match.group(1))


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """JSON errors everywhere: 404 for outsiders, 403 for members lacking a right, 400 with
    field messages when a service refuses the input (Django's ValidationError)."""
    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    return drf_exception_handler(exc, context)


class StrictBooleanField(serializers.BooleanField):
    """A boolean that, in a JSON body, must be `true` or `false`: DRF also takes 0, 1 and
    strings such as "yes", which the schema (type boolean) does not allow. Form bodies, where
    every value is a string, keep DRF's reading."""

    def to_internal_value(self, data: Any) -> bool:
        request = self.context.get("request")
        is_json = request is not None and "json" in (request.content_type or "")
        if is_json and not isinstance(data, bool):
            self.fail("invalid", input=data)
        return super().to_internal_value(data)


def _json_types(field: serializers.Field) -> tuple[type, ...] | None:
    """The JSON types a writable field's schema allows, where DRF would coerce others."""
    if isinstance(field, serializers.BooleanField):
        return (bool,)
    if isinstance(field, serializers.IntegerField):
        return (int,)
    if isinstance(field, serializers.CharField | serializers.DateField | serializers.TimeField):
        return (str,)
    if isinstance(field, serializers.DateTimeField):
        return (str,)
    if isinstance(field, serializers.ChoiceField) and all(
        isinstance(key, str) for key in field.choices
    ):
        return (str,)
    return None


def json_type_errors(serializer: serializers.Serializer, data: Any) -> dict[str, list[str]]:
    """Fields of a JSON body whose values have the wrong type: DRF reads 0 as false and 12 as
    "12", which the schema does not allow (true/false, a string)."""
    if not isinstance(data, dict):
        return {}
    errors: dict[str, list[str]] = {}
    for name, field in serializer.fields.items():
        if field.read_only or name not in data or data[name] is None:
            continue
        value = data[name]
        if isinstance(field, serializers.Serializer) and not getattr(field, "many", False):
            nested = json_type_errors(field, value)
            if nested:
                errors[name] = [f"{key}: {' '.join(v)}" for key, v in nested.items()]
            continue
        types = _json_types(field)
        wrong_bool = isinstance(value, bool) and bool not in (types or ())
        if types and (not isinstance(value, types) or wrong_bool):
            errors[name] = [
                _("Expected a boolean.")
                if bool in types
                else _("Expected a %(type)s.") % {"type": types[0].__name__}
            ]
    return errors


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The project's 404: JSON under /api/ (a path argument that is no UUID or slug never
    reaches a view), the HTML page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


class ErrorSerializer(serializers.Serializer):
    """An error answer: `detail`, or field names (or `non_field_errors`) with their messages."""

    detail = serializers.CharField(required=False)


def error_response(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


ERROR_RESPONSES = {
    "400": error_response("Refused input: field names with their messages."),
    "401": error_response("No credentials, or a bad token."),
    "403": error_response("A member of the collaborative without the right."),
    "404": error_response("Not a member, no such object, or a page past the end."),
}
TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"
CONFLICT_RESPONSE = error_response("The object's state forbids the change.")


class AutoSchema(SpectacularAutoSchema):
    """Documents the errors every API view can answer (400, 401, 403, 404) beside its own
    responses, and 409 where the view sets `conflict_methods`."""

    def _map_serializer_field(self, field: Any, direction: str, bypass_extensions=False) -> Any:
        """A TimeField is a wall-clock time of the collaborative, without an offset, so it is
        not an RFC 3339 `time` (which needs one): document it by its pattern."""
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, serializers.TimeField) and schema.get("format") == "time":
            schema = {k: v for k, v in schema.items() if k != "format"}
            schema["pattern"] = TIME_PATTERN
        return schema

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        errors = dict(ERROR_RESPONSES)
        if self.method in getattr(self.view, "conflict_methods", ()):
            errors["409"] = CONFLICT_RESPONSE
        for code, response in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code, direction=direction)
        return responses


class CollaborativeAPIMixin:
    """Resolves the `slug` URL argument to `self.access` before anything else runs.

    Set `permission` to require a rule on the collaborative (e.g. IT-only writes) or
    `write_permission` to require it only for unsafe methods.
    """

    permission_classes = [permissions.IsAuthenticated]
    permission: str | None = None
    write_permission: str | None = None
    access: Access

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        # A token is read only now, after the middleware chose a language without the person.
        activate_request_language(request._request, request.user)
        self.access = get_access(request.user, kwargs["slug"])
        use_collaborative_language(request._request, self.access.collaborative)
        if self.permission:
            self.access.require(self.permission, self.access.collaborative)
        if self.write_permission and request.method not in permissions.SAFE_METHODS:
            self.access.require(self.write_permission, self.access.collaborative)
        if (
            request.method not in permissions.SAFE_METHODS
            and "json" in (request.content_type or "")
            and hasattr(self, "get_serializer_class")
        ):
            serializer = self.get_serializer()  # type: ignore[attr-defined]
            rows = request.data if isinstance(request.data, list) else [request.data]
            errors = [json_type_errors(serializer, row) for row in rows]
            if any(errors):
                raise exceptions.ValidationError(errors if len(rows) > 1 else errors[0])

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()  # type: ignore[misc]
        context["access"] = getattr(self, "access", None)
        return context


__all__ = [
    "APIView",
    "AutoSchema",
    "CollaborativeAPIMixin",
    "ErrorSerializer",
    "StrictBooleanField",
    "error_response",
    "exception_handler",
    "not_found",
]
