from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bsc.audit import record_audit
from pdsa.discussion.alerts import notify_comment
from pdsa.discussion.markdown import render_markdown
from pdsa.discussion.models import Comment

if TYPE_CHECKING:
    from bsc.tenancy import Access
    from centers.assessments.models import SelfAssessment
    from pdsa.action_plans.models import ActionPlan
    from pdsa.board.models import Post
    from pdsa.cycles.models import Cycle, Ramp
    from pdsa.discussion.models import ChartThread
    from pdsa.library.models import Resource

COMMENT_EDIT_WINDOW = datetime.timedelta(minutes=15)


def comment_create(
    *,
    access: Access,
    body: str,
    cycle: Cycle | None = None,
    ramp: Ramp | None = None,
    post: Post | None = None,
    resource: Resource | None = None,
    self_assessment: SelfAssessment | None = None,
    chart: ChartThread | None = None,
    action_plan: ActionPlan | None = None,
    parent: Comment | None = None,
) -> Comment:
    """A comment by any member; a faculty or IT comment on a cycle counts as its feedback.

    Besides cycles, ramps and posts, a resource, a self-assessment, a center's Action Plan and
    a center's chart for a month (`ChartThread`) can be discussed the same way."""
    targets = {
        "cycle": cycle,
        "ramp": ramp,
        "post": post,
        "resource": resource,
        "self_assessment": self_assessment,
        "chart": chart,
        "action_plan": action_plan,
    }
    access.require("comment", access.collaborative)
    if not (body or "").strip():
        raise ValidationError({"body": _("Write a comment first.")})
    if parent is not None:
        if parent.parent_id is not None:
            # Replies stay one level deep: answer the thread's first comment.
            parent = parent.parent
        if any(
            getattr(parent, f"{name}_id") != getattr(target, "pk", None)
            for name, target in targets.items()
        ):
            raise ValidationError({"parent": _("Reply within the same discussion.")})
    with transaction.atomic():
        comment = Comment(
            collaborative=access.collaborative,
            **targets,
            parent=parent,
            author=access.user,
            author_role=access.membership.role_label,
            body=body,
            body_html=render_markdown(body),
        )
        comment.full_clean()
        comment.save()
        if cycle is not None and access.can("review_center_work"):
            # A faculty comment is the cycle's feedback (the cycle's own model, not imported:
            # discussion sits below the cycles).
            type(cycle).objects.filter(pk=cycle.pk).update(feedback_at=comment.created_at)
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
