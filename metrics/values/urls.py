from django.urls import path

from metrics.values import api

api_urlpatterns = [
    path(
        "collaboratives/<slug:slug>/centers/<slug:center>/metric-values/",
        api.MetricValues.as_view(),
        name="metric-values",
    ),
    path(
        "collaboratives/<slug:slug>/centers/<slug:center>/metric-values/<slug:metric>/<str:month>/",
        api.MetricValueDetail.as_view(),
        name="metric-value-detail",
    ),
]
