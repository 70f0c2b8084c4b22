import pytest

from pdsa.cycles.models import Cycle, Ramp

pytestmark = pytest.mark.django_db


def _ramp(center) -> Ramp:
    return Ramp.objects.filter(center=center).order_by("pk").first()


def _cycle(center) -> Cycle:
    return Cycle.objects.filter(ramp__center=center).order_by("pk").first()


def test_quick_start_creates_ramp_and_first_plan(center_client, first_center):
    response = center_client.post(
        "/c/bsc-sel/pdsa/quick-start/",
        {
            "title": "Calm-down corner",
            "objective": "Try a calm-down corner with one child at arrival.",
            "prediction": "He will use it twice this week.",
            "who": "Ms. Ana",
            "when": "Monday to Wednesday",
            "scale": "one_child",
        },
    )
    ramp = Ramp.objects.get(center=first_center, title="Calm-down corner")
    cycle = ramp.cycles.get()
    assert response.status_code == 302
    assert response["Location"] == f"/c/bsc-sel/pdsa/cycles/{cycle.public_id}/"
    assert cycle.number == 1 and cycle.stage == Cycle.Stage.DO
    assert cycle.scale == "one_child" and cycle.plan_saved_at is not None
    page = center_client.get(response["Location"]).content.decode()
    assert "Try a calm-down corner with one child at arrival." in page


def test_quick_start_refuses_an_empty_objective(center_client, first_center):
    before = Ramp.objects.count()
    response = center_client.post(
        "/c/bsc-sel/pdsa/quick-start/",
        {"title": "Nothing planned", "objective": "   ", "scale": "one_child"},
    )
    assert response.status_code == 200
    assert "Say what this cycle is meant to find out." in response.content.decode()
    assert Ramp.objects.count() == before


def test_new_cycle_plan_refuses_an_empty_objective(center_client, first_center):
    ramp = _ramp(first_center)
    response = center_client.post(
        f"/c/bsc-sel/pdsa/ramps/{ramp.public_id}/cycles/new/",
        {"objective": "", "scale": "one_child"},
    )
    assert response.status_code == 200
    assert "Say what this cycle is meant to find out." in response.content.decode()


def test_quick_start_is_for_center_members_only(faculty_client, it_client, outsider_client):
    assert faculty_client.get("/c/bsc-sel/pdsa/quick-start/").status_code == 403
    assert it_client.get("/c/bsc-sel/pdsa/quick-start/").status_code == 403
    assert outsider_client.get("/c/bsc-sel/pdsa/quick-start/").status_code == 404


def test_stages_are_saved_one_at_a_time(center_client, first_center):
    ramp = _ramp(first_center)
    center_client.post(
        f"/c/bsc-sel/pdsa/ramps/{ramp.public_id}/cycles/new/",
        {"objective": "Test a song before clean-up", "scale": "one_classroom"},
    )
    cycle = ramp.cycles.order_by("-number").first()
    url = f"/c/bsc-sel/pdsa/cycles/{cycle.public_id}"
    response = center_client.post(f"{url}/do/", {"what_happened": "We sang it three times."})
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.what_happened == "We sang it three times."
    assert cycle.stage == Cycle.Stage.STUDY and cycle.study_saved_at is None
    center_client.post(f"{url}/study/", {"results": "Faster than predicted", "learned": "Sing"})
    cycle.refresh_from_db()
    assert cycle.stage == Cycle.Stage.ACT and cycle.objective == "Test a song before clean-up"
    center_client.post(f"{url}/act/", {"decision": "adopt", "next_step": "Use it every day"})
    cycle.refresh_from_db()
    assert cycle.stage == Cycle.Stage.DONE and not cycle.is_incomplete
    assert "Stage: Done" in center_client.get(f"{url}/").content.decode()


def test_act_without_study_is_saved_but_flagged_incomplete(center_client, first_center):
    cycle = Cycle.objects.filter(ramp__center=first_center, study_saved_at__isnull=True).first()
    response = center_client.post(
        f"/c/bsc-sel/pdsa/cycles/{cycle.public_id}/act/",
        {"decision": "adapt", "next_step": "Try it at lunch"},
        follow=True,
    )
    cycle.refresh_from_db()
    assert cycle.act_saved_at is not None and cycle.is_incomplete
    assert "Incomplete: acted on without a Study" in response.content.decode()


def test_act_requires_a_decision(center_client, first_center):
    cycle = _cycle(first_center)
    response = center_client.post(f"/c/bsc-sel/pdsa/cycles/{cycle.public_id}/act/", {})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()


def test_act_can_start_the_next_cycle_pre_filled(center_client, first_center):
    ramp = Ramp.objects.create(center=first_center, title="Visual timer")
    first = Cycle.objects.create(
        ramp=ramp, number=1, objective="Use a timer", who="Ms. Rosa", scale="one_child"
    )
    response = center_client.post(
        f"/c/bsc-sel/pdsa/cycles/{first.public_id}/act/",
        {"decision": "adopt", "next_step": "Use the timer with the whole room", "start_next": "on"},
    )
    second = ramp.cycles.get(number=2)
    assert response.status_code == 302
    assert response["Location"] == f"/c/bsc-sel/pdsa/cycles/{second.public_id}/plan/"
    assert second.objective == "Use the timer with the whole room"
    assert second.who == "Ms. Rosa"
    assert second.scale == "one_teacher"  # adopting grows the scale one step


