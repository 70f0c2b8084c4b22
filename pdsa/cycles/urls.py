from django.urls import path

from pdsa.cycles import api as cycles_api
from pdsa.cycles import views

urlpatterns = [
    path("pdsa/ramps/<uuid:ramp>/comments/", views.ramp_comment, name="ramp-comment"),
    path("pdsa/cycles/<uuid:cycle>/comments/", views.cycle_comment, name="cycle-comment"),
    path("pdsa/", views.pdsa_home, name="home"),
    path("pdsa/quick-start/", views.quick_start, name="quick-start"),
    path("pdsa/centers/<slug:center>/", views.center_pdsa, name="center"),
    path("pdsa/ramps/new/", views.ramp_new, name="ramp-new"),
    path("pdsa/ramps/<uuid:ramp>/", views.ramp_detail, name="ramp-detail"),
    path("pdsa/ramps/<uuid:ramp>/edit/", views.ramp_edit, name="ramp-edit"),
    path("pdsa/ramps/<uuid:ramp>/copy/", views.ramp_copy, name="ramp-copy"),
    path("pdsa/ramps/<uuid:ramp>/cycles/new/", views.cycle_new, name="cycle-new"),
    path("pdsa/cycles/<uuid:cycle>/", views.cycle_detail, name="cycle-detail"),
    path(
        "pdsa/cycles/<uuid:cycle>/attachments/",
        views.attachment_upload,
        name="attachment-upload",
    ),
    path(
        "pdsa/attachments/<uuid:attachment>/",
        views.attachment_download,
        name="attachment-download",
    ),
    path("pdsa/cycles/<uuid:cycle>/<slug:stage>/", views.cycle_stage, name="cycle-stage"),
]

api_urlpatterns = [
    path("collaboratives/<slug:slug>/ramps/", cycles_api.RampList.as_view(), name="ramp-list"),
    path(
        "collaboratives/<slug:slug>/ramps/<uuid:ramp>/",
        cycles_api.RampDetail.as_view(),
        name="ramp-detail",
    ),
    path(
        "collaboratives/<slug:slug>/ramps/<uuid:ramp>/cycles/",
        cycles_api.CycleList.as_view(),
        name="cycle-list",
    ),
    path(
        "collaboratives/<slug:slug>/cycles/<uuid:cycle>/",
        cycles_api.CycleDetail.as_view(),
        name="cycle-detail",
    ),
]
