"""Page cost must not grow with the number of centers, ramps, cycles or posts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from centers.teams.models import Center
from collaboratives.framework.models import SecondaryDriver
from pdsa.board.models import BoardEntry, Post
from pdsa.coaching.models import FacultyAssignment
from pdsa.cycles.models import Cycle, Ramp
from pdsa.discussion.models import Comment
from pdsa.library.models import Resource

pytestmark = pytest.mark.django_db


def _count(client, url: str) -> int:
    # Warm what a page keeps between views (stamped parts of the homes): the count is that
    # of a view whose data did not change since the last one, before and after the growth.
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _grow(demo, faculty_user, center_user, first_center) -> None:
    driver = SecondaryDriver.objects.filter(primary__framework__collaborative=demo).first()
    for index in range(6):
        center = Center.objects.create(
            collaborative=demo, name=f"Extra {index}", slug=f"extra-{index}"
        )
        FacultyAssignment.objects.create(
            collaborative=demo, period=2, center=center, faculty=faculty_user
        )
        for target in (center, first_center):
            ramp = Ramp.objects.create(center=target, title=f"More {index}")
            ramp.secondary_drivers.add(driver)
            for number in range(1, 4):
                cycle = Cycle.objects.create(ramp=ramp, number=number, objective="x")
                BoardEntry.objects.create(
                    collaborative=demo,
                    kind="cycle",
                    cycle=cycle,
                    center=target,
                    updated_at=cycle.created_at,
                )
                Comment.objects.create(
                    collaborative=demo, cycle=cycle, author=faculty_user, body="c"
                )
        post = Post.objects.create(
            collaborative=demo, author=center_user, title=f"P{index}", body="b"
        )
        BoardEntry.objects.create(
            collaborative=demo, kind="post", post=post, updated_at=post.created_at
        )
        resource = Resource.objects.create(
            collaborative=demo, title=f"R{index}", url="https://x.org"
        )
        resource.drivers.add(driver)


PAGES = [
    "/c/bsc-sel/board/",
    "/c/bsc-sel/board/?no_feedback=1",
    "/c/bsc-sel/board/?group=team_leader",
    "/c/bsc-sel/pdsa/",
    "/c/bsc-sel/pdsa/centers/sunrise/",
    "/c/bsc-sel/feedback/",
    "/c/bsc-sel/faculty-assignments/",
    "/c/bsc-sel/resources/",
    "/c/bsc-sel/",
]


def test_page_queries_do_not_grow_with_data(
    it_client, faculty_client, faculty_user, center_user, first_center, demo
):
    clients = {"it": it_client, "faculty": faculty_client}
    before = {(who, url): _count(c, url) for who, c in clients.items() for url in PAGES}
    _grow(demo, faculty_user, center_user, first_center)
    after = {(who, url): _count(c, url) for who, c in clients.items() for url in PAGES}
    assert after == before


def test_ramp_and_cycle_pages_do_not_grow_with_comments(
    center_client, faculty_user, first_center, demo
):
    cycle = Cycle.objects.filter(ramp__center=first_center).order_by("pk").first()
    urls = [
        f"/c/bsc-sel/pdsa/cycles/{cycle.public_id}/",
        f"/c/bsc-sel/pdsa/ramps/{cycle.ramp.public_id}/",
    ]
    before = [_count(center_client, u) for u in urls]
    for index in range(5):
        top = Comment.objects.create(
            collaborative=demo, cycle=cycle, author=faculty_user, body=f"{index}"
        )
        Comment.objects.create(
            collaborative=demo, cycle=cycle, author=faculty_user, body="r", parent=top
        )
        Comment.objects.create(collaborative=demo, ramp=cycle.ramp, author=faculty_user, body="r")
        Cycle.objects.create(ramp=cycle.ramp, number=50 + index, objective="more")
    assert [_count(center_client, u) for u in urls] == before
