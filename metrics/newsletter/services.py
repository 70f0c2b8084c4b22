"""Editing and sending the newsletter.

Sending is exactly once: in one transaction the newsletter is locked, its HTML and text are
frozen, it is marked sent and one Notification row is written per member (the core's
exactly-once record). A crash before the commit leaves a draft with no rows, to send again; a
second send finds it sent and writes nothing. Delivery then goes through the core's leased
dispatcher, which sends each row once.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bsc.audit import record_audit
from bsc.models import Notification
from bsc.notifications import notify, register_html
from bsc.tenancy import Access
from centers.teams.models import Center
from collaboratives.membership.models import Membership
from metrics.newsletter.models import Newsletter
from pdsa.discussion.markdown import render_markdown

NOTIFICATION_KIND = "newsletter"
SECTION_KEYS = ("highlights", "spotlight", "themes", "upcoming", "resources", "reminders")


def rendered_sections(newsletter: Newsletter) -> list[dict[str, str]]:
    return [
        {
            "title": s.get("title", ""),
            "html": render_markdown(s.get("body", "")),
            "body": s.get("body", ""),
        }
        for s in newsletter.sections
    ]


def render_html(newsletter: Newsletter) -> str:
    return render_to_string(
        "metrics/newsletter/email.html",
        {"newsletter": newsletter, "sections": rendered_sections(newsletter)},
    )


def render_text(newsletter: Newsletter) -> str:
    parts = [newsletter.title, "=" * min(len(newsletter.title), 70), ""]
    for section in newsletter.sections:
        parts += [section.get("title", ""), "-" * min(len(section.get("title", "")), 70)]
        parts += [section.get("body", "").strip(), ""]
    return "\n".join(parts).strip() + "\n"


@transaction.atomic
def newsletter_update(
    *,
    access: Access,
    newsletter: Newsletter,
    title: str,
    sections: list[dict[str, Any]],
    spotlight: Center | None,
) -> Newsletter:
    """The IT's edit of a draft: the sections' titles, text and order, and the spotlight."""
    access.require("manage_newsletter", access.collaborative)
    newsletter = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
    if newsletter.is_sent:
        raise ValidationError(_("This newsletter was sent; it can no longer change."))
    if spotlight is not None and spotlight.collaborative_id != access.collaborative.pk:
        raise ValidationError({"spotlight": [_("Choose a center of this collaborative.")]})
    if not title.strip():
        raise ValidationError({"title": [_("Give the newsletter a title.")]})
    before = {"title": newsletter.title, "sections": newsletter.sections}
    newsletter.title = title.strip()
    newsletter.sections = [
        {"key": s["key"], "title": s["title"].strip(), "body": s["body"]} for s in sections
    ]
    newsletter.spotlight = spotlight
    newsletter.edited_by = access.user
    newsletter.save()
    record_audit(
        actor=access.user,
        collaborative=access.collaborative,
        action="newsletter.update",
        obj=newsletter,
        changes={
            "before": before,
            "after": {"title": newsletter.title, "sections": newsletter.sections},
        },
    )
    return newsletter


def newsletter_send(*, access: Access, newsletter: Newsletter) -> int:
    """Send the newsletter to every member, once; returns how many rows were written now."""
    access.require("manage_newsletter", access.collaborative)
    with transaction.atomic():
        locked = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
        if locked.is_sent:
            return 0
        locked.collaborative = access.collaborative
        locked.sent_html = render_html(locked)
        locked.sent_text = render_text(locked)
        locked.status = Newsletter.Status.SENT
        locked.sent_at = timezone.now()
        locked.sent_by = access.user
        users = {
            m.user_id: m.user
            for m in Membership.objects.filter(collaborative=access.collaborative).select_related(
                "user"
            )
        }
        url = reverse("metrics:newsletter", args=[access.collaborative.slug, locked.public_id])
        written = 0
        for user in users.values():
            _row, created = notify(
                kind=NOTIFICATION_KIND,
                object_key=str(locked.public_id),
                recipient=user,
                subject=locked.title,
                body=locked.sent_text,
                url=url,
                collaborative=access.collaborative,
            )
            written += created
        locked.recipients = len(users)
        locked.save()
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="newsletter.send",
            obj=locked,
            changes={"recipients": len(users)},
        )
    newsletter.refresh_from_db()
    return written


def _email_html(notification: Notification) -> str | None:
    newsletter = Newsletter.objects.filter(public_id=notification.object_key).first()
    return newsletter.sent_html if newsletter is not None and newsletter.sent_html else None


register_html(NOTIFICATION_KIND, _email_html)
