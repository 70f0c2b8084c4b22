from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from bsc.admin_scoping import OrganizationScopedAdmin
from collaboratives.membership.models import Collaborative, Invitation, Membership, Organization
from collaboratives.membership.services import send_invitation


@admin.register(Organization)
class OrganizationAdmin(OrganizationScopedAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["admins"]
    org_admin_can_add = False
    org_admin_can_delete = False

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        # Choosing admins lists every account: that is for the platform's superusers.
        return [] if request.user.is_superuser else ["slug", "admins"]

    def get_prepopulated_fields(self, request: HttpRequest, obj=None):
        return self.prepopulated_fields if request.user.is_superuser else {}


@admin.register(Collaborative)
class CollaborativeAdmin(OrganizationScopedAdmin):
    list_display = ["name", "organization", "start_date", "end_date", "status"]
    list_filter = [("organization", admin.RelatedOnlyFieldListFilter), "status"]
    prepopulated_fields = {"slug": ["name"]}
    organization_path = "organization"
    scoped_foreign_keys = {"organization": ""}


@admin.register(Membership)
class MembershipAdmin(OrganizationScopedAdmin):
    list_display = ["user", "collaborative", "role", "center", "center_role"]
    list_filter = [("collaborative", admin.RelatedOnlyFieldListFilter), "role"]
    raw_id_fields = ["user", "center"]
    organization_path = "collaborative__organization"
    scoped_foreign_keys = {
        "collaborative": "organization",
        "center": "collaborative__organization",
    }


@admin.register(Invitation)
class InvitationAdmin(OrganizationScopedAdmin):
    list_display = ["email", "collaborative", "role", "created_at", "accepted_at"]
    list_filter = [("collaborative", admin.RelatedOnlyFieldListFilter), "role"]
    fields = ["collaborative", "email", "full_name", "role", "center", "center_role"]
    organization_path = "collaborative__organization"
    scoped_foreign_keys = {
        "collaborative": "organization",
        "center": "collaborative__organization",
    }

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.invited_by = request.user
            obj.email = obj.email.strip().lower()
        super().save_model(request, obj, form, change)
        if not change:
            transaction.on_commit(lambda: send_invitation(obj))
