"""Editing and sending the newsletter.

Sending is exactly once: in one transaction the newsletter is locked, its HTML and text are
frozen, it is marked sent and one Notification row is written per member (the core's
exactly-once record). A crash before the commit leaves a draft with no rows, to send again; a
second send finds it sent and writes nothing. Delivery then goes through the core's leased
dispatcher, which sends each row once.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bsc.audit import record_audit
from bsc.i18n import recipient_language
from bsc.models import Notification
from bsc.notifications import notify, register_html
from bsc.tenancy import Access
from centers.teams.models import Center
from collaboratives.membership.models import Membership
from metrics.newsletter.models import Newsletter
from pdsa.discussion.markdown import render_markdown

NOTIFICATION_KIND = "newsletter"
SECTION_KEYS = ("highlights", "spotlight", "themes", "upcoming", "resources", "reminders")


def translation_languages() -> list[tuple[str, str]]:
    """The languages a newsletter may be translated into: the site's, less the original."""
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def has_translation(newsletter: Newsletter, language: str) -> bool:
    if (newsletter.title_translations or {}).get(language, "").strip():
        return True
    return any(
        any(part.strip() for part in s.get("translations", {}).get(language, {}).values())
        for s in newsletter.sections
    )


def localized(newsletter: Newsletter, language: str | None) -> tuple[str, list[dict[str, str]]]:
    """(title, sections) in `language`; each part without a translation stays as written."""
    title = newsletter.title
    sections = [
        {"title": s.get("title", ""), "body": s.get("body", "")} for s in newsletter.sections
    ]
    if not language or language == settings.LANGUAGE_CODE:
        return title, sections
    title = (newsletter.title_translations or {}).get(language, "").strip() or title
    for section, source in zip(sections, newsletter.sections, strict=True):
        translated = source.get("translations", {}).get(language, {})
        section["title"] = translated.get("title", "").strip() or section["title"]
        if translated.get("body", "").strip():
            section["body"] = translated["body"]
    return title, sections


def rendered_sections(newsletter: Newsletter, language: str | None = None) -> list[dict[str, str]]:
    _title, sections = localized(newsletter, language)
    return [
        {"title": s["title"], "html": render_markdown(s["body"]), "body": s["body"]}
        for s in sections
    ]


def render_html(newsletter: Newsletter, language: str | None = None) -> str:
    title, _sections = localized(newsletter, language)
    return render_to_string(
        "metrics/newsletter/email.html",
        {
            "newsletter": newsletter,
            "title": title,
            "language": language or settings.LANGUAGE_CODE,
            "sections": rendered_sections(newsletter, language),
        },
    )


def render_text(newsletter: Newsletter, language: str | None = None) -> str:
    title, sections = localized(newsletter, language)
    parts = [title, "=" * min(len(title), 70), ""]
    for section in sections:
        parts += [section["title"], "-" * min(len(section["title"]), 70)]
        parts += [section["body"].strip(), ""]
    return "\n".join(parts).strip() + "\n"


def shown_html(newsletter: Newsletter, language: str | None) -> str:
    """The newsletter as a reader of `language` sees it: what was sent to them, or the draft."""
    if newsletter.is_sent:
        return newsletter.sent_version(language or settings.LANGUAGE_CODE)["html"]
    return render_html(newsletter, language)


@transaction.atomic
def newsletter_update(
    *,
    access: Access,
    newsletter: Newsletter,
    title: str,
    sections: list[dict[str, Any]],
    spotlight: Center | None,
    title_translations: dict[str, str] | None = None,
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
    before = {
        "title": newsletter.title,
        "title_translations": newsletter.title_translations,
        "sections": newsletter.sections,
    }
    languages = dict(translation_languages())
    newsletter.title = title.strip()
    newsletter.title_translations = {
        code: text.strip()
        for code, text in (title_translations or {}).items()
        if code in languages and text.strip()
    }
    newsletter.sections = [
        {
            "key": s["key"],
            "title": s["title"].strip(),
            "body": s["body"],
            "translations": {
                code: {"title": t.get("title", "").strip(), "body": t.get("body", "")}
                for code, t in s.get("translations", {}).items()
                if code in languages and (t.get("title", "").strip() or t.get("body", "").strip())
            },
        }
        for s in sections
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
            "after": {
                "title": newsletter.title,
                "title_translations": newsletter.title_translations,
                "sections": newsletter.sections,
            },
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
        # Each translation is frozen too, so every reader's archive shows what they were sent.
        locked.sent_versions = {
            code: {
                "title": localized(locked, code)[0],
                "html": render_html(locked, code),
                "text": render_text(locked, code),
            }
            for code, _name in translation_languages()
            if has_translation(locked, code)
        }
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
            version = locked.sent_version(recipient_language(user, access.collaborative))
            _row, created = notify(
                kind=NOTIFICATION_KIND,
                object_key=str(locked.public_id),
                recipient=user,
                subject=version["title"],
                body=version["text"],
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
    if newsletter is None or not newsletter.sent_html:
        return None
    # The HTML of the version this row was written with, even if the reader's language
    # changed since: the row's text says which one it was.
    for version in newsletter.sent_versions.values():
        if version["text"] == notification.body:
            return version["html"]
    return newsletter.sent_html


register_html(NOTIFICATION_KIND, _email_html)
