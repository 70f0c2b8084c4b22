"""Board notifications: recorded once per (kind, object, person) through `bsc.notifications`.

Each person chooses per kind: an e-mail right away, a daily digest, or the app only. The in-app
list shows every notification whatever the choice.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from bsc import formatting
from bsc.enqueue import enqueue
from bsc.i18n import in_language_of
from bsc.models import Notification, User
from bsc.notifications import notify
from collaboratives.affinity.selectors import members_of
from collaboratives.membership.models import Membership
from pdsa.discussion.models import Comment, NotificationSetting

if TYPE_CHECKING:
    from collaboratives.membership.models import Collaborative
    from pdsa.board.models import Post
    from pdsa.cycles.models import Cycle
from pdsa.coaching.selectors import coaches_of

COMMENT_ON_CYCLE = "pdsa.comment_on_cycle"


COMMENT_ON_POST = "pdsa.comment_on_post"


MENTION = "pdsa.mention"


COACHED_CENTER_CYCLE = "pdsa.coached_center_cycle"


GROUP_POST = "pdsa.group_post"


DIGEST = "pdsa.digest"


KINDS = {
    COMMENT_ON_CYCLE: _("Someone comments on my center's PDSA cycle"),
    COMMENT_ON_POST: _("Someone comments on my post"),
    MENTION: _("Someone mentions me"),
    COACHED_CENTER_CYCLE: _("A center I coach posts a PDSA cycle"),
    GROUP_POST: _("A post is addressed to my affinity group"),
}


def mode_for(user: User, kind: str) -> str:
    setting = NotificationSetting.objects.filter(user=user, kind=kind).first()
    if setting is not None:
        return setting.mode
    return user.notification_preference


def _send(
    *,
    kind: str,
    key: str,
    recipient: User,
    subject: str,
    params: dict[str, str],
    body: str,
    url: str,
    collaborative: Collaborative,
) -> None:
    """`subject` is the English message, written in the recipient's language with `params`."""
    mode = mode_for(recipient, kind)
    with in_language_of(recipient, collaborative):
        subject_text = _(subject) % params
    _row, created = notify(
        kind=kind,
        object_key=key,
        recipient=recipient,
        subject=subject_text,
        body=body,
        url=url,
        collaborative=collaborative,
        send_email=mode == NotificationSetting.Mode.IMMEDIATE,
    )
    if created and mode == NotificationSetting.Mode.IMMEDIATE:
        transaction.on_commit(_deliver_soon)


def _deliver_soon() -> None:
    from pdsa.discussion.tasks import deliver_board_notifications

    # The Notification row is already saved: with the broker down the periodic dispatcher
    # sends it on its next run, and the page does not wait.
    enqueue(deliver_board_notifications)


def mentioned_members(collaborative: Collaborative, text: str) -> list[User]:
    """Members of the collaborative named as @Full Name or @e-mail in `text`.

    Anyone else (an outsider, a typo) matches nobody, so a mention can only reach members.
    """
    if "@" not in text:
        return []
    lowered = text.lower()
    found = []
    members = Membership.objects.filter(collaborative=collaborative).select_related("user")
    for membership in members:
        user = membership.user
        names = [user.email.lower()]
        if user.full_name:
            names.append(user.full_name.lower())
        for name in names:
            if re.search(r"(?<![\w@])@" + re.escape(name) + r"(?![\w@.-])", lowered):
                found.append(user)
                break
    return found


def notify_comment(comment: Comment) -> None:
    """Tell the center (cycle), the post's author and anyone mentioned, once each."""
    collaborative = comment.collaborative
    author_name = comment.author.get_full_name() if comment.author else _("Someone")
    already: set[int] = set()
    if comment.author_id:
        already.add(comment.author_id)
    target = comment.target
    url = target.get_absolute_url() + f"#comment-{comment.public_id}"
    if comment.cycle_id:
        cycle = comment.cycle
        members = Membership.objects.filter(
            collaborative=collaborative, center_id=cycle.ramp.center_id
        ).select_related("user")
        for membership in members:
            if membership.user_id in already:
                continue
            already.add(membership.user_id)
            _send(
                kind=COMMENT_ON_CYCLE,
                key=str(comment.public_id),
                recipient=membership.user,
                subject=gettext_noop("%(name)s commented on %(cycle)s"),
                params={"name": author_name, "cycle": str(cycle)},
                body=comment.body,
                url=url,
                collaborative=collaborative,
            )
    if comment.post_id and comment.post.author_id and comment.post.author_id not in already:
        already.add(comment.post.author_id)
        _send(
            kind=COMMENT_ON_POST,
            key=str(comment.public_id),
            recipient=comment.post.author,
            subject=gettext_noop("%(name)s commented on your post “%(title)s”"),
            params={"name": author_name, "title": comment.post.title},
            body=comment.body,
            url=url,
            collaborative=collaborative,
        )
    notify_mentions(
        collaborative=collaborative,
        text=comment.body,
        key=str(comment.public_id),
        author_name=author_name,
        url=url,
        skip=already,
    )


