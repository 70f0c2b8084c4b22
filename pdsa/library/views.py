"""The resource library: schedule and contacts on top, then curated files and links."""

import re
import uuid

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from bsc.form_errors import add_service_errors, posted_data, posted_files
from bsc.tenancy import Access, collaborative_view, members_visible_to
from bsc.uploads import serve_upload
from collaboratives.membership.models import Membership
from collaboratives.schedule.selectors import events_visible_to
from pdsa.cycles import selectors as cycles_selectors
from pdsa.discussion.forms import CommentForm
from pdsa.discussion.selectors import comments_for
from pdsa.discussion.views import _comment
from pdsa.library import selectors as library_selectors
from pdsa.library import services
from pdsa.library.forms import ResourceForm
from pdsa.library.models import NAMED_TAGS, tag_label


def _tag_choices(access: Access, current: str) -> list[tuple[str, str]]:
    """Every tag used in this library, the named ones always offered, as (value, label)."""
    seen: dict[str, str] = {tag: str(label) for tag, label in NAMED_TAGS.items()}
    for tags in access.collaborative.resources.values_list("tags", flat=True):
        for tag in tags.split(","):
            tag = tag.strip()
            if tag and tag.lower() not in seen:
                seen[tag.lower()] = tag
    if current and current.lower() not in seen:
        seen[current.lower()] = current
    return sorted(seen.items(), key=lambda item: item[1].lower())


@collaborative_view()
def library(request: HttpRequest, access: Access) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    driver = request.GET.get("driver", "")
    tag = request.GET.get("tag", "").strip()[:100]
    resources = access.collaborative.resources.prefetch_related("drivers__primary").order_by(
        "title"
    )
    if query:
        resources = resources.filter(
            Q(title__icontains=query) | Q(description__icontains=query) | Q(tags__icontains=query)
        )
    if tag:
        # Tags are stored comma-separated; match the whole tag, not a part of another one.
        resources = resources.filter(tags__iregex=rf"(^|,)\s*{re.escape(tag)}\s*(,|$)")
    if driver:
        try:
            resources = resources.filter(drivers__public_id=uuid.UUID(driver)).distinct()
        except ValueError:
            driver = ""
    # Only events the viewer is invited to (all of them for the IT): the library must not
    # reveal another group's meetings.
    events = events_visible_to(access).filter(end__gte=timezone.now()).order_by("start")[:8]
    contacts = members_visible_to(access).filter(
        role__in=[Membership.Role.IMPLEMENTATION_TEAM, Membership.Role.FACULTY]
    )
    return render(
        request,
        "pdsa/library/library.html",
        {
            "resources": resources,
            "query": query,
            "driver": driver,
            "tag": tag,
            "tags": _tag_choices(access, tag),
            "tag_name": tag_label(tag) if tag else "",
            "drivers": cycles_selectors.drivers_of(access),
            "events": events,
            "contacts": contacts,
            "can_add": access.can("add_resource"),
        },
    )


@collaborative_view(permission="add_resource")
def resource_new(request: HttpRequest, access: Access) -> HttpResponse:
    form = ResourceForm(
        posted_data(request), posted_files(request), drivers=cycles_selectors.drivers_of(access)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.resource_create(access=access, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("pdsa:library", slug=access.collaborative.slug)
    return render(request, "pdsa/library/resource_form.html", {"form": form})


@collaborative_view()
def resource_file(request: HttpRequest, access: Access, resource: uuid.UUID) -> HttpResponse:
    item = library_selectors.get_resource(access, resource)
    if not item.file:
        raise Http404
    content_type = {"pdf": "application/pdf"}.get(item.file_type, f"image/{item.file_type}")
    return serve_upload(
        item.file.open("rb"), content_type=content_type, filename=item.original_name or item.title
    )


@collaborative_view()
def resource_detail(request: HttpRequest, access: Access, resource: uuid.UUID) -> HttpResponse:
    item = library_selectors.get_resource(access, resource)
    item.collaborative = access.collaborative
    return render(
        request,
        "pdsa/library/resource.html",
        {
            "resource": item,
            "drivers": item.drivers.select_related("primary"),
            "comments": comments_for(resource=item),
            "comment_form": CommentForm(),
            "comment_url_name": "pdsa:resource-comment",
            "target": item,
        },
    )


@collaborative_view()
@require_POST
def resource_comment(request: HttpRequest, access: Access, resource: uuid.UUID) -> HttpResponse:
    item = library_selectors.get_resource(access, resource)
    item.collaborative = access.collaborative
    return _comment(request, access, item, resource=item)
