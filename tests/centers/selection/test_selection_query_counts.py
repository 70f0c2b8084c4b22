"""The ranking table and the reviewer queue cost the same whatever the number of applications."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from centers.selection.models import Review

pytestmark = pytest.mark.django_db


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _grow(period, make_submitted, reviewers, n: int, start: int) -> None:
    criteria = list(period.criteria.all())
    for index in range(start, start + n):
        application = make_submitted(period, f"Grown {index}")
        for offset, reviewer in enumerate(reviewers):
            done = (index + offset) % 2 == 0
            Review.objects.create(
                application=application,
                reviewer=reviewer,
                scores={str(c.public_id): 3 for c in criteria} if done else {},
                weighted_score=3 if done else None,
                submitted_at=application.submitted_at if done else None,
                readiness_verified={"pyramid_training": True},
            )


def test_ranking_and_queue_do_not_grow(
    demo, open_period, make_submitted, it_user, faculty_user, it_client, faculty_client
):
    reviewers = [it_user, faculty_user]
    _grow(open_period, make_submitted, reviewers, 2, 0)
    ranking_url = f"/c/{demo.slug}/selection/{open_period.public_id}/"
    queue_url = f"/c/{demo.slug}/selection/reviews/"
    csv_url = f"{ranking_url}ranking.csv"
    before = [
        _count(it_client, ranking_url),
        _count(faculty_client, queue_url),
        _count(it_client, csv_url),
    ]
    _grow(open_period, make_submitted, reviewers, 12, 2)
    after = [
        _count(it_client, ranking_url),
        _count(faculty_client, queue_url),
        _count(it_client, csv_url),
    ]
    assert after == before
