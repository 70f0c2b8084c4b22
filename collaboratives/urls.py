from django.urls import path

from . import api, views

app_name = "collaboratives"
urlpatterns = [
    path("members/", views.member_list, name="members"),
    path("members/invite/", views.invite, name="invite"),
]

api_urlpatterns = [
    path("collaboratives/", api.CollaborativeList.as_view(), name="collaborative-list"),
    path(
        "collaboratives/<slug:slug>/",
        api.CollaborativeDetail.as_view(),
        name="collaborative-detail",
    ),
    path(
        "collaboratives/<slug:slug>/memberships/",
        api.MembershipList.as_view(),
        name="membership-list",
    ),
]
