from django.urls import path

from metrics.reports import views as report_views

urlpatterns = [
    path("metrics/reports/", report_views.report_list, name="reports"),
    path("metrics/reports/build/", report_views.report_build_now, name="reports-build"),
    path("metrics/reports/<str:report>/", report_views.report_detail, name="report"),
    path("metrics/reports/<str:report>/pdf/", report_views.report_pdf, name="report-pdf"),
    path("metrics/reports/<str:report>/edit/", report_views.report_edit, name="report-edit"),
    path(
        "metrics/reports/<str:report>/files/<str:file>/",
        report_views.report_file,
        name="report-file",
    ),
]
