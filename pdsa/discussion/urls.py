from django.urls import path

from pdsa.discussion import views

urlpatterns = [
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
