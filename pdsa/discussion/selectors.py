from typing import Any

from bsc.tenancy import Access, get_object_in_collaborative
from pdsa.discussion.models import Comment


def get_comment(access: Access, public_id: Any) -> Comment:
    queryset = Comment.objects.select_related("author", "cycle__ramp__center", "ramp", "post")
    return get_object_in_collaborative(
        access, queryset, None, collaborative_path="collaborative", public_id=public_id
    )


def comments_for(**target: Any) -> list[Comment]:
    """Top-level comments with their replies attached as `thread_replies`."""
    comments = list(
        Comment.objects.filter(**target).select_related("author").order_by("created_at")
    )
    by_id = {c.pk: c for c in comments}
    top = []
    for comment in comments:
        comment.thread_replies = []
    for comment in comments:
        if comment.parent_id and comment.parent_id in by_id:
            by_id[comment.parent_id].thread_replies.append(comment)
        else:
            top.append(comment)
    return top
