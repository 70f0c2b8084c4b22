"""The ranking table and the reviewer queue show a screenful at a time, best and to-do first."""

import re

import pytest

from centers.selection.models import Review
from centers.selection.views import QUEUE_PAGE_SIZE, RANKING_PAGE_SIZE

pytestmark = pytest.mark.django_db


def _names(html: str) -> list[str]:
    return re.findall(r'/selection/applications/[0-9a-f-]+/(?:review/)?">([^<]+)</a>', html)


def _pool(period, make_submitted, reviewer, n: int) -> list:
    criteria = list(period.criteria.all())
    applications = []
    for index in range(n):
        application = make_submitted(period, f"Pool {index:02d}")
        done = index % 3 != 0
        Review.objects.create(
            application=application,
            reviewer=reviewer,
            scores={str(c.public_id): 3 for c in criteria} if done else {},
            # Pool 01 scores highest; the higher the number, the lower the score.
            weighted_score=100 - index if done else None,
            submitted_at=application.submitted_at if done else None,
        )
        applications.append(application)
    return applications


def test_the_ranking_shows_a_page_at_a_time_best_first(
    demo, open_period, make_submitted, it_user, it_client
):
    _pool(open_period, make_submitted, it_user, RANKING_PAGE_SIZE + 5)
    url = f"/c/{demo.slug}/selection/{open_period.public_id}/"
    first = it_client.get(url).content.decode()
    names = _names(first)
    assert len(names) == RANKING_PAGE_SIZE
    assert names[0] == "Pool 01"
    assert f"Page 1 of 2 ({RANKING_PAGE_SIZE + 5} applications)" in first
    # The pool summary still counts every application, not only this page's.
    assert f"{RANKING_PAGE_SIZE + 5} submitted" in first
    assert "page=2" in first
    second = it_client.get(url, {"page": 2}).content.decode()
    assert len(_names(second)) == 5
    assert not set(_names(second)) & set(names)


def test_ranking_pages_keep_the_filters(demo, open_period, make_submitted, it_user, it_client):
    _pool(open_period, make_submitted, it_user, RANKING_PAGE_SIZE + 5)
    url = f"/c/{demo.slug}/selection/{open_period.public_id}/"
    page = it_client.get(url, {"sort": "name"}).content.decode()
    assert _names(page)[:2] == ["Pool 00", "Pool 01"]
    assert "?sort=name&amp;page=2" in page
    last = it_client.get(url, {"sort": "name", "page": 2}).content.decode()
    assert _names(last)[-1] == f"Pool {RANKING_PAGE_SIZE + 4:02d}"
    # A page past the end shows the last one rather than an error.
    assert it_client.get(url, {"sort": "name", "page": 99}).status_code == 200


def test_the_reviewer_queue_lists_what_is_left_first_a_page_at_a_time(
    demo, open_period, make_submitted, faculty_user, faculty_client
):
    _pool(open_period, make_submitted, faculty_user, QUEUE_PAGE_SIZE + 5)
    mine = Review.objects.filter(reviewer=faculty_user, application__collaborative=demo)
    total, to_do = mine.count(), mine.filter(submitted_at__isnull=True).count()
    page = faculty_client.get(f"/c/{demo.slug}/selection/reviews/").content.decode()
    assert f"{to_do} reviews to do." in page
    assert f"Page 1 of 2 ({total} reviews)" in page
    statuses = re.findall(r"<td>(To do|Submitted)", page)
    assert len(statuses) == QUEUE_PAGE_SIZE
    assert statuses == ["To do"] * to_do + ["Submitted"] * (QUEUE_PAGE_SIZE - to_do)
    more = faculty_client.get(f"/c/{demo.slug}/selection/reviews/", {"page": 2}).content.decode()
    assert "Page 2 of 2" in more
    home = faculty_client.get(f"/c/{demo.slug}/selection/").content.decode()
    assert "applications to review" in home
