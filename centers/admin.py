from django.contrib import admin

from bsc.admin_scoping import OrganizationScopedAdmin
from centers.teams.models import Center


@admin.register(Center)
class CenterAdmin(OrganizationScopedAdmin):
    list_display = ["name", "collaborative", "center_type", "status"]
    list_filter = [("collaborative", admin.RelatedOnlyFieldListFilter), "status"]
    organization_path = "collaborative__organization"
    scoped_foreign_keys = {"collaborative": "organization"}
