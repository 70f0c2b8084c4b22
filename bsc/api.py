"""REST API foundation: the same tenancy core and permission rules as the pages."""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from bsc.tenancy import Access, get_access


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
        self.access = get_access(request.user, kwargs["slug"])
        if self.permission:
            self.access.require(self.permission, self.access.collaborative)
        if self.write_permission and request.method not in permissions.SAFE_METHODS:
            self.access.require(self.write_permission, self.access.collaborative)

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()  # type: ignore[misc]
        context["access"] = getattr(self, "access", None)
        return context


__all__ = ["APIView", "CollaborativeAPIMixin", "exception_handler"]
