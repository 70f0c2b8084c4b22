from django.urls import path

from metrics.completeness import views as completeness_views

urlpatterns = [
    path("metrics/completeness/", completeness_views.completeness_board, name="completeness"),
    path(
        "metrics/completeness/<slug:center>/<str:month>/remind/",
        completeness_views.remind,
        name="remind",
    ),
    path("metrics/settings/", completeness_views.metric_settings, name="settings"),
]
