"""Evaluation pages: the IT's builder, the attendee's form, results with PDF and CSV."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bsc.exports import csv_writer
from bsc.form_errors import add_service_errors
from bsc.pdf import pdf_response
from bsc.tenancy import Access, collaborative_view
from collaboratives.evaluations import selectors, services
from collaboratives.evaluations.charts import diverging_bar
from collaboratives.evaluations.forms import EvaluationForm, posted_answers
from collaboratives.evaluations.items import SCALE
from collaboratives.evaluations.models import Evaluation
from collaboratives.schedule.models import Event
from collaboratives.schedule.views import get_event


def _session_events(access: Access) -> list[Event]:
    return list(
        Event.objects.filter(
            collaborative=access.collaborative,
            kind__in=[Event.Kind.PRE_WORK, Event.Kind.LEARNING_SESSION],
            cancelled=False,
        )
        .select_related("evaluation__roll")
        .order_by("start")
    )


@collaborative_view(permission="view_evaluation_results")
def evaluation_list(request: HttpRequest, access: Access) -> HttpResponse:
    rows = []
    for event in _session_events(access):
        evaluation = getattr(event, "evaluation", None)
        rows.append(
            {
                "event": event,
                "evaluation": evaluation,
                "responses": len(evaluation.roll.user_ids) if evaluation else 0,
            }
        )
    return render(
        request,
        "collaboratives/evaluations/list.html",
        {"rows": rows, "can_manage": access.can("manage_evaluations")},
    )


@collaborative_view(permission="manage_evaluations")
def evaluation_edit(request: HttpRequest, access: Access, event: Any) -> HttpResponse:
    event = get_event(access, event)
    evaluation = Evaluation.objects.filter(event=event).select_related("roll").first()
    if evaluation is None:
        return render(
            request,
            "collaboratives/evaluations/start.html",
            {"event": event, "previous": services.previous_evaluation(event)},
        )
    form = EvaluationForm.for_evaluation(evaluation, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_update(
                access=access,
                evaluation=evaluation,
                items_text=form.cleaned_data["items"],
                introduction=form.cleaned_data["introduction"],
                min_responses=form.cleaned_data["min_responses"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Evaluation saved."))
            return redirect("collaboratives:evaluation", access.collaborative.slug, event.public_id)
    return render(
        request,
        "collaboratives/evaluations/edit.html",
        {
            "event": event,
            "evaluation": evaluation,
            "form": form,
            "responses": len(evaluation.roll.user_ids),
            "locked": bool(evaluation.roll.user_ids),
        },
        status=400 if form.errors else 200,
    )


@collaborative_view(permission="manage_evaluations")
@require_POST
def evaluation_create(request: HttpRequest, access: Access, event: Any) -> HttpResponse:
    event = get_event(access, event)
    try:
        services.evaluation_create(
            access=access, event=event, source=request.POST.get("source", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("collaboratives:evaluation", access.collaborative.slug, event.public_id)


@collaborative_view(permission="view_collaborative")
def evaluation_respond(request: HttpRequest, access: Access, event: Any) -> HttpResponse:
    event = get_event(access, event)
    evaluation = selectors.get_evaluation(access, event)
    refusal = services.response_refusal(evaluation, access.user)
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST" and refusal is None:
        try:
            services.evaluation_respond(
                access=access,
                evaluation=evaluation,
                answers=posted_answers(request.POST, evaluation.items),
            )
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
            status = 400
        except PermissionDenied as error:
            refusal, status = str(error), 400
        else:
            messages.success(request, _("Thank you: your answers are in, with no name on them."))
            return redirect("portal:collaborative", access.collaborative.slug)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "collaboratives/evaluations/respond.html",
        {
            "event": event,
            "evaluation": evaluation,
            "refusal": refusal,
            "errors": errors,
            "form_errors": errors.get("", []),
            "data": request.POST,
            "scale": SCALE,
        },
        status=status,
    )


def _results_context(access: Access, event: Any) -> dict[str, Any]:
    event = get_event(access, event)
    evaluation = selectors.get_evaluation(access, event)
    results = selectors.evaluation_results(evaluation)
    for item in results.items:
        if item.item["kind"] == "scale":
            item.chart = diverging_bar(item.distribution)
    return {"event": event, "evaluation": evaluation, "results": results, "scale": SCALE}


@collaborative_view(permission="view_evaluation_results")
def evaluation_results(request: HttpRequest, access: Access, event: Any) -> HttpResponse:
    return render(
        request, "collaboratives/evaluations/results.html", _results_context(access, event)
    )


@collaborative_view(permission="view_evaluation_results")
def evaluation_results_pdf(request: HttpRequest, access: Access, event: Any) -> HttpResponse:
    context = {
        **_results_context(access, event),
        "collaborative": access.collaborative,
        "printed": timezone.now(),
    }
    return pdf_response(
        request,
        "collaboratives/evaluations/results_pdf.html",
        context,
        f"{access.collaborative.slug}-evaluation-{context['event'].public_id}.pdf",
    )


@collaborative_view(permission="view_evaluation_results")
def evaluation_export(request: HttpRequest, access: Access, event: Any) -> HttpResponse:
    event = get_event(access, event)
    evaluation = selectors.get_evaluation(access, event)
    if len(evaluation.roll.user_ids) < evaluation.min_responses:
        messages.error(request, _("The answers are held back until enough people have answered."))
        return redirect(
            "collaboratives:evaluation-results", access.collaborative.slug, event.public_id
        )
    header, rows = selectors.response_rows(evaluation)
    stream = io.StringIO()
    writer = csv_writer(stream)
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse(stream.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"{access.collaborative.slug}-evaluation-responses.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
