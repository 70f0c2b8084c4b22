from django.urls import path

from centers.assessments import api as assessments_api
from centers.assessments import views as assessment_views

urlpatterns = [
    path("self-assessments/", assessment_views.assessment_overview, name="assessments"),
    path("self-assessments/rounds/", assessment_views.round_manage, name="rounds"),
    path(
        "self-assessments/rounds/<int:round>/",
        assessment_views.round_manage,
        name="round-edit",
    ),
    path("self-assessments/<int:round>/heatmap/", assessment_views.heatmap, name="heatmap"),
    path(
        "self-assessments/<int:round>/ratings.csv",
        assessment_views.export_csv,
        name="export",
    ),
    path(
        "centers/<slug:center>/self-assessments/",
        assessment_views.center_comparison,
        name="comparison",
    ),
    path(
        "centers/<slug:center>/self-assessments/<int:round>/",
        assessment_views.assessment_form,
        name="assessment",
    ),
]

api_urlpatterns = [
    path(
        "collaboratives/<slug:slug>/assessment-rounds/",
        assessments_api.RoundList.as_view(),
        name="assessment-round-list",
    ),
    path(
        "collaboratives/<slug:slug>/centers/<slug:center>/self-assessments/<int:round>/",
        assessments_api.SelfAssessmentDetail.as_view(),
        name="self-assessment-detail",
    ),
]
