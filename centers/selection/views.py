"""Selection pages of the Implementation Team and faculty: periods, ranking, reviews,
decisions, letters, outreach and the Welcome Packet."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bsc.exports import csv_writer
from bsc.form_errors import add_service_errors
from bsc.links import ANY, link_maker
from bsc.pdf import pdf_response
from bsc.tenancy import Access, collaborative_view, get_center_for_user
from bsc.uploads import serve_upload
from centers.selection import appendix_i, services
from centers.selection.forms import DecisionForm, LettersForm, PeriodForm
from centers.selection.models import OUTREACH_MATERIALS_TAG, Application, ApplicationPeriod
from centers.selection.public_views import copy_context
from centers.selection.selectors import (
    get_application,
    get_own_review,
    get_period,
    periods_visible_to,
    ranking,
    review_queue,
    reviews_visible,
)
from centers.teams.models import Center

RANKING_PAGE_SIZE = 25
QUEUE_PAGE_SIZE = 25


def public_link(request: HttpRequest, period: ApplicationPeriod) -> str:
    return request.build_absolute_uri(
        reverse(
            "centers:apply",
            kwargs={"slug": period.collaborative.slug, "apply_token": period.token},
        )
    )


@collaborative_view(permission="review_applications")
def selection_home(request: HttpRequest, access: Access) -> HttpResponse:
    form = PeriodForm(request.POST or None) if access.is_it else None
    if request.method == "POST":
        access.require("manage_selection", access.collaborative)
        if form is not None and form.is_valid():
            try:
                period = services.period_create(access=access, data=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The application period is open for set-up."))
                return redirect(
                    "centers:selection-period",
                    slug=access.collaborative.slug,
                    period=period.public_id,
                )
    periods = list(periods_visible_to(access))
    return render(
        request,
        "centers/selection/home.html",
        {"periods": periods, "form": form, "queue_count": review_queue(access).count()},
        status=400 if form is not None and form.errors else 200,
    )


def _ranking_args(request: HttpRequest) -> dict[str, Any]:
    decision = request.GET.get("decision")
    return {
        "decision": decision if decision in Application.Decision.values else None,
        "center_type": request.GET.get("type") or None,
        "flagged_only": request.GET.get("flagged") == "1",
        "sort": request.GET.get("sort", "mean"),
    }


@collaborative_view(permission="manage_selection")
def period_detail(request: HttpRequest, access: Access, period: str) -> HttpResponse:
    period_obj = get_period(access, period)
    if request.method == "POST":
        try:
            added = services.reviewers_assign(access=access, period=period_obj)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(n)d reviews assigned.") % {"n": added})
        return redirect(request.path)
    args = _ranking_args(request)
    table = ranking(access, period_obj, **args)
    # The whole pool is ranked (and exported) at once; the page shows what fits a screen.
    page = Paginator(table.rows, RANKING_PAGE_SIZE).get_page(request.GET.get("page"))
    # One address reversed for the page, each row's application put in its place.
    href = link_maker("centers:selection-application", access.collaborative.slug, ANY)
    for row in page.object_list:
        row.href = href(row.application.public_id)
    counts = period_obj.applications.aggregate(
        drafts=Count("pk", filter=Q(status=Application.Status.DRAFT)),
        accepted=Count("pk", filter=Q(decision=Application.Decision.ACCEPTED)),
    )
    filters = request.GET.copy()
    filters.pop("page", None)
    return render(
        request,
        "centers/selection/period.html",
        {
            "period": period_obj,
            "ranking": table,
            "page": page,
            "filters": filters.urlencode(),
            "args": args,
            "link": public_link(request, period_obj),
            "drafts": counts["drafts"],
            "accepted": counts["accepted"],
            # Said once for the page, not once per reviewer of every row.
            "pending_label": _("pending"),
            "hidden_label": _("Hidden until you submit your review"),
            "no_reviewers_label": _("No reviewers yet"),
            "types": Center.CenterType.choices,
            "decisions": [c for c in Application.Decision.choices if c[0]],
            "query": request.GET.urlencode(),
        },
    )


@collaborative_view(permission="manage_selection")
def ranking_csv(request: HttpRequest, access: Access, period: str) -> HttpResponse:
    period_obj = get_period(access, period)
    table = ranking(access, period_obj, **_ranking_args(request))
    stream = io.StringIO()
    writer = csv_writer(stream)
    writer.writerow(
        [
            _("Center"),
            _("Type"),
            _("Reviewer scores"),
            _("Mean"),
            _("Spread"),
            _("Large disagreement"),
            _("Readiness met"),
            _("Decision"),
        ]
    )
    for row in table.rows:
        writer.writerow(
            [
                row.application.center_name,
                row.application.center_type,
                "; ".join(
                    f"{reviewer.full_name or reviewer.email}: {score if score is not None else '-'}"
                    for reviewer, score, _submitted in row.scores
                ),
                row.mean if row.mean is not None else "",
                row.spread if row.spread is not None else "",
                _("yes") if row.flagged else "",
                f"{row.readiness_met}/{table.readiness_total}",
                row.application.decision_label,
            ]
        )
    response = HttpResponse(stream.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ranking-{period_obj.public_id}.csv"'
    return response


@collaborative_view(permission="manage_selection")
def ranking_pdf(request: HttpRequest, access: Access, period: str) -> HttpResponse:
    period_obj = get_period(access, period)
    table = ranking(access, period_obj, **_ranking_args(request))
    return pdf_response(
        request,
        "centers/selection/ranking_pdf.html",
        {"period": period_obj, "ranking": table, "collaborative": access.collaborative},
        f"ranking-{period_obj.public_id}.pdf",
        download=True,
    )


@collaborative_view(permission="review_applications")
def application_detail(request: HttpRequest, access: Access, application: str) -> HttpResponse:
    app = get_application(access, application)
    form = None
    if access.can("manage_selection", access.collaborative):
        form = DecisionForm(
            request.POST or None,
            initial={"decision": app.decision, "reason": app.decision_reason},
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.decision_record(
                    access=access,
                    application=app,
                    decision=form.cleaned_data["decision"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The decision was recorded."))
                return redirect(request.path)
    elif request.method == "POST":
        access.require("manage_selection", access.collaborative)
    own = app.reviews.filter(reviewer=access.user).first()
    return render(
        request,
        "centers/selection/application.html",
        {
            "application": app,
            "reviews": reviews_visible(access, app),
            "own_review": own,
            "criteria": list(app.period.criteria.all()),
            "form": form,
            **copy_context(app),
        },
        status=400 if form is not None and form.errors else 200,
    )


@collaborative_view(permission="review_applications")
def application_letter(request: HttpRequest, access: Access, application: str) -> HttpResponse:
    app = get_application(access, application)
    if not app.letter:
        raise Http404
    return serve_upload(
        app.letter.open("rb"), content_type="application/pdf", filename="letter-of-commitment.pdf"
    )


@collaborative_view(permission="review_applications")
def review_queue_view(request: HttpRequest, access: Access) -> HttpResponse:
    queue = review_queue(access)
    # Unsubmitted reviews come first, so the first page is what is left to do.
    page = Paginator(queue, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "centers/selection/queue.html",
        {"page": page, "to_do": queue.filter(submitted_at__isnull=True).count()},
    )


@collaborative_view(permission="review_applications")
def review_edit(request: HttpRequest, access: Access, application: str) -> HttpResponse:
    app = get_application(access, application)
    review = get_own_review(access, app)
    criteria = list(app.period.criteria.all())
    errors: dict[str, list[str]] = {}
    values = {
        "scores": dict(review.scores),
        "comments": dict(review.comments),
        "recommendation": review.recommendation,
        "verified": dict(review.readiness_verified),
    }
    if request.method == "POST":
        values = {
            "scores": {
                str(c.public_id): request.POST.get(f"score_{c.public_id}", "") for c in criteria
            },
            "comments": {
                str(c.public_id): request.POST.get(f"comment_{c.public_id}", "")[:4000]
                for c in criteria
            },
            "recommendation": request.POST.get("recommendation", ""),
            "verified": {
                item["key"]: request.POST.get(f"verify_{item['key']}") == "on"
                for item in app.period.readiness_items
            },
        }
        try:
            services.review_save(
                access=access,
                review=review,
                scores=values["scores"],
                comments=values["comments"],
                recommendation=values["recommendation"],
                readiness_verified=values["verified"],
                submit=request.POST.get("action") == "submit",
            )
        except ValidationError as error:
            errors = (
                error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            )
        else:
            messages.success(request, _("Your review was saved."))
            return redirect(
                "centers:selection-application",
                slug=access.collaborative.slug,
                application=app.public_id,
            )
    rows = []
    for criterion in criteria:
        key = str(criterion.public_id)
        levels = [
            (n, criterion.levels[n - 1] if n - 1 < len(criterion.levels) else "")
            for n in range(1, criterion.scale_max + 1)
        ]
        rows.append(
            {
                "criterion": criterion,
                "key": key,
                "levels": levels,
                "score": str(values["scores"].get(key, "")),
                "comment": values["comments"].get(key, ""),
                "errors": errors.get(f"score_{key}", []),
            }
        )
    return render(
        request,
        "centers/selection/review_form.html",
        {
            "application": app,
            "review": review,
            "rows": rows,
            "values": values,
            "errors": errors,
            "general_errors": errors.get("__all__", []),
            "recommendations": review.Recommendation.choices,
        },
        status=400 if errors else 200,
    )


@collaborative_view(permission="manage_selection")
def letters(request: HttpRequest, access: Access, period: str) -> HttpResponse:
    from centers.selection.markdown import render_markdown

    period_obj = get_period(access, period)
    form = LettersForm(request.POST or None, instance=period_obj)
    if request.method == "POST":
        if request.POST.get("action") == "send":
            sent = services.letters_send(access=access, period=period_obj)
            messages.success(request, _("%(n)d letters sent.") % {"n": sent})
            return redirect(request.path)
        if form.is_valid():
            form.save()
            messages.success(request, _("The letter templates were saved."))
            return redirect(request.path)
    decided = list(
        period_obj.applications.filter(status=Application.Status.SUBMITTED)
        .exclude(decision="")
        .order_by("decision", "center_name")
    )
    previews = [
        (
            app,
            render_markdown(app.letter_body if app.letter_sent_at else services.letter_text(app)),
        )
        for app in decided
    ]
    return render(
        request,
        "centers/selection/letters.html",
        {
            "period": period_obj,
            "form": form,
            "previews": previews,
            "unsent": sum(1 for app in decided if app.letter_sent_at is None),
        },
        status=400 if form.errors else 200,
    )


def welcome_context(access: Access, center: Center) -> dict[str, Any]:
    """Who's who, key dates, the platform and the pre-work: the guide's Welcome Packet."""
    from collaboratives.membership.models import Membership
    from collaboratives.schedule.models import Event

    members = list(
        Membership.objects.filter(collaborative=access.collaborative)
        .select_related("user", "center")
        .order_by("role", "center__name", "center_role", "user__full_name")
    )
    key_kinds = [
        Event.Kind.PRE_WORK,
        Event.Kind.LEARNING_SESSION,
        Event.Kind.ALL_TEAM_CALL,
        Event.Kind.SENIOR_LEADER_CALL,
        Event.Kind.TEAM_LEADER_CALL,
        Event.Kind.AFFINITY_CALL,
    ]
    events = list(
        Event.objects.filter(
            collaborative=access.collaborative, kind__in=key_kinds, end__gte=timezone.now()
        ).order_by("start")[:30]
    )
    teams: dict[str, list] = {}
    for member in members:
        if member.role == Membership.Role.CENTER_MEMBER and member.center is not None:
            teams.setdefault(member.center.name, []).append(member)
    return {
        "center": center,
        "it_members": [m for m in members if m.role == Membership.Role.IMPLEMENTATION_TEAM],
        "faculty": [m for m in members if m.role == Membership.Role.FACULTY],
        "teams": sorted(teams.items()),
        "events": events,
        "expectations": appendix_i.EXPECTATIONS,
        "tz": access.collaborative.timezone,
    }


@collaborative_view(permission="view_center")
def welcome_packet(request: HttpRequest, access: Access, center: str) -> HttpResponse:
    center_obj = get_center_for_user(access, center, permission="view_center")
    return render(request, "centers/selection/welcome.html", welcome_context(access, center_obj))


@collaborative_view(permission="view_center")
def welcome_packet_pdf(request: HttpRequest, access: Access, center: str) -> HttpResponse:
    center_obj = get_center_for_user(access, center, permission="view_center")
    return pdf_response(
        request,
        "centers/selection/welcome_pdf.html",
        {**welcome_context(access, center_obj), "collaborative": access.collaborative},
        f"welcome-{center_obj.slug}.pdf",
        download=True,
    )


@collaborative_view(permission="manage_selection")
def outreach(request: HttpRequest, access: Access) -> HttpResponse:
    from centers.selection.forms import OutreachForm
    from centers.selection.selectors import outreach_visible_to

    form = OutreachForm(request.POST or None, access=access)
    if request.method == "POST":
        done = request.POST.get("done")
        if done:
            contact = outreach_visible_to(access).filter(public_id=done).first()
            if contact is None:
                raise Http404
            services.outreach_step_done(access=access, contact=contact)
            return redirect(request.path)
        if form.is_valid():
            try:
                services.outreach_log(access=access, data=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The contact was logged."))
                return redirect(request.path)
    return render(
        request,
        "centers/selection/outreach.html",
        {
            "form": form,
            "contacts": list(outreach_visible_to(access)[:200]),
            "materials_url": reverse("pdsa:library", kwargs={"slug": access.collaborative.slug})
            + f"?tag={OUTREACH_MATERIALS_TAG}",
        },
        status=400 if form.errors else 200,
    )


def _posted_questions(request: HttpRequest, period: ApplicationPeriod) -> tuple[list, dict]:
    """The questions as posted: reworded, renumbered, dropped or added; with row errors."""
    from django.utils.text import slugify

    rows, errors = [], {}
    existing = {q["key"]: q for q in period.questions}
    keys = [*existing.keys(), "new"]
    for key in keys:
        prefix = f"{key}-"
        if key != "new" and request.POST.get(prefix + "remove") == "on":
            continue
        title = request.POST.get(prefix + "title", "").strip()[:200]
        prompt = request.POST.get(prefix + "prompt", "").strip()[:4000]
        if key == "new" and not title and not prompt:
            continue
        limit_text = request.POST.get(prefix + "word_limit", "").strip()
        position_text = request.POST.get(prefix + "position", "").strip()
        row = {
            "key": key,
            "part": request.POST.get(prefix + "part", "").strip()[:2]
            or existing.get(key, {}).get("part", "3"),
            "title": title,
            "prompt": prompt,
            "word_limit": limit_text,
            "required": request.POST.get(prefix + "required") == "on",
            "position": position_text,
        }
        if not title:
            errors[f"{key}-title"] = _("Give the question a title.")
        try:
            row["word_limit"] = int(limit_text) if limit_text else None
            if row["word_limit"] is not None and not 1 <= row["word_limit"] <= 5000:
                raise ValueError
        except ValueError:
            errors[f"{key}-word_limit"] = _("A word limit is a whole number from 1 to 5000.")
        try:
            row["position"] = int(position_text) if position_text else 999
        except ValueError:
            errors[f"{key}-position"] = _("The order is a whole number.")
            row["position"] = 999
        if key == "new":
            base = slugify(title).replace("-", "_")[:40] or "question"
            new_key, n = base, 2
            while new_key in existing:
                new_key, n = f"{base}_{n}", n + 1
            row["key"] = new_key
        rows.append(row)
    return rows, errors


@collaborative_view(permission="manage_selection")
def questions(request: HttpRequest, access: Access, period: str) -> HttpResponse:
    """The IT edits its questionnaire, starting from Appendix I, and the readiness checklist."""
    from django.utils.text import slugify

    period_obj = get_period(access, period)
    errors: dict[str, str] = {}
    rows = [{**q, "position": index + 1} for index, q in enumerate(period_obj.questions)]
    readiness_text = "\n".join(item["label"] for item in period_obj.readiness_items)
    if request.method == "POST":
        rows, errors = _posted_questions(request, period_obj)
        readiness_text = request.POST.get("readiness", "")[:4000]
        if not errors:
            ordered = sorted(rows, key=lambda r: r["position"])
            cleaned = [{k: v for k, v in r.items() if k != "position"} for r in ordered]
            try:
                services.questions_update(access=access, period=period_obj, questions=cleaned)
            except ValidationError as error:
                errors["questions"] = " ".join(error.messages)
            else:
                labels = [line.strip()[:300] for line in readiness_text.splitlines()]
                old = {item["label"]: item["key"] for item in period_obj.readiness_items}
                items = []
                for label in filter(None, labels):
                    key = old.get(label) or slugify(label).replace("-", "_")[:40] or "item"
                    if key not in {i["key"] for i in items}:
                        items.append({"key": key, "label": label})
                period_obj.readiness_items = items
                period_obj.save(update_fields=["readiness_items"])
                messages.success(request, _("The questions were saved."))
                return redirect(request.path)
    return render(
        request,
        "centers/selection/questions.html",
        {
            "period": period_obj,
            "rows": rows,
            "errors": errors,
            "readiness_text": readiness_text,
            "parts": appendix_i.PARTS,
        },
        status=400 if errors else 200,
    )
