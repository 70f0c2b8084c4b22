from django.urls import path

from centers.assessments import api as assessments_api
from centers.assessments import views as assessment_views
from centers.directory import views
from centers.teams import api
from centers.teams import api as teams_api
from centers.teams import views as team_views

app_name = "centers"
urlpatterns = [
    path("centers/", views.center_list, name="list"),
    path("centers/new/", team_views.center_edit, name="center-create"),
    path("centers/<slug:center>/", views.center_detail, name="detail"),
    path("centers/<slug:center>/edit/", team_views.center_edit, name="center-edit"),
    path("centers/<slug:center>/team/", team_views.team_edit, name="team-edit"),
    path("centers/<slug:center>/storyboard/", team_views.storyboard, name="storyboard"),
    # Self-assessments
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
    path("collaboratives/<slug:slug>/centers/", api.CenterList.as_view(), name="center-list"),
    path(
        "collaboratives/<slug:slug>/centers/<slug:center>/",
        api.CenterDetail.as_view(),
        name="center-detail",
    ),
    path(
        "collaboratives/<slug:slug>/centers/<slug:center>/team/",
        teams_api.TeamDetail.as_view(),
        name="center-team",
    ),
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
