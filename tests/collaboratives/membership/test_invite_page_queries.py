"""The invite page's query count does not grow with open invitations or role changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bsc.models import User
from collaboratives.membership.models import Invitation, Membership

pytestmark = pytest.mark.django_db


def _grow(demo, n: int, start: int) -> None:
    sunrise = demo.centers.get(slug="sunrise")
    for i in range(start, start + n):
        Invitation.objects.create(
            collaborative=demo,
            email=f"open-{i}@ex.org",
            role="center_member",
            center=sunrise,
            center_role="teacher",
        )
        user = User.objects.create_user(f"member-{i}@ex.org")
        Membership.objects.create(user=user, collaborative=demo, role="faculty")
        Invitation.objects.create(
            collaborative=demo,
            email=user.email,
            role="implementation_team",
            accepted_at=timezone.now(),
            accepted_by=user,
            role_change_pending=True,
        )


def test_invite_page_queries_do_not_grow(it_client, demo):
    _grow(demo, 2, 0)
    with CaptureQueriesContext(connection) as before:
        first = it_client.get(f"/c/{demo.slug}/members/invite/")
    _grow(demo, 15, 100)
    with CaptureQueriesContext(connection) as after:
        second = it_client.get(f"/c/{demo.slug}/members/invite/")

    assert second.content.decode().count('id="role-change-') == 17
    assert first.status_code == second.status_code == 200
    assert len(after) == len(before)
