from django.urls import path

from collaboratives.membership import api, views
from collaboratives.membership import views as membership_views

urlpatterns = [
    path("members/", views.member_list, name="members"),
    path("members/invite/", views.invite, name="invite"),
    path(
        "members/invitations/<uuid:invitation>/revoke/",
        views.invitation_revoke,
        name="invitation-revoke",
    ),
    path(
        "members/invitations/<uuid:invitation>/confirm/",
        views.invitation_confirm,
        name="invitation-confirm",
    ),
    path("competencies/", membership_views.competencies, name="competencies"),
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
