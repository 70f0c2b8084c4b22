from django.urls import path

from . import api, chart_views, report_views, views

app_name = "metrics"
urlpatterns = [
    path("metrics/", chart_views.collaborative_chart_page, name="collaborative-charts"),
    path("metrics/completeness/", chart_views.completeness_board, name="completeness"),
    path(
        "metrics/completeness/<slug:center>/<str:month>/remind/",
        chart_views.remind,
        name="remind",
    ),
    path("metrics/settings/", chart_views.metric_settings, name="settings"),
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
    path("metrics/centers/<slug:center>/", views.entry, name="entry"),
    path(
        "metrics/centers/<slug:center>/entry/<slug:metric>/<str:month>/",
        views.cell_save,
        name="cell-save",
    ),
    path("metrics/centers/<slug:center>/plan/", views.collection_plan, name="plan"),
    path("metrics/centers/<slug:center>/import/", views.import_csv, name="import"),
    path(
        "metrics/centers/<slug:center>/import/template.csv",
        views.import_template,
        name="import-template",
    ),
    path(
        "metrics/centers/<slug:center>/charts/",
        chart_views.center_chart_page,
        name="center-charts",
    ),
    path(
        "metrics/centers/<slug:center>/charts/<slug:metric>/chart.svg",
        chart_views.center_chart_svg,
        name="center-chart-svg",
    ),
    path(
        "metrics/centers/<slug:center>/charts/<slug:metric>/setting/",
        chart_views.chart_setting,
        name="chart-setting",
    ),
    path(
        "metrics/centers/<slug:center>/charts/<slug:metric>/annotations/",
        chart_views.chart_annotation_add,
        name="chart-annotation-add",
    ),
    path(
        "metrics/centers/<slug:center>/annotations/<str:annotation>/delete/",
        chart_views.chart_annotation_delete,
        name="chart-annotation-delete",
    ),
]

api_urlpatterns = [
    path(
        "collaboratives/<slug:slug>/centers/<slug:center>/metric-values/",
        api.MetricValues.as_view(),
        name="metric-values",
    ),
]
