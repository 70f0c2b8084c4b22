from django.urls import path

from pdsa.discussion import views

urlpatterns = [
    path("charts/threads/<uuid:thread>/comments/", views.chart_comment, name="chart-comment"),
    path(
        "self-assessments/<uuid:assessment>/discussion/",
        views.self_assessment_discussion,
        name="self-assessment-discussion",
    ),
    path(
        "self-assessments/<uuid:assessment>/comments/",
        views.self_assessment_comment,
        name="self-assessment-comment",
    ),
    path("comments/<uuid:comment>/edit/", views.comment_edit, name="comment-edit"),
    path("notifications/", views.notification_list, name="notifications"),
    path(
        "notifications/<uuid:notification>/",
        views.notification_open,
        name="notification-open",
    ),
    path("notifications/unread/", views.unread_badge, name="notifications-unread"),
    path("notifications/read/", views.notifications_read, name="notifications-read"),
    path(
        "notifications/settings/",
        views.notification_settings,
        name="notification-settings",
    ),
]
