from django.urls import path

from pdsa.library import views as resource_views

urlpatterns = [
    path("resources/", resource_views.library, name="library"),
    path("resources/new/", resource_views.resource_new, name="resource-new"),
    path("resources/<uuid:resource>/", resource_views.resource_detail, name="resource-detail"),
    path(
        "resources/<uuid:resource>/comments/",
        resource_views.resource_comment,
        name="resource-comment",
    ),
    path("resources/<uuid:resource>/file/", resource_views.resource_file, name="resource-file"),
]
