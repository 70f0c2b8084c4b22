"""Reads of affinity groups: members, leads and the calls addressed to each group."""

from __future__ import annotations

import uuid

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from bsc.tenancy import Access
from collaboratives.affinity.models import AffinityGroup
from collaboratives.membership.models import Membership
from collaboratives.schedule.models import Event


def groups_of(access: Access) -> QuerySet[AffinityGroup]:
    """Every group of the collaborative (every member may see who is in which group), with
    its member count."""
    members = (
        Membership.objects.filter(
            collaborative=OuterRef("collaborative"),
            role=Membership.Role.CENTER_MEMBER,
            center_role=OuterRef("center_role"),
        )
        .order_by()
        .values("center_role")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        AffinityGroup.objects.filter(collaborative=access.collaborative)
        .select_related("faculty_lead", "it_lead")
        .annotate(member_count=Coalesce(Subquery(members), 0))
        .order_by("name")
    )


def get_group(access: Access, public_id: uuid.UUID | str) -> AffinityGroup:
    group = groups_of(access).filter(public_id=public_id).first()
    if group is None:
        raise Http404
    group.collaborative = access.collaborative
    return group


def members_of(group: AffinityGroup) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(
            collaborative_id=group.collaborative_id,
            role=Membership.Role.CENTER_MEMBER,
            center_role=group.center_role,
        )
        .select_related("user", "center")
        .order_by("center__name", "user__full_name")
    )


def calls_of(group: AffinityGroup) -> QuerySet[Event]:
    """The events addressed to the group: its call series and one-off calls."""
    return Event.objects.filter(
        collaborative_id=group.collaborative_id,
        audience=Event.Audience.AFFINITY_GROUP,
        audience_center_role=group.center_role,
    ).order_by("start")


def my_groups(access: Access) -> list[AffinityGroup]:
    """The groups the person is in (by role) or co-leads."""
    groups = groups_of(access)
    mine = []
    for group in groups:
        if (
            access.is_center_member and access.membership.center_role == group.center_role
        ) or access.user.pk in (group.faculty_lead_id, group.it_lead_id):
            mine.append(group)
    return mine


def groups_to_address(access: Access) -> list[AffinityGroup]:
    """The groups the person may address a board post to: every group for the Implementation
    Team and faculty, otherwise the groups the person is in or co-leads."""
    if access.is_it or access.is_faculty:
        return list(groups_of(access))
    return my_groups(access)
