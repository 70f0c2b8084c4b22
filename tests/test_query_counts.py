"""Page query counts do not grow with the size of the collaborative."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bsc.models import User
from centers.teams.models import Center
from collaboratives.membership.models import Membership

PAGES = [
    "/c/bsc-sel/",
    "/c/bsc-sel/members/",
    "/c/bsc-sel/centers/",
    "/c/bsc-sel/centers/sunrise/",
    "/api/v1/collaboratives/",
    "/api/v1/collaboratives/bsc-sel/memberships/",
    "/api/v1/collaboratives/bsc-sel/centers/",
]
ROLES = ["it", "faculty", "center", "leader"]


def _grow(collaborative, centers: int = 20) -> None:
    for n in range(centers):
        center = Center.objects.create(
            collaborative=collaborative, slug=f"extra-{n}", name=f"Extra Center {n}"
        )
        for role in ["senior_leader", "team_leader", "teacher", "teacher", "family_representative"]:
            user = User.objects.create_user(f"extra-{n}-{role}-{User.objects.count()}@ex.org")
            Membership.objects.create(
                user=user,
                collaborative=collaborative,
                role="center_member",
                center=center,
                center_role=role,
            )
    for n in range(10):
        Membership.objects.create(
            user=User.objects.create_user(f"extra-faculty-{n}@ex.org"),
            collaborative=collaborative,
            role="faculty",
        )
    # A page of results is capped, so the API sees the growth in counts, not rows.


def _count(client, url: str) -> int:
    client.get(url)  # warm per-process caches (content types, translations)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("role", ROLES)
def test_query_counts_do_not_grow_with_data(
    role, demo, it_client, faculty_client, center_client, leader_client
):
    client = {"it": it_client, "faculty": faculty_client, "center": center_client}.get(
        role, leader_client
    )
    before = {url: _count(client, url) for url in PAGES}
    _grow(demo)
    after = {url: _count(client, url) for url in PAGES}
    assert after == before
    # A home gathers several panels and its "What to do now" list; each costs a fixed
    # number of queries.
    assert max(before.values()) <= 30
