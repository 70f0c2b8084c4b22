"""The one way to reach tenant data.

Every view, API endpoint, task and report gets its collaborative through `get_access` and its
objects through the selectors and lookups here (or in an app's selectors, which start from an
`Access`). A person who is not a member gets the same 404 as for an object that does not
exist, so an outsider cannot learn that it does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, wraps
from typing import TYPE_CHECKING, Any, TypeVar

import rules
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from bsc.i18n import use_collaborative_language
from centers.teams.models import Center
from collaboratives.membership.models import Collaborative, Membership

if TYPE_CHECKING:
    from bsc.models import User

T = TypeVar("T")


@dataclass(frozen=True)
class Access:
    """What one signed-in person may do in one collaborative: resolved once per request."""

    user: User
    collaborative: Collaborative
    membership: Membership
    # Values several home panels need, computed once per request (an Access lives as long
    # as its request).
    _once: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    def once(self, key: Any, compute: Callable[[], T]) -> T:
        """`compute()`'s value, computed the first time `key` is asked for in this request."""
        if key not in self._once:
            self._once[key] = compute()
        return self._once[key]

    @property
    def role(self) -> str:
        return self.membership.role

    @property
    def is_it(self) -> bool:
        return self.membership.role == Membership.Role.IMPLEMENTATION_TEAM

    @property
    def is_faculty(self) -> bool:
        return self.membership.role == Membership.Role.FACULTY

    @property
    def is_center_member(self) -> bool:
        return self.membership.role == Membership.Role.CENTER_MEMBER

    @property
    def is_senior_leader(self) -> bool:
        return (
            self.is_center_member
            and self.membership.center_role == Membership.CenterRole.SENIOR_LEADER
        )

    @property
    def center(self) -> Center | None:
        return self.membership.center if self.is_center_member else None

    @property
    def center_id(self) -> int | None:
        return self.membership.center_id if self.is_center_member else None

    @cached_property
    def portal(self) -> str:
        """Which home this person gets: it, faculty, senior_leader or center."""
        if self.is_it:
            return "it"
        if self.is_faculty:
            return "faculty"
        if self.is_senior_leader:
            return "senior_leader"
        return "center"

    def can(self, permission: str, obj: Any = None) -> bool:
        return rules.test_rule(permission, self, obj)

    def require(self, permission: str, obj: Any = None) -> None:
        """Refuse a member who lacks the permission (they already know the object exists)."""
        if not self.can(permission, obj):
            raise PermissionDenied(permission)


def collaboratives_for(user: User) -> QuerySet[Collaborative]:
    """Collaboratives the person belongs to, in every organization."""
    if not user.is_authenticated:
        return Collaborative.objects.none()
    return (
        Collaborative.objects.filter(memberships__user=user)
        .select_related("organization")
        .distinct()
    )


def memberships_for(user: User) -> QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related(
        "collaborative", "collaborative__organization", "center"
    )


def get_access(user: User, slug: str) -> Access:
    """The person's access to the collaborative `slug`, or 404 if they are not a member."""
    if not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.select_related("collaborative", "collaborative__organization", "center")
        .filter(user=user, collaborative__slug=slug)
        .first()
    )
    if membership is None:
        raise Http404
    return Access(user=user, collaborative=membership.collaborative, membership=membership)


def centers_visible_to(access: Access) -> QuerySet[Center]:
    """Every center of the collaborative: members see each other's shared work."""
    return Center.objects.filter(collaborative=access.collaborative)


def get_center_for_user(access: Access, center_slug: str, permission: str | None = None) -> Center:
    """One center of the access's collaborative (404 otherwise), checked for `permission`."""
    center = centers_visible_to(access).filter(slug=center_slug).first()
    if center is None:
        raise Http404
    center.collaborative = access.collaborative
    if permission:
        access.require(permission, center)
    return center


def members_visible_to(access: Access) -> QuerySet[Membership]:
    return Membership.objects.filter(collaborative=access.collaborative).select_related(
        "user", "center"
    )


def get_object_in_collaborative(
    access: Access, queryset: QuerySet[T], permission: str | None = None, **lookup: Any
) -> T:
    """Fetch one object of `queryset` that belongs to the access's collaborative, else 404.

    `queryset` must be a model with a `collaborative` field, or pass the path in `lookup`
    through `collaborative_path`.
    """
    path = lookup.pop("collaborative_path", "collaborative")
    obj = queryset.filter(**{path: access.collaborative}, **lookup).first()
    if obj is None:
        raise Http404
    if permission:
        access.require(permission, obj)
    return obj


class AccessRequest(HttpRequest):
    """A request to a collaborative page: carries the resolved access."""

    access: Access


def collaborative_view(
    permission: str | None = None,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Resolve the `slug` URL argument into `request.access` (404 for outsiders).

    The wrapped view is called as `view(request, access, **other_kwargs)`; with `permission`,
    a member without it gets 403.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            access = get_access(request.user, slug)
            if permission:
                access.require(permission, access.collaborative)
            request.access = access  # type: ignore[attr-defined]
            use_collaborative_language(request, access.collaborative)
            return view(request, access, *args, **kwargs)

        return wrapper

    return decorator
