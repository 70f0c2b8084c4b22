"""Reads and pure rules of the timeline: who an event is for, recurrences, clashes.

Selectors take their scope (an `Access` or a collaborative) as a required argument.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from collaboratives.membership.models import Membership
from collaboratives.schedule.models import Event

if TYPE_CHECKING:
    from bsc.tenancy import Access


def audience_q(audience: str, center_role: str = "", center_id: int | None = None) -> Q:
    """Memberships in an audience (a Q over Membership)."""
    role = Membership.Role
    if audience == Event.Audience.EVERYONE:
        return Q(pk__isnull=False)  # not Q(): OR-ed with an empty Q it would vanish
    if audience == Event.Audience.CENTER_TEAMS:
        return Q(role=role.CENTER_MEMBER)
    if audience == Event.Audience.AFFINITY_GROUP:
        return Q(role=role.CENTER_MEMBER, center_role=center_role)
    if audience == Event.Audience.FACULTY:
        return Q(role=role.FACULTY)
    if audience == Event.Audience.IMPLEMENTATION_TEAM:
        return Q(role=role.IMPLEMENTATION_TEAM)
    if audience == Event.Audience.CENTER:
        return Q(role=role.CENTER_MEMBER, center_id=center_id)
    return Q(pk__in=[])


def in_audience(membership: Membership, audience: str, center_role: str, center_id: Any) -> bool:
    """Whether one membership is in an audience (the same rule as `audience_q`, in Python)."""
    role = Membership.Role
    if audience == Event.Audience.EVERYONE:
        return True
    if audience == Event.Audience.CENTER_TEAMS:
        return membership.role == role.CENTER_MEMBER
    if audience == Event.Audience.AFFINITY_GROUP:
        return membership.role == role.CENTER_MEMBER and membership.center_role == center_role
    if audience == Event.Audience.FACULTY:
        return membership.role == role.FACULTY
    if audience == Event.Audience.IMPLEMENTATION_TEAM:
        return membership.role == role.IMPLEMENTATION_TEAM
    if audience == Event.Audience.CENTER:
        return membership.role == role.CENTER_MEMBER and membership.center_id == center_id
    return False


def audience_members(event: Event | Any) -> QuerySet[Membership]:
    """Memberships of everyone invited: the audience and the facilitators."""
    base = Membership.objects.filter(collaborative_id=event.collaborative_id)
    q = audience_q(event.audience, event.audience_center_role, event.audience_center_id)
    if getattr(event, "pk", None):
        q |= Q(user__in=event.facilitators.all())
    return base.filter(q).select_related("user", "center").distinct()


def _invited_q(access: Access) -> Q:
    membership = access.membership
    role = Membership.Role
    q = Q(audience=Event.Audience.EVERYONE) | Q(facilitators=access.user)
    if membership.role == role.CENTER_MEMBER:
        q |= Q(audience=Event.Audience.CENTER_TEAMS)
        q |= Q(audience=Event.Audience.AFFINITY_GROUP, audience_center_role=membership.center_role)
        q |= Q(audience=Event.Audience.CENTER, audience_center_id=membership.center_id)
    elif membership.role == role.FACULTY:
        q |= Q(audience=Event.Audience.FACULTY)
    elif membership.role == role.IMPLEMENTATION_TEAM:
        q |= Q(audience=Event.Audience.IMPLEMENTATION_TEAM)
    return q


def events_visible_to(access: Access) -> QuerySet[Event]:
    """Events a person may see: the IT sees every event, others those they are invited to."""
    events = Event.objects.filter(collaborative=access.collaborative)
    if access.is_it:
        return events
    return events.filter(
        pk__in=Event.objects.filter(collaborative=access.collaborative)
        .filter(_invited_q(access))
        .values("pk")
    )


def events_invited(access: Access) -> QuerySet[Event]:
    """A person's own calendar: the events they are invited to or facilitate (the IT can see
    every event, but its calendar holds only its own)."""
    return Event.objects.filter(
        pk__in=Event.objects.filter(collaborative=access.collaborative)
        .filter(_invited_q(access))
        .values("pk")
    )


# The events whose agenda a theme of the Implementation Team can feed: the Learning Sessions
# and the calls with the center teams, faculty or an affinity group.
AGENDA_EVENT_KINDS = (
    Event.Kind.LEARNING_SESSION,
    Event.Kind.ALL_TEAM_CALL,
    Event.Kind.AFFINITY_CALL,
    Event.Kind.SENIOR_LEADER_CALL,
    Event.Kind.TEAM_LEADER_CALL,
    Event.Kind.FAMILY_PARTNER_CALL,
    Event.Kind.FACULTY_CALL,
)


def upcoming_agenda_events(access: Access, limit: int | None = 12) -> QuerySet[Event]:
    """The next calls and Learning Sessions of the collaborative, soonest first."""
    events = Event.objects.filter(
        collaborative=access.collaborative,
        kind__in=AGENDA_EVENT_KINDS,
        cancelled=False,
        start__gt=timezone.now(),
    ).order_by("start", "pk")
    return events[:limit] if limit else events
