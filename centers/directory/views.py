from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bsc.tenancy import Access, centers_visible_to, collaborative_view, get_center_for_user
from centers.assessments.selectors import priority_drivers
from centers.selection.selectors import applications_visible_to


@collaborative_view()
def center_list(request: HttpRequest, access: Access) -> HttpResponse:
    centers = centers_visible_to(access).annotate(member_count=Count("memberships"))
    return render(
        request,
        "centers/directory/list.html",
        {"centers": centers, "can_add": access.can("change_center_profile")},
    )


@collaborative_view()
def center_detail(request: HttpRequest, access: Access, center: str) -> HttpResponse:
    center_obj = get_center_for_user(access, center, permission="view_center")
    members = center_obj.memberships.select_related("user").order_by("center_role")
    return render(
        request,
        "centers/directory/detail.html",
        {
            "center": center_obj,
            "members": members,
            "can_invite": access.can("invite_members"),
            "can_edit_team": access.can("change_center_team", center_obj),
            "can_edit_profile": access.can("change_center_profile", center_obj),
            "priorities": priority_drivers(access, center_obj),
            # Faculty read the application to get to know the center.
            "application": applications_visible_to(access)
            .filter(center=center_obj)
            .only("public_id")
            .first(),
        },
    )
