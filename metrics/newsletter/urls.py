from django.urls import path

from metrics.newsletter import api as newsletter_api
from metrics.newsletter import views as newsletter_views

urlpatterns = [
    path("newsletters/", newsletter_views.archive, name="newsletters"),
    path("newsletters/build/", newsletter_views.newsletter_build, name="newsletter-build"),
    path("newsletters/<uuid:newsletter>/", newsletter_views.newsletter_detail, name="newsletter"),
    path(
        "newsletters/<uuid:newsletter>/edit/",
        newsletter_views.newsletter_edit,
        name="newsletter-edit",
    ),
    path(
        "newsletters/<uuid:newsletter>/send/",
        newsletter_views.newsletter_send,
        name="newsletter-send",
    ),
    path(
        "newsletters/<uuid:newsletter>/newsletter.pdf",
        newsletter_views.newsletter_pdf,
        name="newsletter-pdf",
    ),
]

api_urlpatterns = [
    path(
        "collaboratives/<slug:slug>/newsletters/",
        newsletter_api.NewsletterList.as_view(),
        name="newsletter-list",
    ),
    path(
        "collaboratives/<slug:slug>/newsletters/<uuid:newsletter>/",
        newsletter_api.NewsletterDetail.as_view(),
        name="newsletter-detail",
    ),
]
