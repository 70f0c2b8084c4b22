from django.urls import path

from metrics.charts import views as charts_views
from metrics.completeness import views as completeness_views
from metrics.entry import api, views
from metrics.reports import views as report_views

app_name = "metrics"
urlpatterns = [
    path("metrics/", charts_views.collaborative_chart_page, name="collaborative-charts"),
    path("metrics/completeness/", completeness_views.completeness_board, name="completeness"),
    path(
        "metrics/completeness/<slug:center>/<str:month>/remind/",
        completeness_views.remind,
        name="remind",
    ),
    path("metrics/settings/", completeness_views.metric_settings, name="settings"),
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
        charts_views.center_chart_page,
        name="center-charts",
    ),
    path(
        "metrics/centers/<slug:center>/charts/<slug:metric>/chart.svg",
        charts_views.center_chart_svg,
        name="center-chart-svg",
    ),
    path(
        "metrics/centers/<slug:center>/charts/<slug:metric>/setting/",
        charts_views.chart_setting,
        name="chart-setting",
    ),
    path(
        "metrics/centers/<slug:center>/charts/<slug:metric>/annotations/",
        charts_views.chart_annotation_add,
        name="chart-annotation-add",
    ),
    path(
        "metrics/centers/<slug:center>/annotations/<str:annotation>/delete/",
        charts_views.chart_annotation_delete,
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
