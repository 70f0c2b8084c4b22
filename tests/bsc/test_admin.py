"""Org admins manage their own organizations in the Django admin and see no other tenant."""

import pytest
from django.core import mail

from bsc.models import User
from collaboratives.membership.models import Collaborative, Invitation, Membership, Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def org_admin(demo):
    user = User.objects.create_user("orgadmin@example.org", "org-admin-pass-1", is_staff=True)
    demo.organization.admins.add(user)
    return user


@pytest.fixture
def org_admin_client(client_for, org_admin):
    return client_for(org_admin)


def test_superuser_sees_every_organization(client_for):
    admin = User.objects.create_superuser("root@example.org", "root-pass-123")
    body = client_for(admin).get("/admin/collaboratives/organization/").content.decode()
    assert "Culture of Continuous Learning" in body
    assert "Riverside Early Learning Network" in body


@pytest.mark.parametrize(
    "url",
    [
        "/admin/collaboratives/organization/",
        "/admin/collaboratives/collaborative/",
        "/admin/collaboratives/membership/",
        "/admin/collaboratives/invitation/",
        "/admin/centers/center/",
    ],
)
def test_org_admin_lists_only_own_organization(org_admin_client, url):
    response = org_admin_client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Riverside" not in body
    assert "riverside" not in body
    assert "Bluebird" not in body


def test_org_admin_cannot_open_another_tenants_objects(org_admin_client, other_collaborative):
    for url in [
        f"/admin/collaboratives/collaborative/{other_collaborative.pk}/change/",
        f"/admin/collaboratives/organization/{other_collaborative.organization_id}/change/",
        f"/admin/centers/center/{other_collaborative.centers.first().pk}/change/",
        f"/admin/collaboratives/collaborative/{other_collaborative.pk}/delete/",
    ]:
        response = org_admin_client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert "Riverside" not in response.content.decode()


def test_org_admin_creates_a_collaborative_in_own_organization_only(
    org_admin_client, demo, other_collaborative
):
    data = {
        "name": "BSC-Families",
        "slug": "bsc-families",
        "topic": "Family engagement",
        "timezone": "America/New_York",
        "start_date": "2027-01-01",
        "end_date": "2028-06-30",
        "status": "planning",
        "default_language": "es",
    }
    refused = org_admin_client.post(
        "/admin/collaboratives/collaborative/add/",
        data | {"organization": other_collaborative.organization_id},
    )
    assert refused.status_code == 200
    assert "organization" in refused.context["adminform"].form.errors
    response = org_admin_client.post(
        "/admin/collaboratives/collaborative/add/",
        data | {"organization": demo.organization_id},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Collaborative.objects.get(slug="bsc-families").organization == demo.organization


def test_org_admin_cannot_add_organizations_or_choose_admins(org_admin_client, demo):
    assert org_admin_client.get("/admin/collaboratives/organization/add/").status_code == 403
    url = f"/admin/collaboratives/organization/{demo.organization_id}/change/"
    page = org_admin_client.get(url)
    assert page.status_code == 200
    assert 'name="admins"' not in page.content.decode()
    assert Organization.objects.count() == 2


def test_org_admin_invites_staff_and_the_email_is_sent(
    org_admin_client, org_admin, demo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = org_admin_client.post(
            "/admin/collaboratives/invitation/add/",
            {
                "collaborative": demo.pk,
                "email": "New.IT@Example.org",
                "full_name": "New IT",
                "role": "implementation_team",
                "center": "",
                "center_role": "",
            },
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="new.it@example.org")
    assert invitation.invited_by == org_admin
    assert len(mail.outbox) == 1
    assert "/invitations/" in mail.outbox[0].body


def test_membership_center_must_belong_to_the_collaborative(org_admin_client, demo):
    other = Collaborative.objects.create(
        organization=demo.organization,
        name="Second",
        slug="second",
        start_date="2027-01-01",
        end_date="2027-12-31",
    )
    user = User.objects.create_user("someone@example.org")
    response = org_admin_client.post(
        "/admin/collaboratives/membership/add/",
        {
            "user": user.pk,
            "collaborative": other.pk,
            "role": "center_member",
            "center": demo.centers.get(slug="sunrise").pk,
            "center_role": "teacher",
            "competencies": "[]",
            "title": "",
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["center"] == ["That center is not part of this collaborative."]
    assert not Membership.objects.filter(user=user).exists()


def test_staff_without_organizations_sees_nothing(client_for):
    staff = User.objects.create_user("staff@example.org", is_staff=True)
    client = client_for(staff)
    assert client.get("/admin/collaboratives/collaborative/").status_code == 403
    assert "Collaboratives" not in client.get("/admin/").content.decode()
