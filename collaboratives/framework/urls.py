from django.urls import path

from collaboratives.framework import api as framework_api
from collaboratives.framework import views as framework_views

urlpatterns = [
    path("framework/", framework_views.driver_diagram, name="framework"),
    path("framework/driver-diagram.pdf", framework_views.driver_diagram_pdf, name="framework-pdf"),
    path("framework/edit/", framework_views.framework_edit, name="framework-edit"),
    path("framework/copy/", framework_views.framework_copy, name="framework-copy"),
    path("framework/publish/", framework_views.framework_publish, name="framework-publish"),
    path("framework/versions/", framework_views.version_list, name="framework-versions"),
    path(
        "framework/versions/<int:version>/",
        framework_views.version_detail,
        name="framework-version",
    ),
    path("framework/aims/", framework_views.aim_add, name="aim-add"),
    path("framework/aims/<uuid:aim>/", framework_views.aim_change, name="aim-change"),
    path("framework/drivers/", framework_views.primary_add, name="primary-add"),
    path(
        "framework/drivers/<uuid:primary>/", framework_views.primary_change, name="primary-change"
    ),
    path(
        "framework/drivers/<uuid:primary>/secondary/",
        framework_views.secondary_add,
        name="secondary-add",
    ),
    path(
        "framework/secondary/<uuid:secondary>/",
        framework_views.secondary_change,
        name="secondary-change",
    ),
    path("framework/metrics/", framework_views.metric_list, name="metrics"),
    path("framework/metrics/new/", framework_views.metric_edit, name="metric-create"),
    path("framework/metrics/<slug:metric>/", framework_views.metric_edit, name="metric-edit"),
]

api_urlpatterns = [
    path(
        "collaboratives/<slug:slug>/framework/",
        framework_api.FrameworkDetail.as_view(),
        name="framework-detail",
    ),
    path(
        "collaboratives/<slug:slug>/metrics/",
        framework_api.MetricList.as_view(),
        name="metric-list",
    ),
]
