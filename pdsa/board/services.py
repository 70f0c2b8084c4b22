"""Writes for the shared board: posts, comments, resources, faculty assignments."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bsc.audit import record_audit
from pdsa.board.alerts import notify_comment, notify_post
from pdsa.board.markdown import render_markdown
from pdsa.board.models import BoardEntry, BoardSettings, Comment, Post
from pdsa.cycles.models import Cycle, Ramp

if TYPE_CHECKING:
    from bsc.tenancy import Access


COMMENT_EDIT_WINDOW = datetime.timedelta(minutes=15)


def post_create(
    *, access: Access, title: str, body: str, kind: str = Post.Kind.DISCUSSION, pinned: bool = False
) -> Post:
    """A discussion or question by any member; announcements and pinning are IT's."""
    access.require("comment", access.collaborative)
    if kind == Post.Kind.ANNOUNCEMENT:
        access.require("post_announcement", access.collaborative)
    if pinned:
        access.require("pin_post", access.collaborative)
    with transaction.atomic():
        post = Post(
            collaborative=access.collaborative,
            author=access.user,
            center=access.center,
            kind=kind,
            title=title,
            body=body,
            body_html=render_markdown(body),
            pinned=pinned or kind == Post.Kind.ANNOUNCEMENT,
        )
        post.full_clean()
        post.save()
        BoardEntry.objects.create(
            collaborative=access.collaborative,
            kind=BoardEntry.Kind.POST,
            post=post,
            center=access.center,
            updated_at=post.created_at,
        )
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="post.create",
            obj=post,
            changes={"title": title, "kind": kind},
        )
        notify_post(post)
    return post


def post_update(*, access: Access, post: Post, title: str, body: str) -> Post:
    access.require("change_own_content", post)
    with transaction.atomic():
        post.title, post.body, post.body_html = title, body, render_markdown(body)
        post.full_clean()
        post.save()
        BoardEntry.objects.filter(post=post).update(updated_at=timezone.now(), is_update=True)
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="post.update",
            obj=post,
            changes={"title": title},
        )
    return post


def post_set_pinned(*, access: Access, post: Post, pinned: bool) -> Post:
    access.require("pin_post", access.collaborative)
    with transaction.atomic():
        post.pinned = pinned
        post.save(update_fields=["pinned", "updated_at"])
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="post.pin" if pinned else "post.unpin",
            obj=post,
        )
    return post


def comment_create(
    *,
    access: Access,
    body: str,
    cycle: Cycle | None = None,
    ramp: Ramp | None = None,
    post: Post | None = None,
    parent: Comment | None = None,
) -> Comment:
    """A comment by any member; a faculty or IT comment on a cycle counts as its feedback."""
    access.require("comment", access.collaborative)
    if not (body or "").strip():
        raise ValidationError({"body": _("Write a comment first.")})
    if parent is not None:
        if parent.parent_id is not None:
            # Replies stay one level deep: answer the thread's first comment.
            parent = parent.parent
        if (parent.cycle_id, parent.ramp_id, parent.post_id) != (
            getattr(cycle, "pk", None),
            getattr(ramp, "pk", None),
            getattr(post, "pk", None),
        ):
            raise ValidationError({"parent": _("Reply within the same discussion.")})
    with transaction.atomic():
        comment = Comment(
            collaborative=access.collaborative,
            cycle=cycle,
            ramp=ramp,
            post=post,
            parent=parent,
            author=access.user,
            author_role=access.membership.role_label,
            body=body,
            body_html=render_markdown(body),
        )
        comment.full_clean()
        comment.save()
        if cycle is not None and access.can("review_center_work"):
            Cycle.objects.filter(pk=cycle.pk).update(feedback_at=comment.created_at)
            cycle.feedback_at = comment.created_at
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="comment.create",
            obj=comment,
            changes={"target": str(comment.target.public_id)},
        )
        notify_comment(comment)
    return comment


def comment_can_edit(
    access: Access, comment: Comment, now: datetime.datetime | None = None
) -> bool:
    now = now or timezone.now()
    return access.can("edit_comment", comment) and now - comment.created_at <= COMMENT_EDIT_WINDOW


def comment_edit(*, access: Access, comment: Comment, body: str) -> Comment:
    """The author may fix a comment for a short while after posting it."""
    access.require("edit_comment", comment)
    if not comment_can_edit(access, comment):
        raise ValidationError({"body": _("Comments can only be edited in the first 15 minutes.")})
    if not (body or "").strip():
        raise ValidationError({"body": _("Write a comment first.")})
    with transaction.atomic():
        before = comment.body
        comment.body, comment.body_html = body, render_markdown(body)
        comment.edited_at = timezone.now()
        comment.save(update_fields=["body", "body_html", "edited_at"])
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="comment.edit",
            obj=comment,
            changes={"before": before, "after": body},
        )
    return comment


def board_settings_update(*, access: Access, feedback_after_days: int) -> BoardSettings:
    """IT sets after how many days a cycle without feedback enters the queue."""
    access.require("manage_collaborative", access.collaborative)
    with transaction.atomic():
        settings, _created = BoardSettings.objects.get_or_create(collaborative=access.collaborative)
        before = settings.feedback_after_days
        settings.feedback_after_days = feedback_after_days
        settings.full_clean()
        settings.save()
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="board_settings.update",
            obj=settings,
            changes={"feedback_after_days": [before, feedback_after_days]},
        )
    return settings
