from django.urls import path

from metrics.entry import views

urlpatterns = [
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
]
