"""load_demo: creates the BSC-SEL collaborative and the Riverside tenant; idempotent."""

import pytest
from django.apps import apps
from django.core.management import call_command

from bsc.demo import DEMO_LOGINS, DEMO_PASSWORD
from bsc.models import User
from collaboratives.membership.models import Collaborative, Membership, Organization

pytestmark = pytest.mark.django_db


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if not model._meta.label.startswith(("sessions.", "axes."))
    }


def test_running_twice_changes_nothing():
    before = _row_counts()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _row_counts() == before


def test_bsc_sel_as_the_field_guide_describes(demo):
    assert demo.organization.name == "Culture of Continuous Learning"
    members = Membership.objects.filter(collaborative=demo)
    assert members.filter(role="implementation_team").count() == 4
    assert members.filter(role="faculty").count() == 5
    assert demo.centers.count() == 8
    assert {c.center_type for c in demo.centers.all()} >= {"head_start", "stand_alone"}
    for center in demo.centers.all():
        roles = sorted(center.memberships.values_list("center_role", flat=True))
        assert roles == [
            "family_representative",
            "senior_leader",
            "teacher",
            "teacher",
            "team_leader",
        ], center.slug
    titles = " ".join(members.filter(role="faculty").values_list("title", flat=True)).lower()
    for kind in ["teacher", "parent", "director", "policymaker", "pyramid model trainer"]:
        assert kind in titles
    assert members.filter(role="implementation_team", is_it_senior_leader=True).count() == 1


def test_second_organization_with_its_own_people(other_collaborative):
    assert other_collaborative.organization.name == "Riverside Early Learning Network"
    assert Organization.objects.count() == 2
    sel_people = set(
        Membership.objects.filter(collaborative__slug="bsc-sel").values_list("user", flat=True)
    )
    riverside_people = set(other_collaborative.memberships.values_list("user", flat=True))
    assert riverside_people and sel_people.isdisjoint(riverside_people)
    assert Collaborative.objects.count() == 2


@pytest.mark.parametrize(
    ("email", "slug", "role", "center", "center_role"),
    [
        ("it@demo.test", "bsc-sel", "implementation_team", None, ""),
        ("faculty@demo.test", "bsc-sel", "faculty", None, ""),
        ("center@demo.test", "bsc-sel", "center_member", "sunrise", "team_leader"),
        ("leader@demo.test", "bsc-sel", "center_member", "sunrise", "senior_leader"),
        ("other@demo.test", "riverside-families", "implementation_team", None, ""),
    ],
)
def test_fixed_demo_logins(email, slug, role, center, center_role):
    user = User.objects.get(email=email)
    assert user.check_password(DEMO_PASSWORD)
    (membership,) = Membership.objects.filter(user=user)
    assert membership.collaborative.slug == slug
    assert membership.role == role
    assert (membership.center.slug if membership.center else None) == center
    assert membership.center_role == center_role
    assert email in dict(DEMO_LOGINS)
