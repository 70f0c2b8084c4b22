"""The newsletter archive (every member), and the IT's draft: edit, preview, send."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bsc.form_errors import add_service_errors, posted_data
from bsc.i18n import supported
from bsc.tenancy import Access, centers_visible_to, collaborative_view
from metrics.newsletter import selectors, services
from metrics.newsletter.build import build_draft
from metrics.newsletter.forms import NewsletterForm
from metrics.reports.services import html_to_pdf
from metrics.values.validation import collaborative_today


@collaborative_view()
def archive(request: HttpRequest, access: Access) -> HttpResponse:
    return render(
        request,
        "metrics/newsletter/archive.html",
        {
            "newsletters": selectors.newsletters_visible_to(access).order_by("-month"),
            "can_manage": access.can("manage_newsletter"),
        },
    )


@collaborative_view()
def newsletter_detail(request: HttpRequest, access: Access, newsletter: uuid.UUID) -> HttpResponse:
    item = selectors.get_newsletter(access, newsletter)
    # ?language= reads another version (the IT previews the Spanish before sending).
    language = supported(request.GET.get("language")) or translation.get_language()
    body = services.shown_html(item, language)
    translated = (
        bool(item.sent_versions)
        if item.is_sent
        else any(services.has_translation(item, code) for code, _name in settings.LANGUAGES)
    )
    return render(
        request,
        "metrics/newsletter/newsletter.html",
        {
            "newsletter": item,
            "title": services.localized(item, language)[0]
            if not item.is_sent
            else item.sent_version(language)["title"],
            # Rendered from sanitised Markdown (or frozen from it when sent).
            "body": mark_safe(body),  # noqa: S308
            "can_manage": access.can("manage_newsletter"),
            "versions": settings.LANGUAGES if translated else [],
            "language": language,
        },
    )


@collaborative_view()
def newsletter_pdf(request: HttpRequest, access: Access, newsletter: uuid.UUID) -> HttpResponse:
    item = selectors.get_newsletter(access, newsletter)
    language = supported(request.GET.get("language")) or translation.get_language()
    html = services.shown_html(item, language)
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="newsletter-{item.month:%Y-%m}.pdf"'
    return response


@collaborative_view(permission="manage_newsletter")
def newsletter_edit(request: HttpRequest, access: Access, newsletter: uuid.UUID) -> HttpResponse:
    item = selectors.get_newsletter(access, newsletter)
    if item.is_sent:
        messages.info(request, _("This newsletter was sent; it can no longer change."))
        return redirect(item)
    form = NewsletterForm(
        posted_data(request), newsletter=item, centers=centers_visible_to(access).order_by("name")
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.newsletter_update(
                access=access,
                newsletter=item,
                title=form.cleaned_data["title"],
                sections=form.sections(),
                spotlight=form.cleaned_data["spotlight"],
                title_translations=form.title_translations(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(item)
    return render(request, "metrics/newsletter/edit.html", {"form": form, "newsletter": item})


@collaborative_view(permission="manage_newsletter")
@require_POST
def newsletter_build(request: HttpRequest, access: Access) -> HttpResponse:
    """Build this month's draft now, if the scheduled build has not yet."""
    item, _created = build_draft(access.collaborative, collaborative_today(access.collaborative))
    item.collaborative = access.collaborative
    return redirect(item)


@collaborative_view(permission="manage_newsletter")
@require_POST
def newsletter_send(request: HttpRequest, access: Access, newsletter: uuid.UUID) -> HttpResponse:
    item = selectors.get_newsletter(access, newsletter)
    if item.is_sent:
        messages.info(request, _("This newsletter was already sent."))
    else:
        services.newsletter_send(access=access, newsletter=item)
        item.refresh_from_db()
        messages.success(
            request,
            _("Sent to %(n)s members.") % {"n": item.recipients},
        )
    return redirect(item)
