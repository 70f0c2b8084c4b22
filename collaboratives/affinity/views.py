"""Affinity groups: the list, one group's members, leads and calls, and the IT's edits."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from bsc.form_errors import add_service_errors, posted_data
from bsc.tenancy import Access, collaborative_view
from collaboratives.affinity import selectors, services
from collaboratives.affinity.forms import AffinityGroupForm


@collaborative_view()
def group_list(request: HttpRequest, access: Access) -> HttpResponse:
    mine = {g.pk for g in selectors.my_groups(access)}
    return render(
        request,
        "collaboratives/affinity/groups.html",
        {
            "groups": selectors.groups_of(access),
            "mine": mine,
            "can_manage": access.can("manage_collaborative"),
        },
    )


@collaborative_view()
def group_detail(request: HttpRequest, access: Access, group: uuid.UUID) -> HttpResponse:
    item = selectors.get_group(access, group)
    now = timezone.now()
    calls = list(selectors.calls_of(item).select_related("series"))
    return render(
        request,
        "collaboratives/affinity/group.html",
        {
            "group": item,
            "members": selectors.members_of(item),
            "upcoming": [c for c in calls if c.end >= now],
            "past": [c for c in calls if c.end < now][::-1],
            # The group's board channel: the shared board filtered to the group.
            "channel_url": reverse("pdsa:board", args=[access.collaborative.slug])
            + f"?group={item.center_role}",
            "can_manage": access.can("manage_collaborative"),
            "can_write": access.can("comment")
            and item.pk in {g.pk for g in selectors.groups_to_address(access)},
        },
    )


def _form(request: HttpRequest, access: Access, group=None) -> AffinityGroupForm:  # noqa: ANN001
    return AffinityGroupForm(
        posted_data(request), instance=group, collaborative=access.collaborative
    )


@collaborative_view(permission="manage_collaborative")
def group_new(request: HttpRequest, access: Access) -> HttpResponse:
    form = _form(request, access)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_save(access=access, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(group)
    return render(request, "collaboratives/affinity/group_form.html", {"form": form})


@collaborative_view(permission="manage_collaborative")
def group_edit(request: HttpRequest, access: Access, group: uuid.UUID) -> HttpResponse:
    item = selectors.get_group(access, group)
    form = _form(request, access, item)
    if request.method == "POST" and form.is_valid():
        try:
            services.group_save(access=access, group=item, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(item)
    return render(request, "collaboratives/affinity/group_form.html", {"form": form, "group": item})
