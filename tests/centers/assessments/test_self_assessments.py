import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from centers.assessments.models import AssessmentRound, Rating, SelfAssessment
from centers.assessments.selectors import local_today
from collaboratives.framework.models import SecondaryDriver

pytestmark = pytest.mark.django_db


def _drivers(collab):
    return list(
        SecondaryDriver.objects.filter(
            primary__framework__collaborative=collab, retired_at__isnull=True
        )
        .select_related("primary")
        .order_by("primary__number", "number")
    )


def _form_data(collab, version=0, score="3", **overrides):
    data = {"version": str(version)}
    for d in _drivers(collab):
        data[f"score_{d.public_id}"] = score
        data[f"comment_{d.public_id}"] = ""
    for p in collab.framework.primary_drivers.all():
        data[f"narrative_{p.public_id}"] = "Narrative"
    data.update(overrides)
    return data


def _url(collab, center, number):
    return reverse("centers:assessment", args=[collab.slug, center.slug, number])


def test_demo_rounds_and_table_1(demo, first_center):
    rounds = list(demo.assessment_rounds.order_by("number"))
    assert [r.number for r in rounds] == [1, 2, 3]
    counts = [SelfAssessment.objects.filter(round=r, status="submitted").count() for r in rounds]
    assert counts == [8, 8, 5]
    driver3 = [d for d in _drivers(demo) if d.primary.number == 3]
    expected = [
        ("3", "2", "3"),
        ("4", "3", "3"),
        ("3", "3", "4"),
        ("4", "4", "4"),
        ("3", "2", "3"),
        ("3.5", "3.5", "4"),
    ]
    for driver, scores in zip(driver3, expected, strict=True):
        got = [
            Rating.objects.get(
                assessment__center=first_center, assessment__round=r, driver=driver
            ).score
            for r in rounds
        ]
        assert got == [Decimal(s) for s in scores]


