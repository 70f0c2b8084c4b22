"""The Django admin for organization admins: a staff person listed in `Organization.admins`
manages their own organizations' collaboratives, centers, memberships and invitations, and
sees nothing of another organization. Superusers see everything."""

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest


def administered_organization_ids(request: HttpRequest) -> set[int]:
    """Organizations the signed-in person administers; computed once per request."""
    if not hasattr(request, "_administered_organization_ids"):
        from collaboratives.membership.models import Organization

        user = request.user
        ids: set[int] = set()
        if user.is_active and user.is_staff:
            ids = set(Organization.objects.filter(admins=user).values_list("pk", flat=True))
        request._administered_organization_ids = ids  # type: ignore[attr-defined]
    return request._administered_organization_ids  # type: ignore[attr-defined]


class OrganizationScopedAdmin(admin.ModelAdmin):
    """Limits a model admin to the organizations the person administers.

    `organization_path` leads from the model to its Organization ("" for Organization itself).
    `org_admin_can_add` / `org_admin_can_delete` say what an org admin may do beyond change.
    """

    organization_path = ""
    org_admin_can_add = True
    org_admin_can_delete = True
    # Foreign keys whose choices are limited to the person's organizations: field -> path.
    scoped_foreign_keys: dict[str, str] = {}

    def _org_filter(self, path: str, ids: set[int]) -> dict[str, Any]:
        return {"pk__in": ids} if not path else {f"{path}__pk__in": ids}

    def _is_org_admin(self, request: HttpRequest) -> bool:
        return bool(administered_organization_ids(request))

    def _in_scope(self, request: HttpRequest, obj: Model | None) -> bool:
        if obj is None:
            return True
        ids = administered_organization_ids(request)
        return (
            type(obj)
            ._default_manager.filter(pk=obj.pk, **self._org_filter(self.organization_path, ids))
            .exists()
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        ids = administered_organization_ids(request)
        return queryset.filter(**self._org_filter(self.organization_path, ids)).distinct()

    def has_module_permission(self, request: HttpRequest) -> bool:
        return super().has_module_permission(request) or self._is_org_admin(request)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if request.user.is_superuser:
            return True
        return self._is_org_admin(request) and self._in_scope(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser or (self.org_admin_can_add and self._is_org_admin(request))

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if request.user.is_superuser:
            return True
        return self.org_admin_can_delete and self.has_view_permission(request, obj)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        path = self.scoped_foreign_keys.get(db_field.name)
        if path is not None and not request.user.is_superuser:
            ids = administered_organization_ids(request)
            kwargs["queryset"] = db_field.related_model._default_manager.filter(
                **self._org_filter(path, ids)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
