from django.urls import path

from pdsa.board import api as board_api
from pdsa.board import views as board_views

urlpatterns = [
    path("board/", board_views.board_page, name="board"),
    path("board/posts/new/", board_views.post_new, name="post-new"),
    path("board/posts/<uuid:post>/", board_views.post_detail, name="post-detail"),
    path("board/posts/<uuid:post>/edit/", board_views.post_edit, name="post-edit"),
    path("board/posts/<uuid:post>/pin/", board_views.post_pin, name="post-pin"),
    path("board/posts/<uuid:post>/comments/", board_views.post_comment, name="post-comment"),
]

api_urlpatterns = [
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
