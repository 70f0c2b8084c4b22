from django.urls import path

from . import api, views

app_name = "centers"
urlpatterns = [
    path("centers/", views.center_list, name="list"),
    path("centers/<slug:center>/", views.center_detail, name="detail"),
]

api_urlpatterns = [
    path("collaboratives/<slug:slug>/centers/", api.CenterList.as_view(), name="center-list"),
    path(
        "collaboratives/<slug:slug>/centers/<slug:center>/",
        api.CenterDetail.as_view(),
        name="center-detail",
    ),
]
