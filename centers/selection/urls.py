from django.urls import path

from centers.selection import api, public_views, views

urlpatterns = [
    # Public: the shared link of an application period (no account needed).
    path("apply/<str:apply_token>/", public_views.apply, name="apply"),
    path(
        "apply/<str:apply_token>/resume/<str:resume_token>/",
        public_views.resume,
        name="apply-resume",
    ),
    path("apply/<str:apply_token>/copy/", public_views.copy, name="apply-copy"),
    path("apply/<str:apply_token>/copy.pdf", public_views.copy_pdf, name="apply-copy-pdf"),
    # The Implementation Team and faculty.
    path("selection/", views.selection_home, name="selection"),
    path("selection/outreach/", views.outreach, name="selection-outreach"),
    path("selection/reviews/", views.review_queue_view, name="selection-queue"),
    path(
        "selection/applications/<uuid:application>/",
        views.application_detail,
        name="selection-application",
    ),
    path(
        "selection/applications/<uuid:application>/letter.pdf",
        views.application_letter,
        name="selection-application-letter",
    ),
    path(
        "selection/applications/<uuid:application>/review/",
        views.review_edit,
        name="selection-review",
    ),
    path("selection/<uuid:period>/", views.period_detail, name="selection-period"),
    path("selection/<uuid:period>/ranking.csv", views.ranking_csv, name="selection-ranking-csv"),
    path("selection/<uuid:period>/ranking.pdf", views.ranking_pdf, name="selection-ranking-pdf"),
    path("selection/<uuid:period>/letters/", views.letters, name="selection-letters"),
    path("selection/<uuid:period>/questions/", views.questions, name="selection-questions"),
    path("centers/<slug:center>/welcome/", views.welcome_packet, name="welcome-packet"),
    path("centers/<slug:center>/welcome.pdf", views.welcome_packet_pdf, name="welcome-packet-pdf"),
]

api_urlpatterns = [
    path(
        "collaboratives/<slug:slug>/applications/",
        api.ApplicationList.as_view(),
        name="application-list",
    ),
    path(
        "collaboratives/<slug:slug>/applications/<uuid:application>/",
        api.ApplicationDetail.as_view(),
        name="application-detail",
    ),
    path(
        "collaboratives/<slug:slug>/applications/<uuid:application>/review/",
        api.OwnReview.as_view(),
        name="application-review",
    ),
]
