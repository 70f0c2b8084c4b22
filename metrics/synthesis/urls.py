from django.urls import path

from metrics.synthesis import api as synthesis_api
from metrics.synthesis import views as synthesis_views

urlpatterns = [
    path("themes/", synthesis_views.theme_list, name="themes"),
    path("themes/new/", synthesis_views.theme_new, name="theme-new"),
    path("themes/cite/", synthesis_views.evidence_add, name="theme-evidence-add"),
    path("themes/<uuid:theme>/", synthesis_views.theme_detail, name="theme-detail"),
    path("themes/<uuid:theme>/edit/", synthesis_views.theme_edit, name="theme-edit"),
    path("themes/<uuid:theme>/agenda/", synthesis_views.theme_agenda, name="theme-agenda"),
    path(
        "themes/<uuid:theme>/evidence/<uuid:evidence>/remove/",
        synthesis_views.theme_evidence_remove,
        name="theme-evidence-remove",
    ),
    path("across/", synthesis_views.month_page, name="across"),
    path("across/<str:month>/", synthesis_views.month_page, name="across-month"),
]

api_urlpatterns = [
    path(
        "collaboratives/<slug:slug>/themes/", synthesis_api.ThemeList.as_view(), name="theme-list"
    ),
    path(
        "collaboratives/<slug:slug>/themes/<uuid:theme>/",
        synthesis_api.ThemeDetail.as_view(),
        name="theme-detail",
    ),
    path(
        "collaboratives/<slug:slug>/themes/<uuid:theme>/agenda/",
        synthesis_api.ThemeAgenda.as_view(),
        name="theme-agenda",
    ),
]
