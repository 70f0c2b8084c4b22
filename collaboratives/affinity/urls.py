from django.urls import path

from collaboratives.affinity import api as affinity_api
from collaboratives.affinity import views as affinity_views

urlpatterns = [
    path("affinity-groups/", affinity_views.group_list, name="affinity-groups"),
    path("affinity-groups/new/", affinity_views.group_new, name="affinity-group-new"),
    path("affinity-groups/<uuid:group>/", affinity_views.group_detail, name="affinity-group"),
    path(
        "affinity-groups/<uuid:group>/edit/",
        affinity_views.group_edit,
        name="affinity-group-edit",
    ),
]

api_urlpatterns = [
    path(
        "collaboratives/<slug:slug>/affinity-groups/",
        affinity_api.AffinityGroupList.as_view(),
        name="affinity-group-list",
    ),
    path(
        "collaboratives/<slug:slug>/affinity-groups/<uuid:group>/",
        affinity_api.AffinityGroupDetail.as_view(),
        name="affinity-group-detail",
    ),
]
