"""Writes for the shared board: posts, comments, resources, faculty assignments."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bsc.audit import record_audit
from collaboratives.affinity.selectors import groups_to_address
from pdsa.board.models import BoardEntry, BoardSettings, Post
from pdsa.discussion.alerts import notify_post
from pdsa.discussion.markdown import render_markdown

if TYPE_CHECKING:
    from bsc.tenancy import Access
    from collaboratives.affinity.models import AffinityGroup


def _check_group(access: Access, group: AffinityGroup) -> None:
    if group.collaborative_id != access.collaborative.pk:
        raise ValidationError(
            {"affinity_group": _("Choose an affinity group of this collaborative.")}
        )
    if group.pk not in {g.pk for g in groups_to_address(access)}:
        raise ValidationError(
            {"affinity_group": _("You can address a post only to a group you belong to.")}
        )


def post_create(
    *,
    access: Access,
    title: str,
    body: str,
    kind: str = Post.Kind.DISCUSSION,
    pinned: bool = False,
    affinity_group: AffinityGroup | None = None,
) -> Post:
    """A discussion or question by any member; announcements and pinning are IT's. A post
    addressed to an affinity group of the author's (any group, for IT and faculty) tells the
    group's members."""
    access.require("comment", access.collaborative)
    if kind == Post.Kind.ANNOUNCEMENT:
        access.require("post_announcement", access.collaborative)
    if pinned:
        access.require("pin_post", access.collaborative)
    if affinity_group is not None:
        _check_group(access, affinity_group)
    with transaction.atomic():
        post = Post(
            collaborative=access.collaborative,
            author=access.user,
            center=access.center,
            affinity_group=affinity_group,
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
            changes={
                "title": title,
                "kind": kind,
                "affinity_group": str(affinity_group.public_id) if affinity_group else None,
            },
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
