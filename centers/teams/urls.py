from django.urls import path

from centers.teams import api
from centers.teams import api as teams_api
from centers.teams import views as team_views

urlpatterns = [
    path("centers/new/", team_views.center_edit, name="center-create"),
    path("centers/<slug:center>/edit/", team_views.center_edit, name="center-edit"),
    path("centers/<slug:center>/team/", team_views.team_edit, name="team-edit"),
    path("centers/<slug:center>/storyboard/", team_views.storyboard, name="storyboard"),
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
]
