"""Invitations can be withdrawn, the newest one to an address replaces older ones, and a link
never changes an existing member's role without the Implementation Team confirming it."""

import re

import pytest
from django.core import mail

from bsc.tenancy import get_access
from collaboratives.membership.models import Invitation, Membership
from collaboratives.membership.services import invitation_create, invitation_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def send(it_user, demo, django_capture_on_commit_callbacks):
    def make(email: str, role: str, **extra) -> tuple[Invitation, str]:
        if role == "center_member":
            extra.setdefault("center", demo.centers.get(slug="sunrise"))
            extra.setdefault("center_role", "teacher")
        with django_capture_on_commit_callbacks(execute=True):
            invitation = invitation_create(
                access=get_access(it_user, demo.slug), email=email, role=role, **extra
            )
        match = re.search(r"https?://[^/\s]+(/invitations/[^/\s]+/)", mail.outbox[-1].body)
        return invitation, match.group(1)

    return make


def _join(client, path: str):
    return client.post(
        path,
        {"full_name": "Nora New", "password1": "a-long-pass-1234", "password2": "a-long-pass-1234"},
    )


def test_newer_invitation_replaces_an_older_one(client, send, demo):
    old_it, old_path = send("nora@example.org", "implementation_team")
    teacher, new_path = send("nora@example.org", "center_member")

    old_it.refresh_from_db()
    assert old_it.superseded_by == teacher and old_it.revoked_at is not None

    assert _join(client, new_path).status_code == 302
    membership = Membership.objects.get(user__email="nora@example.org", collaborative=demo)
    assert membership.role == "center_member"

    # The old IT link, opened or posted after the teacher one was used, changes nothing.
    response = client.post(old_path)
    assert response.status_code == 410
    assert "A newer invitation replaced this one." in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == "center_member" and membership.center_role == "teacher"


def test_it_withdraws_an_invitation(it_client, client, send, demo):
    invitation, path = send("late@example.org", "faculty")
    page = it_client.get(f"/c/{demo.slug}/members/invite/").content.decode()
    assert f'id="invitation-{invitation.public_id}"' in page

    response = it_client.post(
        f"/c/{demo.slug}/members/invitations/{invitation.public_id}/revoke/", follow=True
    )

    body = response.content.decode()
    assert "The invitation to late@example.org was withdrawn." in body
    assert f'id="invitation-{invitation.public_id}"' not in body
    response = client.get(path)
    assert response.status_code == 410
    assert "This invitation was withdrawn" in response.content.decode()
    assert not Membership.objects.filter(user__email="late@example.org").exists()


def test_only_the_it_withdraws(center_client, faculty_client, send, demo):
    invitation, _path = send("late@example.org", "faculty")
    url = f"/c/{demo.slug}/members/invitations/{invitation.public_id}/revoke/"
    for client in (center_client, faculty_client):
        assert client.post(url).status_code == 403
    invitation.refresh_from_db()
    assert invitation.is_open


def test_accepting_never_changes_a_role_without_the_it(
    client_for, it_client, other_center_user, demo
):
    """A stale IT link (sent before the person joined another way) leaves the role alone."""
    before = Membership.objects.get(user=other_center_user, collaborative=demo)
    stale = Invitation.objects.create(
        collaborative=demo, email=other_center_user.email, role="implementation_team"
    )
    member_client = client_for(other_center_user)

    response = member_client.post(f"/invitations/{invitation_token(stale)}/", follow=True)

    assert "Your role changes to Implementation Team once the Implementation Team confirms" in (
        response.content.decode()
    )
    after = Membership.objects.get(pk=before.pk)
    assert (after.role, after.center_id, after.center_role) == (
        before.role,
        before.center_id,
        before.center_role,
    )
    page = it_client.get(f"/c/{demo.slug}/members/invite/").content.decode()
    assert "Role changes to confirm" in page and f'id="role-change-{stale.public_id}"' in page

    # The IT confirms: only now does the role change.
    it_client.post(f"/c/{demo.slug}/members/invitations/{stale.public_id}/confirm/")
    after.refresh_from_db()
    assert after.role == "implementation_team" and after.center is None
    assert after.center_role == ""


def test_it_keeps_the_current_role(client_for, it_client, other_center_user, demo):
    stale = Invitation.objects.create(
        collaborative=demo, email=other_center_user.email, role="implementation_team"
    )
    client_for(other_center_user).post(f"/invitations/{invitation_token(stale)}/")

    it_client.post(f"/c/{demo.slug}/members/invitations/{stale.public_id}/revoke/")

    membership = Membership.objects.get(user=other_center_user, collaborative=demo)
    assert membership.role == "center_member"
    stale.refresh_from_db()
    assert not stale.role_change_pending
    response = it_client.post(f"/c/{demo.slug}/members/invitations/{stale.public_id}/confirm/")
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "center_member"


def test_same_role_invitation_joins_quietly(client_for, other_center_user, demo):
    before = Membership.objects.get(user=other_center_user, collaborative=demo)
    same = Invitation.objects.create(
        collaborative=demo,
        email=other_center_user.email,
        role=before.role,
        center=before.center,
        center_role=before.center_role,
    )
    response = client_for(other_center_user).post(
        f"/invitations/{invitation_token(same)}/", follow=True
    )
    assert f"Welcome to {demo.name}." in response.content.decode()
    same.refresh_from_db()
    assert same.accepted_at and not same.role_change_pending
