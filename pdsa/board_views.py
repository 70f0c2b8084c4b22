"""The shared board: feed, posts, comments, the feedback queue and faculty rotation."""

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bsc.tenancy import Access, centers_visible_to, collaborative_view, members_visible_to
from collaboratives.models import Membership

from . import board, selectors
from .forms import AssignmentForm, BoardSettingsForm, CommentForm, PostForm
from .models import BoardEntry, Ramp
from .views import _apply_errors, _posted

FEED_PAGE_SIZE = 20


@collaborative_view()
def board_page(request: HttpRequest, access: Access) -> HttpResponse:
    filters = {name: request.GET.get(name, "") for name in selectors.FEED_FILTERS}
    try:
        entries = selectors.board_feed(access, filters)
        page = Paginator(entries, FEED_PAGE_SIZE).get_page(request.GET.get("page"))
    except ValidationError:
        # A malformed driver id in the query string: show the unfiltered feed's first page.
        filters = {}
        page = Paginator(selectors.board_feed(access, {}), FEED_PAGE_SIZE).get_page(1)
    query = request.GET.copy()
    query.pop("page", None)
    context: dict[str, Any] = {
        "page": page,
        "filters": filters,
        "query": query.urlencode(),
        "centers": centers_visible_to(access).only("slug", "name"),
        "primaries": selectors.primary_drivers_of(access),
        "secondaries": selectors.drivers_of(access),
        "statuses": Ramp.Status.choices,
        "kinds": BoardEntry.Kind.choices,
        "groups": Membership.CenterRole.choices,
        "pinned": access.collaborative.posts.filter(pinned=True).select_related("author")[:5],
    }
    template = "pdsa/board.html#feed" if request.htmx else "pdsa/board.html"
    return render(request, template, context)


