"""The discussion of one center's chart of one metric for one month: comments as on the board
(threaded, @mentions), and faculty feedback through the feedback queue."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from bsc.tenancy import Access, collaborative_view, get_center_for_user
from metrics.values.models import month_label
from metrics.values.selectors import metric_from_url
from metrics.values.validation import collaborative_months, parse_month
from pdsa.discussion import services as discussion_services
from pdsa.discussion.forms import CommentForm
from pdsa.discussion.models import ChartThread
from pdsa.discussion.selectors import comments_for


@collaborative_view()
def chart_discussion(
    request: HttpRequest, access: Access, center: str, metric: str, month: str
) -> HttpResponse:
    center_obj = get_center_for_user(access, center, permission="view_center")
    metric_obj = metric_from_url(access, metric)
    try:
        chosen = parse_month(month)
    except ValueError as error:
        raise Http404 from error
    months = collaborative_months(access.collaborative)
    if chosen not in months:
        raise Http404
    thread = ChartThread.objects.filter(center=center_obj, metric=metric_obj, month=chosen).first()
    form = CommentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                if thread is None:
                    try:
                        with transaction.atomic():
                            thread = ChartThread.objects.create(
                                center=center_obj, metric=metric_obj, month=chosen
                            )
                    except IntegrityError:
                        thread = ChartThread.objects.get(
                            center=center_obj, metric=metric_obj, month=chosen
                        )
                comment = discussion_services.comment_create(
                    access=access, body=form.cleaned_data["body"], chart=thread
                )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            return redirect(request.path + f"#comment-{comment.public_id}")
    index = months.index(chosen)
    return render(
        request,
        "metrics/charts/discussion.html",
        {
            "center": center_obj,
            "metric": metric_obj,
            "month": chosen,
            "month_label": month_label(chosen),
            "previous": month_label(months[index - 1]) if index > 0 else "",
            "next": month_label(months[index + 1]) if index + 1 < len(months) else "",
            "thread": thread,
            "comments": comments_for(chart=thread) if thread else [],
            "comment_form": form,
            "comment_url_name": "pdsa:chart-comment",
            "target": thread,
            "value": center_obj.metric_values.filter(metric=metric_obj, month=chosen).first(),
        },
    )
