"""In-app notifications of one collaborative and the person's e-mail choices."""

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bsc.form_errors import add_service_errors, posted_data
from bsc.models import Notification
from bsc.tenancy import Access, collaborative_view
from centers.assessments.models import SelfAssessment
from pdsa.discussion import services
from pdsa.discussion.alerts import KINDS, mark_read, mode_for
from pdsa.discussion.forms import CommentForm, NotificationSettingsForm
from pdsa.discussion.models import ChartThread, NotificationSetting
from pdsa.discussion.selectors import comments_for, get_comment

COMMENT_URL_NAMES = {
    "cycle": "pdsa:cycle-comment",
    "ramp": "pdsa:ramp-comment",
    "post": "pdsa:post-comment",
    "resource": "pdsa:resource-comment",
    "self_assessment": "pdsa:self-assessment-comment",
    "chart": "pdsa:chart-comment",
    "action_plan": "pdsa:action-plan-comment",
}


def _comments_section(
    request: HttpRequest, target: Any, target_kwargs: dict[str, Any], form: Any = None
) -> HttpResponse:
    """The comments block re-rendered for an HTMX request: the new comment, a blank form."""
    kind = next(iter(target_kwargs))
    return render(
        request,
        "pdsa/discussion/_comments.html",
        {
            "comments": comments_for(**target_kwargs),
            "comment_form": form or CommentForm(),
            "comment_url_name": COMMENT_URL_NAMES[kind],
            "target": target,
        },
    )


def _comment(request: HttpRequest, access: Access, target: Any, **target_kwargs: Any):
    form = CommentForm(request.POST)
    if form.is_valid():
        parent = None
        if form.cleaned_data.get("parent"):
            parent = get_comment(access, form.cleaned_data["parent"])
        try:
            comment = services.comment_create(
                access=access, body=form.cleaned_data["body"], parent=parent, **target_kwargs
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if request.htmx:
                return _comments_section(request, target, target_kwargs)
            return redirect(target.get_absolute_url() + f"#comment-{comment.public_id}")
    if request.htmx:
        return _comments_section(request, target, target_kwargs, form=form)
    for field_errors in form.errors.values():
        for message in field_errors:
            messages.error(request, message)
    return redirect(target.get_absolute_url())


@collaborative_view()
def comment_edit(request: HttpRequest, access: Access, comment: uuid.UUID) -> HttpResponse:
    comment_obj = get_comment(access, comment)
    access.require("edit_comment", comment_obj)
    form = CommentForm(posted_data(request), initial={"body": comment_obj.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_edit(
                access=access, comment=comment_obj, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(
                comment_obj.target.get_absolute_url() + f"#comment-{comment_obj.public_id}"
            )
    return render(
        request,
        "pdsa/discussion/comment_edit.html",
        {
            "form": form,
            "comment": comment_obj,
            "can_edit": services.comment_can_edit(access, comment_obj),
        },
    )


def _mine(access: Access):
    return Notification.objects.filter(recipient=access.user, collaborative=access.collaborative)


@collaborative_view()
def notification_list(request: HttpRequest, access: Access) -> HttpResponse:
    page = Paginator(_mine(access).order_by("-created_at"), 30).get_page(request.GET.get("page"))
    return render(request, "pdsa/discussion/notifications.html", {"page": page})


@collaborative_view()
def notification_open(
    request: HttpRequest, access: Access, notification: uuid.UUID
) -> HttpResponse:
    """Mark one notification read and go to what it is about."""
    row = _mine(access).filter(public_id=notification).first()
    if row is None:
        raise Http404
    mark_read(access.user, access.collaborative, str(row.public_id))
    # Only our own paths: a stored URL never sends anyone off-site.
    if row.url.startswith("/") and not row.url.startswith("//"):
        return redirect(row.url)
    return redirect("pdsa:notifications", slug=access.collaborative.slug)


@collaborative_view()
def unread_badge(request: HttpRequest, access: Access) -> HttpResponse:
    count = _mine(access).filter(read_at__isnull=True).count()
    return render(request, "pdsa/discussion/_notification_badge.html#badge", {"unread": count})


@collaborative_view()
@require_POST
def notifications_read(request: HttpRequest, access: Access) -> HttpResponse:
    """Mark one notification (`id`) or all of them read."""
    public_id = request.POST.get("id") or None
    if public_id is not None:
        try:
            public_id = str(uuid.UUID(public_id))
        except ValueError:
            messages.error(request, _("That notification does not exist: nothing was marked."))
            return redirect("pdsa:notifications", slug=access.collaborative.slug)
    mark_read(access.user, access.collaborative, public_id)
    return redirect("pdsa:notifications", slug=access.collaborative.slug)


@collaborative_view()
def notification_settings(request: HttpRequest, access: Access) -> HttpResponse:
    current = {kind: mode_for(access.user, kind) for kind in KINDS}
    form = NotificationSettingsForm(posted_data(request), current=current)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for kind, mode in form.modes().items():
                NotificationSetting.objects.update_or_create(
                    user=access.user, kind=kind, defaults={"mode": mode}
                )
        messages.success(request, _("Saved."))
        return redirect("pdsa:notifications", slug=access.collaborative.slug)
    return render(request, "pdsa/discussion/notification_settings.html", {"form": form})


@collaborative_view()
@require_POST
def chart_comment(request: HttpRequest, access: Access, thread: uuid.UUID) -> HttpResponse:
    """A reply in the discussion of a center's chart for a month."""
    chart = (
        ChartThread.objects.select_related("center__collaborative", "metric")
        .filter(center__collaborative=access.collaborative, public_id=thread)
        .first()
    )
    if chart is None:
        raise Http404
    return _comment(request, access, chart, chart=chart)


def _self_assessment(access: Access, assessment: uuid.UUID) -> SelfAssessment:
    item = (
        SelfAssessment.objects.select_related("center__collaborative", "round")
        .filter(center__collaborative=access.collaborative, public_id=assessment)
        .first()
    )
    if item is None:
        raise Http404
    access.require("view_self_assessment", item)
    return item


@collaborative_view()
def self_assessment_discussion(
    request: HttpRequest, access: Access, assessment: uuid.UUID
) -> HttpResponse:
    item = _self_assessment(access, assessment)
    return render(
        request,
        "pdsa/discussion/self_assessment.html",
        {
            "assessment": item,
            "comments": comments_for(self_assessment=item),
            "comment_form": CommentForm(),
            "comment_url_name": COMMENT_URL_NAMES["self_assessment"],
            "target": item,
        },
    )


@collaborative_view()
@require_POST
def self_assessment_comment(
    request: HttpRequest, access: Access, assessment: uuid.UUID
) -> HttpResponse:
    item = _self_assessment(access, assessment)
    return _comment(request, access, item, self_assessment=item)