@collaborative_view()
def post_new(request: HttpRequest, access: Access) -> HttpResponse:
    form = PostForm(_posted(request), can_announce=access.can("post_announcement"))
    if request.method == "POST" and form.is_valid():
        try:
            post = board.post_create(access=access, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return redirect(post)
    return render(request, "pdsa/post_form.html", {"form": form})


@collaborative_view()
def post_detail(request: HttpRequest, access: Access, post: uuid.UUID) -> HttpResponse:
    post_obj = selectors.get_post(access, post)
    return render(
        request,
        "pdsa/post.html",
        {
            "post": post_obj,
            "comments": selectors.comments_for(post=post_obj),
            "comment_form": CommentForm(),
            "comment_url_name": "pdsa:post-comment",
            "target": post_obj,
            "can_edit": access.can("change_own_content", post_obj),
            "can_pin": access.can("pin_post"),
        },
    )


@collaborative_view()
def post_edit(request: HttpRequest, access: Access, post: uuid.UUID) -> HttpResponse:
    post_obj = selectors.get_post(access, post, permission="change_own_content")
    form = PostForm(_posted(request), instance=post_obj, can_announce=False)
    del form.fields["kind"]
    if request.method == "POST" and form.is_valid():
        board.post_update(
            access=access,
            post=post_obj,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
        )
        return redirect(post_obj)
    return render(request, "pdsa/post_form.html", {"form": form, "post": post_obj})


@collaborative_view(permission="pin_post")
@require_POST
def post_pin(request: HttpRequest, access: Access, post: uuid.UUID) -> HttpResponse:
    post_obj = selectors.get_post(access, post)
    board.post_set_pinned(access=access, post=post_obj, pinned=request.POST.get("pinned") == "1")
    return redirect(post_obj)


COMMENT_URL_NAMES = {
    "cycle": "pdsa:cycle-comment",
    "ramp": "pdsa:ramp-comment",
    "post": "pdsa:post-comment",
}


def _comments_section(
    request: HttpRequest, target: Any, target_kwargs: dict[str, Any], form: Any = None
) -> HttpResponse:
    """The comments block re-rendered for an HTMX request: the new comment, a blank form."""
    kind = next(iter(target_kwargs))
    return render(
        request,
        "pdsa/_comments.html",
        {
            "comments": selectors.comments_for(**target_kwargs),
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
            parent = selectors.get_comment(access, form.cleaned_data["parent"])
        try:
            comment = board.comment_create(
                access=access, body=form.cleaned_data["body"], parent=parent, **target_kwargs
            )
        except ValidationError as error:
            _apply_errors(form, error)
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


@collaborative_view(permission="comment")
@require_POST
def cycle_comment(request: HttpRequest, access: Access, cycle: uuid.UUID) -> HttpResponse:
    cycle_obj = selectors.get_cycle(access, cycle)
    return _comment(request, access, cycle_obj, cycle=cycle_obj)


@collaborative_view(permission="comment")
@require_POST
def ramp_comment(request: HttpRequest, access: Access, ramp: uuid.UUID) -> HttpResponse:
    ramp_obj = selectors.get_ramp(access, ramp)
    return _comment(request, access, ramp_obj, ramp=ramp_obj)


@collaborative_view(permission="comment")
@require_POST
def post_comment(request: HttpRequest, access: Access, post: uuid.UUID) -> HttpResponse:
    post_obj = selectors.get_post(access, post)
    return _comment(request, access, post_obj, post=post_obj)


@collaborative_view()
def comment_edit(request: HttpRequest, access: Access, comment: uuid.UUID) -> HttpResponse:
    comment_obj = selectors.get_comment(access, comment)
    access.require("edit_comment", comment_obj)
    form = CommentForm(_posted(request), initial={"body": comment_obj.body})
    if request.method == "POST" and form.is_valid():
        try:
            board.comment_edit(access=access, comment=comment_obj, body=form.cleaned_data["body"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return redirect(
                comment_obj.target.get_absolute_url() + f"#comment-{comment_obj.public_id}"
            )
    return render(
        request,
        "pdsa/comment_edit.html",
        {
            "form": form,
            "comment": comment_obj,
            "can_edit": board.comment_can_edit(access, comment_obj),
        },
    )


@collaborative_view(permission="view_feedback_queue")
def feedback_queue(request: HttpRequest, access: Access) -> HttpResponse:
    cycles = selectors.feedback_queue(access)
    page = Paginator(cycles, 50).get_page(request.GET.get("page"))
    settings_form = None
    if access.can("manage_collaborative"):
        settings_form = BoardSettingsForm(
            _posted(request),
            initial={"feedback_after_days": selectors.feedback_after_days(access)},
        )
        if request.method == "POST" and settings_form.is_valid():
            board.board_settings_update(
                access=access,
                feedback_after_days=settings_form.cleaned_data["feedback_after_days"],
            )
            messages.success(request, _("Saved."))
            return redirect("pdsa:feedback-queue", slug=access.collaborative.slug)
    return render(
        request,
        "pdsa/feedback_queue.html",
        {
            "page": page,
            "days": selectors.feedback_after_days(access),
            "settings_form": settings_form,
        },
    )


@collaborative_view()
def assignments(request: HttpRequest, access: Access) -> HttpResponse:
    access.require("review_center_work")
    centers = list(centers_visible_to(access))
    faculty = [m.user for m in members_visible_to(access).filter(role=Membership.Role.FACULTY)]
    form = None
    if access.can("manage_faculty_assignments"):
        from bsc.models import User

        form = AssignmentForm(
            _posted(request),
            centers=centers_visible_to(access),
            faculty=User.objects.filter(pk__in=[u.pk for u in faculty]),
        )
        if request.method == "POST" and form.is_valid():
            try:
                _assignment, repeats = board.assignment_set(access=access, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                if repeats:
                    messages.warning(
                        request,
                        _(
                            "Saved, but this coach also had this center in the previous "
                            "Action Period. Rotating brings fresh eyes, spreads faculty "
                            "expertise and builds relationships across centers."
                        ),
                    )
                else:
                    messages.success(request, _("Saved."))
                return redirect("pdsa:assignments", slug=access.collaborative.slug)
    elif request.method == "POST":
        access.require("manage_faculty_assignments")
    periods, rows, repeats = selectors.rotation(access, centers)
    return render(
        request,
        "pdsa/assignments.html",
        {"periods": periods, "rows": rows, "repeats": repeats, "form": form},
    )
