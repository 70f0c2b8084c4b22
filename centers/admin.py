from django.contrib import admin

from .models import Center


@admin.register(Center)
class CenterAdmin(admin.ModelAdmin):
    list_display = ["name", "collaborative", "center_type", "status"]
    list_filter = ["collaborative", "status"]