def test_comparison_shows_table_1_and_dip_note(center_client, demo, first_center):
    response = center_client.get(reverse("centers:comparison", args=[demo.slug, first_center.slug]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Open, consistent communication with families is used." in body
    assert "not worse practice" in body
    assert "3.5" in body
    # Mean of driver 3 at LS2: (2+3+3+4+2+3.5)/6 = 2.92
    assert "2.92" in body


def test_comparison_query_count_is_fixed(
    center_client, demo, first_center, django_assert_max_num_queries
):
    url = reverse("centers:comparison", args=[demo.slug, first_center.slug])
    with django_assert_max_num_queries(14):
        center_client.get(url)


def test_heatmap_for_it_and_faculty_only(it_client, faculty_client, center_client, demo):
    url = reverse("centers:heatmap", args=[demo.slug, 2])
    response = it_client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "8 of 8 centers have submitted." in body
    assert "strength for" in body
    assert faculty_client.get(url).status_code == 200
    assert center_client.get(url).status_code == 403


def test_heatmap_queries_do_not_grow_with_centers(it_client, demo, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from centers.assessments.demo import seed_assessments
    from centers.teams.models import Center

    url = reverse("centers:heatmap", args=[demo.slug, 2])
    with CaptureQueriesContext(connection) as before:
        it_client.get(url)
    new = [
        Center.objects.create(collaborative=demo, name=f"Extra {i}", slug=f"extra-{i}")
        for i in range(12)
    ]
    seed_assessments(demo, new, [demo.assessment_rounds.get(number=2)], {2: None})
    with CaptureQueriesContext(connection) as after:
        response = it_client.get(url)
    assert "20 of 20 centers have submitted." in response.content.decode()
    assert len(after) == len(before)


def test_csv_export(it_client, center_client, demo):
    url = reverse("centers:export", args=[demo.slug, 1])
    response = it_client.get(url)
    assert response.status_code == 200
    lines = response.content.decode().strip().splitlines()
    assert lines[0].startswith("center,status,primary_driver")
    assert len(lines) == 1 + 8 * 30
    assert center_client.get(url).status_code == 403


def test_other_center_reads_submitted_only(other_center_client, demo, first_center, second_center):
    response = other_center_client.get(_url(demo, first_center, 1))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Submit assessment" not in body
    assert "Classrooms are designed in responsive ways." in body
    # Sunrise's round 3 is submitted (shared); a draft is not.
    round3 = demo.assessment_rounds.get(number=3)
    SelfAssessment.objects.filter(center=first_center, round=round3).update(status="draft")
    assert other_center_client.get(_url(demo, first_center, 3)).status_code == 403
    assert other_center_client.post(_url(demo, first_center, 3), {}).status_code == 403


def test_fill_draft_then_submit(other_center_client, demo, second_center):
    url = _url(demo, second_center, 3)
    page = other_center_client.get(url).content.decode()
    assert "Serious Challenges or Does Not Yet Exist" in page  # scoring guidelines shown
    drivers = _drivers(demo)
    data = _form_data(demo, score="")
    data[f"score_{drivers[0].public_id}"] = "2.5"
    data[f"comment_{drivers[0].public_id}"] = "Only in two rooms"
    data[f"priority_{drivers[0].public_id}"] = "on"
    data["save"] = "1"
    response = other_center_client.post(url, data)
    assert response.status_code == 302
    assessment = SelfAssessment.objects.get(center=second_center, round__number=3)
    assert assessment.status == "draft" and assessment.version == 1
    rating = assessment.ratings.get(driver=drivers[0])
    assert (rating.score, rating.comment, rating.is_priority) == (
        Decimal("2.5"),
        "Only in two rooms",
        True,
    )
    # Submitting with unscored drivers is refused.
    data["version"] = "1"
    data["submit"] = "1"
    response = other_center_client.post(url, data)
    assert response.status_code == 400
    assert "Score every secondary driver before submitting" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == "draft"
    full = _form_data(demo, version=1, score="3.5", submit="1")
    response = other_center_client.post(url, full)
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "submitted" and assessment.version == 2
    # Edits after submitting are allowed until the due date and kept in history.
    response = other_center_client.post(url, _form_data(demo, version=2, score="4", save="1"))
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "submitted" and assessment.version == 3
    assert list(assessment.revisions.values_list("version", flat=True)) == [3, 2, 1]
    assert "Version 2" in other_center_client.get(url).content.decode()


@pytest.mark.parametrize("bad", ["0", "5", "2.3", "abc", "-1", "NaN", "3.25"])
def test_bad_scores_are_rejected(other_center_client, demo, second_center, bad):
    url = _url(demo, second_center, 3)
    drivers = _drivers(demo)
    data = _form_data(demo, score="", save="1")
    data[f"score_{drivers[3].public_id}"] = bad
    response = other_center_client.post(url, data)
    assert response.status_code == 400
    assert "Enter a score from 1 to 4, in steps of 0.5" in response.content.decode()
    assert not SelfAssessment.objects.filter(center=second_center, round__number=3).exists()


def test_conflict_shows_both_versions(client_for, demo, second_center):
    from bsc.models import User

    teacher = client_for(User.objects.get(email="maple-street-teacher1@demo.test"))
    lead = client_for(User.objects.get(email="maple-street-lead@demo.test"))
    url = _url(demo, second_center, 3)
    first = _drivers(demo)[0]
    # Both open the empty form (version 0); the lead saves first.
    lead_data = _form_data(demo, score="", save="1")
    lead_data[f"score_{first.public_id}"] = "2"
    lead_data[f"comment_{first.public_id}"] = "Lead's view"
    assert lead.post(url, lead_data).status_code == 302
    mine = _form_data(demo, score="", save="1")
    mine[f"score_{first.public_id}"] = "4"
    mine[f"comment_{first.public_id}"] = "Teacher's view"
    response = teacher.post(url, mine)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else saved this assessment" in body
    assert "Lead&#x27;s view" in body and "Teacher&#x27;s view" in body
    rating = Rating.objects.get(
        assessment__center=second_center, assessment__round__number=3, driver=first
    )
    assert rating.comment == "Lead's view"  # nothing overwritten
    # The form now carries the newer version: saving again is a deliberate overwrite.
    assert 'name="version" value="1"' in body
    mine["version"] = "1"
    assert teacher.post(url, mine).status_code == 302
    rating.refresh_from_db()
    assert rating.comment == "Teacher's view"


def test_submitting_after_round_closed_is_refused(other_center_client, demo, second_center):
    round3 = demo.assessment_rounds.get(number=3)
    yesterday = local_today(demo) - datetime.timedelta(days=1)
    AssessmentRound.objects.filter(pk=round3.pk).update(
        opens_on=yesterday - datetime.timedelta(days=5), due_on=yesterday
    )
    url = _url(demo, second_center, 3)
    assert "closed on" in other_center_client.get(url).content.decode()
    response = other_center_client.post(url, _form_data(demo, submit="1"))
    assert response.status_code == 400
    assert "closed on" in response.content.decode()
    assert not SelfAssessment.objects.filter(center=second_center, round=round3).exists()


def test_rating_for_driver_of_other_collaborative_rejected(demo, second_center, other_center_user):
    from django.core.exceptions import ValidationError

    from bsc.tenancy import get_access
    from centers.assessments.services import AssessmentInput, assessment_save
    from collaboratives.framework.copying import apply_framework_data, builtin_template
    from collaboratives.framework.selectors import framework_of
    from collaboratives.membership.models import Collaborative

    riverside = Collaborative.objects.get(slug="riverside-families")
    framework = framework_of(riverside)
    if not framework.primary_drivers.exists():
        apply_framework_data(framework, builtin_template())
    foreign = _drivers(riverside)[0]
    access = get_access(other_center_user, demo.slug)
    with pytest.raises(ValidationError) as error:
        assessment_save(
            access=access,
            center=second_center,
            round_=demo.assessment_rounds.get(number=3),
            data=AssessmentInput(ratings={str(foreign.public_id): {"score": "3"}}),
            expected_version=0,
        )
    assert "not a secondary driver of this collaborative" in str(error.value)


def test_faculty_cannot_write(faculty_client, demo, second_center):
    assert faculty_client.post(_url(demo, second_center, 3), _form_data(demo)).status_code == 403


def test_outsider_404(outsider_client, demo, first_center):
    assert outsider_client.get(_url(demo, first_center, 1)).status_code == 404


def test_priority_drivers_on_center_home(center_client, demo):
    body = center_client.get(reverse("portal:collaborative", args=[demo.slug])).content.decode()
    assert "Our priority drivers" in body
    assert "Use open, consistent communication with families" in body


def test_it_manages_rounds(it_client, center_client, demo):
    url = reverse("centers:rounds", args=[demo.slug])
    assert center_client.get(url).status_code == 403
    response = it_client.post(
        url, {"name": "Extra", "opens_on": "2027-02-01", "due_on": "2027-01-01"}
    )
    assert response.status_code == 400
    assert "The due date must be on or after the opening date." in response.content.decode()
    response = it_client.post(
        url, {"name": "Extra", "opens_on": "2027-01-01", "due_on": "2027-02-01"}
    )
    assert response.status_code == 302
    assert demo.assessment_rounds.get(number=4).name == "Extra"
    response = it_client.post(url, {"action": "defaults"}, follow=True)
    assert "already has assessment rounds" in response.content.decode()


def test_default_rounds(client_for, outsider, other_collaborative):
    client = client_for(outsider)
    url = reverse("centers:rounds", args=[other_collaborative.slug])
    assert client.post(url, {"action": "defaults"}).status_code == 302
    names = list(other_collaborative.assessment_rounds.values_list("name", flat=True))
    assert names == [
        "Pre-work self-assessment",
        "Before Learning Session 2",
        "Final self-assessment",
    ]


def test_overview_page(center_client, it_client, demo):
    body = center_client.get(reverse("centers:assessments", args=[demo.slug])).content.decode()
    assert "Final self-assessment" in body
    body = it_client.get(reverse("centers:assessments", args=[demo.slug])).content.decode()
    assert "Heatmap" in body


def test_it_dashboard_shows_round_status(it_client, demo):
    body = it_client.get(reverse("portal:collaborative", args=[demo.slug])).content.decode()
    assert "5 of 8 submitted" in body
    assert "8 of 8 submitted" in body


def test_another_center_reads_each_score_comment_priority_and_narrative(
    other_center_client, demo, first_center
):
    from centers.assessments.models import DriverNarrative, Rating

    round1 = demo.assessment_rounds.get(number=1)
    assessment = SelfAssessment.objects.get(center=first_center, round=round1)
    rating = Rating.objects.filter(assessment=assessment).select_related("driver__primary")[0]
    Rating.objects.filter(assessment=assessment).update(is_priority=False)
    Rating.objects.filter(pk=rating.pk).update(
        score="2.5", comment="Shown to other teams", is_priority=True
    )
    DriverNarrative.objects.update_or_create(
        assessment=assessment, driver=rating.driver.primary, defaults={"text": "Our story"}
    )
    body = other_center_client.get(_url(demo, first_center, 1)).content.decode()
    code = f"{rating.driver.primary.number}.{rating.driver.number} "
    row = body.split(code, 1)[1].split("</tr>", 1)[0]
    assert '<span class="badge">priority</span>' in row
    assert '<td class="score">2.5</td>' in row
    assert "<td>Shown to other teams</td>" in row
    assert body.count('<span class="badge">priority</span>') == 1
    assert "<strong>Overall comments:</strong> Our story" in body
