from django.urls import path

from metrics.charts import discussion as chart_discussion
from metrics.charts import views as charts_views

urlpatterns = [
    path("metrics/", charts_views.collaborative_chart_page, name="collaborative-charts"),
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
        "metrics/centers/<slug:center>/charts/<slug:metric>/<str:month>/discussion/",
        chart_discussion.chart_discussion,
        name="chart-discussion",
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
