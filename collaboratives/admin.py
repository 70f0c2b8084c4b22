from django.contrib import admin

from .models import Collaborative, Invitation, Membership, Organization


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["admins"]


@admin.register(Collaborative)
class CollaborativeAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "start_date", "end_date", "status"]
    list_filter = ["organization", "status"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "collaborative", "role", "center", "center_role"]
    list_filter = ["collaborative", "role"]
    raw_id_fields = ["user", "center"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "collaborative", "role", "created_at", "accepted_at"]
