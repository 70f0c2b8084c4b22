from django.urls import path

from metrics.equity import api, entry, views

urlpatterns = [
    path("metrics/centers/<slug:center>/equity/", views.center_equity, name="equity-center"),
    path(
        "metrics/centers/<slug:center>/entry/<slug:metric>/<str:month>/subgroups/",
        entry.subgroups,
        name="equity-subgroups",
    ),
    path(
        "metrics/centers/<slug:center>/equity/import/",
        entry.import_subgroups,
        name="equity-import",
    ),
    path("metrics/equity/", views.collaborative_equity, name="equity-collaborative"),
    path("metrics/equity/export.csv", views.equity_export, name="equity-export"),
    path("metrics/equity/settings/", views.equity_settings, name="equity-settings"),
    path(
        "metrics/equity/settings/<slug:dimension>/",
        views.dimension_categories,
        name="equity-dimension",
    ),
]

api_urlpatterns = [
    path(
        "collaboratives/<slug:slug>/centers/<slug:center>/subgroups/<slug:metric>/"
        "<slug:dimension>/<str:month>/",
        api.SubgroupMonth.as_view(),
        name="subgroup-month",
    ),
]
