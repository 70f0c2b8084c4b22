"""The shared board: feed, posts, comments, the feedback queue and faculty rotation."""

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bsc.form_errors import add_service_errors, posted_data
from bsc.options import options_html
from bsc.portal import board_panels
from bsc.tenancy import Access, centers_visible_to, collaborative_view
from collaboratives.affinity.selectors import groups_to_address
from collaboratives.framework.builtin_text import builtin_text
from collaboratives.membership.models import Membership
from pdsa.board import selectors as board_selectors
from pdsa.board import services
from pdsa.board.forms import PostForm
from pdsa.board.models import BoardEntry
from pdsa.cycles import selectors as cycles_selectors
from pdsa.cycles.models import Ramp
from pdsa.discussion.forms import CommentForm
from pdsa.discussion.selectors import comments_for
from pdsa.discussion.views import _comment

FEED_PAGE_SIZE = 20


@collaborative_view()
def board_page(request: HttpRequest, access: Access) -> HttpResponse:
    filters = {name: request.GET.get(name, "") for name in cycles_selectors.FEED_FILTERS}
    try:
        entries = board_selectors.board_feed(access, filters).values_list("pk", flat=True)
        page = Paginator(entries, FEED_PAGE_SIZE).get_page(request.GET.get("page"))
        ids = list(page.object_list)
    except ValidationError:
        # A malformed driver id in the query string: show the unfiltered feed's first page.
        filters = {}
        entries = board_selectors.board_feed(access, {}).values_list("pk", flat=True)
        page = Paginator(entries, FEED_PAGE_SIZE).get_page(1)
        ids = list(page.object_list)
    page.object_list = board_selectors.feed_lines(ids, access.collaborative.slug)
    query = request.GET.copy()
    query.pop("page", None)
    context: dict[str, Any] = {
        "page": page,
        # Once for the page, not once for each cycle of the feed that has none.
        "no_feedback_label": _("No feedback yet"),
        "filters": filters,
        "query": query.urlencode(),
        "center_options": options_html(
            centers_visible_to(access).values_list("slug", "name"), filters.get("center", "")
        ),
        # The options are read as values: an option needs an id and a label, not a model.
        "primary_options": options_html(
            (
                (public_id, f"{number}. {builtin_text(name)}")
                for public_id, number, name in cycles_selectors.primary_drivers_of(
                    access
                ).values_list("public_id", "number", "name")
            ),
            filters.get("primary", ""),
        ),
        "secondary_options": options_html(
            (
                (public_id, f"{primary}.{number} {Truncator(builtin_text(text)).chars(60)}")
                for public_id, primary, number, text in cycles_selectors.drivers_of(
                    access
                ).values_list("public_id", "primary__number", "number", "text")
            ),
            filters.get("secondary", ""),
        ),
        "statuses": Ramp.Status.choices,
        "kinds": BoardEntry.Kind.choices,
        "groups": Membership.CenterRole.choices,
        "pinned": access.collaborative.posts.filter(pinned=True)
        .select_related("author")
        .only("public_id", "title", "created_at", "author__full_name", "author__email")[:5],
    }
    if not request.htmx:
        # The feed alone is swapped in on filtering; the panels stay where they are.
        context["panels"] = board_panels(access)
    template = "pdsa/board/board.html#feed" if request.htmx else "pdsa/board/board.html"
    return render(request, template, context)


@collaborative_view()
def post_new(request: HttpRequest, access: Access) -> HttpResponse:
    groups = groups_to_address(access)
    # "Write to the group" on an affinity group's page opens the form addressed to it.
    wanted = request.GET.get("group", "")
    chosen = next((g for g in groups if str(g.public_id) == wanted), None)
    initial = {"affinity_group": chosen.pk} if chosen else {}
    form = PostForm(
        posted_data(request),
        can_announce=access.can("post_announcement"),
        groups=groups,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_create(access=access, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
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
            "comments": comments_for(post=post_obj),
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
    form = PostForm(posted_data(request), instance=post_obj, can_announce=False)
    del form.fields["kind"]
    if request.method == "POST" and form.is_valid():
        services.post_update(
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
    services.post_set_pinned(access=access, post=post_obj, pinned=request.POST.get("pinned") == "1")
    return redirect(post_obj)


@collaborative_view(permission="comment")
@require_POST
def post_comment(request: HttpRequest, access: Access, post: uuid.UUID) -> HttpResponse:
    post_obj = board_selectors.get_post(access, post)
    return _comment(request, access, post_obj, post=post_obj)
