from django.urls import path

from pdsa.board import api as board_api
from pdsa.board import notification_views
from pdsa.board import views as board_views
from pdsa.coaching import views as coaching_views
from pdsa.cycles import api as cycles_api
from pdsa.cycles import views
from pdsa.feedback import views as feedback_views
from pdsa.library import views as resource_views

app_name = "pdsa"
urlpatterns = [
    path("pdsa/", views.pdsa_home, name="home"),
    path("pdsa/quick-start/", views.quick_start, name="quick-start"),
    path("pdsa/centers/<slug:center>/", views.center_pdsa, name="center"),
    path("pdsa/ramps/new/", views.ramp_new, name="ramp-new"),
    path("pdsa/ramps/<uuid:ramp>/", views.ramp_detail, name="ramp-detail"),
    path("pdsa/ramps/<uuid:ramp>/edit/", views.ramp_edit, name="ramp-edit"),
    path("pdsa/ramps/<uuid:ramp>/copy/", views.ramp_copy, name="ramp-copy"),
    path("pdsa/ramps/<uuid:ramp>/cycles/new/", views.cycle_new, name="cycle-new"),
    path("pdsa/ramps/<uuid:ramp>/comments/", board_views.ramp_comment, name="ramp-comment"),
    path("pdsa/cycles/<uuid:cycle>/", views.cycle_detail, name="cycle-detail"),
    path(
        "pdsa/cycles/<uuid:cycle>/attachments/",
        views.attachment_upload,
        name="attachment-upload",
    ),
    path("pdsa/cycles/<uuid:cycle>/comments/", board_views.cycle_comment, name="cycle-comment"),
    path(
        "pdsa/attachments/<uuid:attachment>/",
        views.attachment_download,
        name="attachment-download",
    ),
    # After the fixed cycle sub-paths, which a stage name would otherwise shadow.
    path("pdsa/cycles/<uuid:cycle>/<slug:stage>/", views.cycle_stage, name="cycle-stage"),
    path("board/", board_views.board_page, name="board"),
    path("board/posts/new/", board_views.post_new, name="post-new"),
    path("board/posts/<uuid:post>/", board_views.post_detail, name="post-detail"),
    path("board/posts/<uuid:post>/edit/", board_views.post_edit, name="post-edit"),
    path("board/posts/<uuid:post>/pin/", board_views.post_pin, name="post-pin"),
    path("board/posts/<uuid:post>/comments/", board_views.post_comment, name="post-comment"),
    path("comments/<uuid:comment>/edit/", board_views.comment_edit, name="comment-edit"),
    path("feedback/", feedback_views.feedback_queue, name="feedback-queue"),
    path("faculty-assignments/", coaching_views.assignments, name="assignments"),
    path("notifications/", notification_views.notification_list, name="notifications"),
    path(
        "notifications/<uuid:notification>/",
        notification_views.notification_open,
        name="notification-open",
    ),
    path("notifications/unread/", notification_views.unread_badge, name="notifications-unread"),
    path("notifications/read/", notification_views.notifications_read, name="notifications-read"),
    path(
        "notifications/settings/",
        notification_views.notification_settings,
        name="notification-settings",
    ),
    path("resources/", resource_views.library, name="library"),
    path("resources/new/", resource_views.resource_new, name="resource-new"),
    path("resources/<uuid:resource>/file/", resource_views.resource_file, name="resource-file"),
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
    path("collaboratives/<slug:slug>/posts/", board_api.PostList.as_view(), name="post-list"),
    path(
        "collaboratives/<slug:slug>/posts/<uuid:post>/",
        board_api.PostDetail.as_view(),
        name="post-detail",
    ),
    path(
        "collaboratives/<slug:slug>/comments/", board_api.CommentList.as_view(), name="comment-list"
    ),
    path(
        "collaboratives/<slug:slug>/comments/<uuid:comment>/",
        board_api.CommentDetail.as_view(),
        name="comment-detail",
    ),
]
