"""The public application: no account, reached by the period's shared link.

Whoever holds the link may start an application; a draft is reached again only from the
browser that saved it (its session) or by the private link e-mailed to the key contact.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bsc.autosave import is_autosave, saved_status
from bsc.form_errors import add_service_errors
from bsc.pdf import pdf_response
from centers.selection import services
from centers.selection.appendix_i import PART_NOTES, PARTS
from centers.selection.forms import ApplicationForm
from centers.selection.models import Application, ApplicationPeriod
from centers.selection.selectors import period_for_public_link

RATE_WINDOW_SECONDS = 3600


def _session_key(period: ApplicationPeriod) -> str:
    return f"selection-application:{period.pk}"


def _client_address(request: HttpRequest) -> str:
    # Behind the load balancer the first forwarded address is the client's; the proxy sets it.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def rate_limited(request: HttpRequest, *, autosave: bool = False) -> bool:
    """Count this address's posts to public application pages; True once over the limit.
    Saves as you go are counted apart, with their own (higher) limit: a change posts one."""
    if autosave:
        limit = getattr(settings, "SELECTION_AUTOSAVES_PER_HOUR", 300)
        key = f"selection-autosaves:{_client_address(request)}"
    else:
        limit = getattr(settings, "SELECTION_POSTS_PER_HOUR", 30)
        key = f"selection-posts:{_client_address(request)}"
    if cache.add(key, 1, RATE_WINDOW_SECONDS):
        return False
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, RATE_WINDOW_SECONDS)
        return False
    return count > limit


def _too_many(request: HttpRequest, period: ApplicationPeriod) -> HttpResponse:
    response = render(
        request, "centers/selection/public/too_many.html", {"period": period}, status=429
    )
    response["Retry-After"] = str(RATE_WINDOW_SECONDS)
    return response


def _draft_in_session(request: HttpRequest, period: ApplicationPeriod) -> Application | None:
    public_id = request.session.get(_session_key(period))
    if not public_id:
        return None
    return Application.objects.filter(period=period, public_id=public_id).first()


def _grouped_questions(form: ApplicationForm) -> list[tuple[str, str, list]]:
    parts: dict[str, list] = {}
    for question, name in form.question_fields:
        parts.setdefault(question.get("part", ""), []).append((question, form[name]))
    return [(PARTS.get(p, p), PART_NOTES.get(p, ""), items) for p, items in parts.items()]


def _autosave_refused(
    period: ApplicationPeriod, request: HttpRequest, message: str
) -> HttpResponse:
    return saved_status(request, tz=period.collaborative.timezone, errors=[("__all__", message)])


def _autosave(
    request: HttpRequest,
    period: ApplicationPeriod,
    form: ApplicationForm,
    application: Application | None,
) -> HttpResponse:
    """A change in the form, saved in the background: "Saved at 11:40", or why not with links
    to the fields. No e-mail: the resume link is sent by "Save and e-mail me a link"."""
    if form.is_valid():
        try:
            saved = services.application_save(
                period=period, data=form.application_data(), application=application
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session[_session_key(period)] = str(saved.public_id)
            return saved_status(request, tz=period.collaborative.timezone)
    if form.is_spam():
        # As with a full post: nothing is kept and nothing is said about why.
        return HttpResponse(status=400)
    errors = [(name, message) for name, messages in form.errors.items() for message in messages]
    return saved_status(request, tz=period.collaborative.timezone, errors=errors)


def apply(request: HttpRequest, slug: str, apply_token: str) -> HttpResponse:
    period = period_for_public_link(slug, apply_token)
    application = _draft_in_session(request, period)
    autosave = request.method == "POST" and is_autosave(request)
    if application is not None and application.status == Application.Status.SUBMITTED:
        if autosave:
            return _autosave_refused(
                period, request, _("This application was submitted and can no longer change.")
            )
        return redirect("centers:apply-copy", slug=slug, apply_token=apply_token)
    if not services.period_is_open(period):
        if autosave:
            return _autosave_refused(period, request, _("The application period is closed."))
        return render(request, "centers/selection/public/closed.html", {"period": period})
    if request.method == "POST" and rate_limited(request, autosave=autosave):
        if autosave:
            return _autosave_refused(
                period,
                request,
                _("Too many saves from this connection. Wait a while, then save again."),
            )
        return _too_many(request, period)
    form = ApplicationForm(
        request.POST or None,
        request.FILES or None,
        period=period,
        instance=application or Application(period=period, collaborative=period.collaborative),
    )
    if autosave:
        return _autosave(request, period, form, application)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            submitting = request.POST.get("action") == "submit"
            try:
                saved = services.application_save(
                    period=period,
                    data=form.application_data(),
                    letter=form.cleaned_data.get("letter") or None,
                    application=application,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                request.session[_session_key(period)] = str(saved.public_id)
                if submitting:
                    try:
                        services.application_submit(saved)
                    except ValidationError as error:
                        add_service_errors(form, error)
                        form.instance = saved
                    else:
                        return redirect("centers:apply-copy", slug=slug, apply_token=apply_token)
                else:
                    services.resume_link_send(saved)
                    request.session["selection-saved"] = True
                    return redirect("centers:apply", slug=slug, apply_token=apply_token)
        status = 400
        if form.is_spam():
            # Nothing is kept and nothing is said about why.
            return render(
                request, "centers/selection/public/refused.html", {"period": period}, status=400
            )
    saved_message = request.session.pop("selection-saved", False)
    resumed_message = request.session.pop("selection-resumed", False)
    return render(
        request,
        "centers/selection/public/apply.html",
        {
            "period": period,
            "form": form,
            "parts": _grouped_questions(form),
            "application": application,
            "saved_message": saved_message,
            "resumed_message": resumed_message,
            "team_rows": [[form[n] for n in row] for row in form.team_rows],
            "demographic_groups": [
                (label, [form[n] for n in names]) for label, names in form.demographic_groups
            ],
            "readiness": [form[n] for n in form.readiness_fields],
            "step_titles": [
                _("Cover sheet"),
                _("Children you serve"),
                _("Questions"),
                _("Core team and submit"),
            ],
        },
        status=status,
    )


def resume(request: HttpRequest, slug: str, apply_token: str, resume_token: str) -> HttpResponse:
    period = period_for_public_link(slug, apply_token)
    # Every try at a link counts, so guessing links costs the same as posting.
    if rate_limited(request):
        return _too_many(request, period)
    application = services.application_from_resume_token(period, resume_token)
    if application is None:
        raise Http404
    request.session[_session_key(period)] = str(application.public_id)
    if application.status == Application.Status.DRAFT and services.period_is_open(period):
        # The link is spent: the page says so, and the next save e-mails a fresh one.
        request.session["selection-resumed"] = True
    return redirect("centers:apply", slug=slug, apply_token=apply_token)


def _submitted_in_session(request: HttpRequest, slug: str, apply_token: str) -> Application:
    period = period_for_public_link(slug, apply_token)
    application = _draft_in_session(request, period)
    if application is None or application.status != Application.Status.SUBMITTED:
        raise Http404
    application.period = period
    return application


def copy(request: HttpRequest, slug: str, apply_token: str) -> HttpResponse:
    application = _submitted_in_session(request, slug, apply_token)
    return render(
        request,
        "centers/selection/public/copy.html",
        {"application": application, "period": application.period, **copy_context(application)},
    )


def copy_pdf(request: HttpRequest, slug: str, apply_token: str) -> HttpResponse:
    application = _submitted_in_session(request, slug, apply_token)
    return pdf_response(
        request,
        "centers/selection/application_pdf.html",
        {"application": application, **copy_context(application)},
        "application.pdf",
        download=True,
    )


def copy_context(application: Application) -> dict:
    """The application as submitted: its answers under the questions as they were worded."""
    from centers.selection.appendix_i import DEMOGRAPHICS

    questions = application.submitted_questions or application.period.questions
    answered = [
        (PARTS.get(q.get("part", ""), ""), q, application.answers.get(q["key"], ""))
        for q in questions
    ]
    demographics = [
        (
            label,
            [
                (item_label, application.demographics.get(f"{group}.{key}"))
                for key, item_label in items
            ],
        )
        for group, label, items in DEMOGRAPHICS
    ]
    return {
        "answered": answered,
        "demographics": demographics,
        "total_children": application.demographics.get("total"),
        "readiness_answers": [
            (item["label"], bool(application.readiness.get(item["key"])))
            for item in application.period.readiness_items
        ],
    }