def notify_mentions(
    *,
    collaborative: Collaborative,
    text: str,
    key: str,
    author_name: str,
    url: str,
    skip: set[int],
) -> None:
    for user in mentioned_members(collaborative, text):
        if user.pk in skip:
            continue
        skip.add(user.pk)
        _send(
            kind=MENTION,
            key=key,
            recipient=user,
            subject=gettext_noop("%(name)s mentioned you"),
            params={"name": author_name},
            body=text,
            url=url,
            collaborative=collaborative,
        )


def notify_post(post: Post) -> None:
    """Tell the members and co-leads of the affinity group the post is addressed to, then
    anyone mentioned, once each."""
    author_name = post.author.get_full_name() if post.author else _("Someone")
    already = {post.author_id} if post.author_id else set()
    group = post.affinity_group
    if group is not None:
        recipients = [m.user for m in members_of(group)]
        leads = User.objects.filter(pk__in=[group.faculty_lead_id, group.it_lead_id])
        for user in [*recipients, *leads]:
            if user.pk in already:
                continue
            already.add(user.pk)
            _send(
                kind=GROUP_POST,
                key=str(post.public_id),
                recipient=user,
                subject=gettext_noop("%(name)s wrote to %(group)s: “%(title)s”"),
                params={"name": author_name, "group": group.name, "title": post.title},
                body=post.body,
                url=post.get_absolute_url(),
                collaborative=post.collaborative,
            )
    notify_mentions(
        collaborative=post.collaborative,
        text=post.body,
        key=str(post.public_id),
        author_name=author_name,
        url=post.get_absolute_url(),
        skip=already,
    )


def notify_cycle_posted(cycle: Cycle) -> None:
    center = cycle.ramp.center
    for assignment in coaches_of(center.pk, center.collaborative_id):
        _send(
            kind=COACHED_CENTER_CYCLE,
            key=str(cycle.public_id),
            recipient=assignment.faculty,
            subject=gettext_noop("%(center)s posted a PDSA cycle: %(cycle)s"),
            params={"center": center.name, "cycle": str(cycle)},
            body=cycle.objective,
            url=cycle.get_absolute_url(),
            collaborative=center.collaborative,
        )


def record_daily_digests(now: datetime.datetime) -> int:
    """One digest per person and day for the kinds they chose to receive daily."""
    day = (now - datetime.timedelta(days=1)).date()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)
    end = start + datetime.timedelta(days=1)
    rows = Notification.objects.filter(
        kind__in=list(KINDS),
        created_at__gte=start,
        created_at__lt=end,
        send_email=False,
    ).select_related("recipient")
    per_person: dict[int, list[Notification]] = defaultdict(list)
    people: dict[int, User] = {}
    for row in rows:
        per_person[row.recipient_id].append(row)
        people[row.recipient_id] = row.recipient
    recorded = 0
    for person_id, items in per_person.items():
        user = people[person_id]
        chosen = [n for n in items if mode_for(user, n.kind) == NotificationSetting.Mode.DAILY]
        if not chosen:
            continue
        lines = [f"- {n.subject}" + (f" ({n.url})" if n.url else "") for n in chosen]
        with in_language_of(user):
            subject = _("Your daily summary for %(day)s") % {"day": formatting.day(day)}
        _row, created = notify(
            kind=DIGEST,
            object_key=day.isoformat(),
            recipient=user,
            subject=subject,
            body="\n".join(lines),
            send_email=True,
            due_at=now,
        )
        recorded += int(created)
    return recorded


def mark_read(user: User, collaborative: Collaborative, public_id: str | None = None) -> int:
    rows = Notification.objects.filter(
        recipient=user, collaborative=collaborative, read_at__isnull=True
    )
    if public_id:
        rows = rows.filter(public_id=public_id)
    return rows.update(read_at=timezone.now())
