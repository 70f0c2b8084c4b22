"""Reviewer assignment, blindness until one's own review is submitted, and the ranking."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from bsc.tenancy import get_access
from centers.selection import services
from centers.selection.models import Review
from centers.selection.selectors import ranking
from collaboratives.membership.models import Membership

pytestmark = pytest.mark.django_db


def _scores(period, *values):
    return {str(c.public_id): v for c, v in zip(period.criteria.all(), values, strict=True)}


def test_two_reviewers_per_application_spread_over_it_and_faculty(
    it_access, open_period, make_submitted
):
    for n in range(6):
        make_submitted(open_period, f"Center {n}")
    added = services.reviewers_assign(access=it_access, period=open_period)
    assert added == 12
    reviews = Review.objects.filter(application__period=open_period)
    for application in open_period.applications.all():
        assert application.reviews.count() == 2
    roles = set(
        Membership.objects.filter(
            collaborative=open_period.collaborative, user__in=reviews.values("reviewer")
        ).values_list("role", flat=True)
    )
    assert roles == {"implementation_team", "faculty"}
    # Nobody gets more than their share: 12 reviews over 9 reviewers.
    loads = [
        reviews.filter(reviewer=r).count() for r in set(reviews.values_list("reviewer", flat=True))
    ]
    assert max(loads) - min(loads) <= 1
    # Assigning again adds nobody.
    assert services.reviewers_assign(access=it_access, period=open_period) == 0


def test_weighted_score_arithmetic(open_period):
    criteria = list(open_period.criteria.all())
    # Weights 2, 2, 1, 1, 1, 1: (4*2 + 3*2 + 2 + 2 + 1 + 4) / 8 = 23 / 8 = 2.875
    scores = _scores(open_period, 4, 3, 2, 2, 1, 4)
    assert services.weighted_score(scores, criteria) == Decimal("2.88")
    del scores[str(criteria[0].public_id)]
    assert services.weighted_score(scores, criteria) is None


def _two_reviews(open_period, submitted, it_user, faculty_user):
    first = Review.objects.create(application=submitted, reviewer=it_user)
    second = Review.objects.create(application=submitted, reviewer=faculty_user)
    return first, second


def test_reviewers_are_blind_until_they_submit(
    submitted, open_period, it_user, faculty_user, it_client, faculty_client, demo
):
    first, second = _two_reviews(open_period, submitted, it_user, faculty_user)
    it = get_access(it_user, demo.slug)
    services.review_save(
        access=it,
        review=first,
        scores=_scores(open_period, 4, 4, 4, 4, 4, 4),
        comments={str(open_period.criteria.first().public_id): "Outstanding director letter"},
        recommendation="accept",
        submit=True,
    )
    url = f"/c/{demo.slug}/selection/applications/{submitted.public_id}/"
    page = faculty_client.get(url).content.decode()
    assert "Outstanding director letter" not in page
    assert "shown once you submit yours" in page
    # The ranking hides the row from a reviewer who has not submitted.
    faculty = get_access(faculty_user, demo.slug)
    row = ranking(faculty, open_period).rows[0]
    assert row.hidden and row.mean is None
    services.review_save(
        access=faculty,
        review=second,
        scores=_scores(open_period, 2, 2, 2, 2, 2, 2),
        comments={},
        recommendation="waitlist",
        submit=True,
    )
    page = faculty_client.get(url).content.decode()
    assert "Outstanding director letter" in page
    # The API hides the same way.
    api = faculty_client.get(
        f"/api/v1/collaboratives/{demo.slug}/applications/{submitted.public_id}/"
    )
    assert len(api.json()["reviews"]) == 2


def test_ranking_mean_spread_and_flag(submitted, open_period, it_user, faculty_user, demo):
    first, second = _two_reviews(open_period, submitted, it_user, faculty_user)
    for access_user, review, value in ((it_user, first, 4), (faculty_user, second, 2)):
        services.review_save(
            access=get_access(access_user, demo.slug),
            review=review,
            scores=_scores(open_period, *[value] * 6),
            comments={},
            recommendation="accept",
            readiness_verified={"pyramid_training": True},
            submit=True,
        )
    table = ranking(get_access(it_user, demo.slug), open_period)
    row = table.rows[0]
    assert [score for _r, score, _s in row.scores] == [Decimal("4.00"), Decimal("2.00")]
    assert row.mean == Decimal("3.00")
    assert row.spread == Decimal("2.00")
    assert row.flagged
    # Applicant said yes to both readiness items; a reviewer verified one.
    assert (row.readiness_met, table.readiness_total) == (1, 2)
    assert table.mix["communities"] == [("rural", 1)]


def test_a_submitted_review_is_final_and_scores_are_checked(submitted, it_user, demo, open_period):
    review = Review.objects.create(application=submitted, reviewer=it_user)
    it = get_access(it_user, demo.slug)
    with pytest.raises(ValidationError) as error:
        services.review_save(
            access=it,
            review=review,
            scores=_scores(open_period, 5, 1, 1, 1, 1, 1),
            comments={},
            recommendation="accept",
            submit=True,
        )
    assert "Choose a score from 1 to 4." in str(error.value)
    services.review_save(
        access=it,
        review=review,
        scores=_scores(open_period, 1, 1, 1, 1, 1, 1),
        comments={},
        recommendation="decline",
        submit=True,
    )
    with pytest.raises(ValidationError):
        services.review_save(
            access=it, review=review, scores={}, comments={}, recommendation="", submit=False
        )


def test_review_page_keeps_scores_on_error(submitted, it_user, it_client, demo, open_period):
    Review.objects.create(application=submitted, reviewer=it_user)
    criterion = open_period.criteria.first()
    url = f"/c/{demo.slug}/selection/applications/{submitted.public_id}/review/"
    assert it_client.get(url).status_code == 200
    response = it_client.post(
        url,
        {
            f"score_{criterion.public_id}": "3",
            f"comment_{criterion.public_id}": "Good",
            "action": "submit",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Give a score for this criterion." in body
    assert "Give a recommendation." in body
    assert ">Good</textarea>" in body
    assert 'value="3" checked' in body


def test_who_may_see_selection_pages(
    submitted, open_period, demo, it_client, faculty_client, center_client, outsider_client
):
    ranking_url = f"/c/{demo.slug}/selection/{open_period.public_id}/"
    assert it_client.get(ranking_url).status_code == 200
    assert faculty_client.get(ranking_url).status_code == 403
    assert center_client.get(ranking_url).status_code == 403
    app_url = f"/c/{demo.slug}/selection/applications/{submitted.public_id}/"
    assert faculty_client.get(app_url).status_code == 200
    assert center_client.get(app_url).status_code == 403
    assert outsider_client.get(app_url).status_code == 404
    assert faculty_client.post(app_url, {"decision": "accepted"}).status_code == 403


def test_ranking_csv(submitted, open_period, it_client, demo):
    submitted.center_name = "=HYPERLINK(1)"
    submitted.save()
    response = it_client.get(f"/c/{demo.slug}/selection/{open_period.public_id}/ranking.csv")
    assert response.status_code == 200
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("Center,Type,Reviewer scores,Mean")
    assert lines[1].startswith("'=HYPERLINK(1)")
    pdf = it_client.get(f"/c/{demo.slug}/selection/{open_period.public_id}/ranking.pdf")
    assert pdf.content.startswith(b"%PDF")


def test_ranking_filters_and_sorts(open_period, it_access, make_submitted, it_client, demo):
    make_submitted(open_period, "Beta").decision = ""
    alpha = make_submitted(open_period, "Alpha")
    alpha.decision = "declined"
    alpha.save()
    names = [r.application.center_name for r in ranking(it_access, open_period, sort="name").rows]
    assert names == ["Alpha", "Beta"]
    declined = ranking(it_access, open_period, decision="declined").rows
    assert [r.application.center_name for r in declined] == ["Alpha"]
    page = it_client.get(f"/c/{demo.slug}/selection/{open_period.public_id}/?decision=declined")
    assert "Alpha" in page.content.decode() and "Beta</a>" not in page.content.decode()