def test_another_center_reads_but_cannot_edit(other_center_client, first_center):
    ramp, cycle = _ramp(first_center), _cycle(first_center)
    assert other_center_client.get(f"/c/bsc-sel/pdsa/ramps/{ramp.public_id}/").status_code == 200
    assert other_center_client.get(f"/c/bsc-sel/pdsa/cycles/{cycle.public_id}/").status_code == 200
    assert (
        other_center_client.get(f"/c/bsc-sel/pdsa/ramps/{ramp.public_id}/edit/").status_code == 403
    )
    response = other_center_client.post(
        f"/c/bsc-sel/pdsa/cycles/{cycle.public_id}/do/", {"what_happened": "hijacked"}
    )
    assert response.status_code == 403
    cycle.refresh_from_db()
    assert cycle.what_happened != "hijacked"


def test_faculty_reads_everything_but_never_edits_a_cycle(faculty_client, first_center):
    cycle = _cycle(first_center)
    assert faculty_client.get(f"/c/bsc-sel/pdsa/cycles/{cycle.public_id}/").status_code == 200
    assert faculty_client.get("/c/bsc-sel/pdsa/centers/sunrise/").status_code == 200
    response = faculty_client.post(
        f"/c/bsc-sel/pdsa/cycles/{cycle.public_id}/plan/", {"objective": "x", "scale": "one_child"}
    )
    assert response.status_code == 403


def test_outsider_gets_404(outsider_client, first_center):
    ramp, cycle = _ramp(first_center), _cycle(first_center)
    for url in [
        f"/c/bsc-sel/pdsa/ramps/{ramp.public_id}/",
        f"/c/bsc-sel/pdsa/cycles/{cycle.public_id}/",
        "/c/bsc-sel/pdsa/centers/sunrise/",
    ]:
        assert outsider_client.get(url).status_code == 404


def test_unknown_stage_is_404(center_client, first_center):
    cycle = _cycle(first_center)
    assert center_client.get(f"/c/bsc-sel/pdsa/cycles/{cycle.public_id}/done/").status_code == 404


def test_center_page_groups_ramps_by_primary_driver(center_client):
    page = center_client.get("/c/bsc-sel/pdsa/centers/sunrise/").content.decode()
    assert "3. Family Partnership" in page
    assert "5. Organizational Capacity and Support" in page
    assert "Family communication log" in page


def test_ramp_timeline_shows_cycles_with_growing_scale(center_client, first_center):
    ramp = (
        Ramp.objects.filter(center__collaborative__slug="bsc-sel", cycles__number=3)
        .distinct()
        .first()
    )
    page = center_client.get(f"/c/bsc-sel/pdsa/ramps/{ramp.public_id}/").content.decode()
    assert page.index("One child") < page.index("One teacher") < page.index("One classroom")


def test_steal_shamelessly_copies_with_origin_and_adapted_by(center_client, second_center):
    origin = Ramp.objects.filter(center=second_center, cycles__isnull=False).first()
    response = center_client.post(f"/c/bsc-sel/pdsa/ramps/{origin.public_id}/copy/")
    copy = Ramp.objects.get(origin=origin)
    assert response.status_code == 302
    assert copy.center.slug == "sunrise" and copy.title == origin.title
    assert copy.cycles.get().objective == origin.cycles.order_by("number").first().objective
    copy_page = center_client.get(f"/c/bsc-sel/pdsa/ramps/{copy.public_id}/").content.decode()
    assert "Adapted from" in copy_page and second_center.name in copy_page
    origin_page = center_client.get(f"/c/bsc-sel/pdsa/ramps/{origin.public_id}/").content.decode()
    assert "Adapted by" in origin_page and "Sunrise Child Development Center" in origin_page


def test_faculty_cannot_copy_a_ramp(faculty_client, second_center):
    origin = Ramp.objects.filter(center=second_center).first()
    assert faculty_client.post(f"/c/bsc-sel/pdsa/ramps/{origin.public_id}/copy/").status_code == 403


def test_ramp_edit_links_drivers(center_client, first_center, demo):
    from collaboratives.framework.models import SecondaryDriver

    ramp = _ramp(first_center)
    driver = SecondaryDriver.objects.get(
        primary__framework__collaborative=demo, primary__number=1, number=2
    )
    response = center_client.post(
        f"/c/bsc-sel/pdsa/ramps/{ramp.public_id}/edit/",
        {
            "title": "Renamed",
            "change_idea": "",
            "status": "spreading",
            "secondary_drivers": [driver.pk],
        },
    )
    assert response.status_code == 302
    ramp.refresh_from_db()
    assert ramp.title == "Renamed" and ramp.status == "spreading"
    assert list(ramp.secondary_drivers.all()) == [driver]


def test_demo_gives_every_center_two_to_four_ramps(demo):
    for center in demo.centers.all():
        ramps = Ramp.objects.filter(center=center)
        assert 2 <= ramps.count() <= 4
        for ramp in ramps:
            assert 1 <= ramp.cycles.count() <= 5
            assert ramp.secondary_drivers.exists()
