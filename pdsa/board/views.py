"""The shared board: feed, posts, comments, the feedback queue and faculty rotation."""

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from bsc.tenancy import Access, centers_visible_to, collaborative_view
from collaboratives.membership.models import Membership
from pdsa.board import selectors as board_selectors
from pdsa.board import services as board
from pdsa.board.forms import CommentForm, PostForm
from pdsa.board.models import BoardEntry
from pdsa.cycles import selectors as cycles_selectors
from pdsa.cycles.models import Ramp
from pdsa.cycles.views import _apply_errors, _posted

FEED_PAGE_SIZE = 20


@collaborative_view()
def board_page(request: HttpRequest, access: Access) -> HttpResponse:
    filters = {name: request.GET.get(name, "") for name in cycles_selectors.FEED_FILTERS}
    try:
        entries = board_selectors.board_feed(access, filters)
        page = Paginator(entries, FEED_PAGE_SIZE).get_page(request.GET.get("page"))
    except ValidationError:
        # A malformed driver id in the query string: show the unfiltered feed's first page.
        filters = {}
        page = Paginator(board_selectors.board_feed(access, {}), FEED_PAGE_SIZE).get_page(1)
    query = request.GET.copy()
    query.pop("page", None)
    context: dict[str, Any] = {
        "page": page,
        "filters": filters,
        "query": query.urlencode(),
        "centers": centers_visible_to(access).only("slug", "name"),
        "primaries": cycles_selectors.primary_drivers_of(access),
        "secondaries": cycles_selectors.drivers_of(access),
        "statuses": Ramp.Status.choices,
        "kinds": BoardEntry.Kind.choices,
        "groups": Membership.CenterRole.choices,
        "pinned": access.collaborative.posts.filter(pinned=True).select_related("author")[:5],
    }
    template = "pdsa/board/board.html#feed" if request.htmx else "pdsa/board/board.html"
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
    return render(request, "pdsa/board/post_form.html", {"form": form})


@collaborative_view()
def post_detail(request: HttpRequest, access: Access, post: uuid.UUID) -> HttpResponse:
    post_obj = board_selectors.get_post(access, post)
    return render(
        request,
        "pdsa/board/post.html",
        {
            "post": post_obj,
            "comments": board_selectors.comments_for(post=post_obj),
            "comment_form": CommentForm(),
            "comment_url_name": "pdsa:post-comment",
            "target": post_obj,
            "can_edit": access.can("change_own_content", post_obj),
            "can_pin": access.can("pin_post"),
        },
    )


@collaborative_view()
def post_edit(request: HttpRequest, access: Access, post: uuid.UUID) -> HttpResponse:
    post_obj = board_selectors.get_post(access, post, permission="change_own_content")
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
    return render(request, "pdsa/board/post_form.html", {"form": form, "post": post_obj})


@collaborative_view(permission="pin_post")
@require_POST
def post_pin(request: HttpRequest, access: Access, post: uuid.UUID) -> HttpResponse:
    post_obj = board_selectors.get_post(access, post)
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
        "pdsa/board/_comments.html",
        {
            "comments": board_selectors.comments_for(**target_kwargs),
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
            parent = board_selectors.get_comment(access, form.cleaned_data["parent"])
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
    cycle_obj = cycles_selectors.get_cycle(access, cycle)
    return _comment(request, access, cycle_obj, cycle=cycle_obj)


@collaborative_view(permission="comment")
@require_POST
def ramp_comment(request: HttpRequest, access: Access, ramp: uuid.UUID) -> HttpResponse:
    ramp_obj = cycles_selectors.get_ramp(access, ramp)
    return _comment(request, access, ramp_obj, ramp=ramp_obj)


@collaborative_view(permission="comment")
@require_POST
def post_comment(request: HttpRequest, access: Access, post: uuid.UUID) -> HttpResponse:
    post_obj = board_selectors.get_post(access, post)
    return _comment(request, access, post_obj, post=post_obj)


@collaborative_view()
def comment_edit(request: HttpRequest, access: Access, comment: uuid.UUID) -> HttpResponse:
    comment_obj = board_selectors.get_comment(access, comment)
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
        "pdsa/board/comment_edit.html",
        {
            "form": form,
            "comment": comment_obj,
            "can_edit": board.comment_can_edit(access, comment_obj),
        },
    )
