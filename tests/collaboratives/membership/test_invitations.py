"""Invitations: the IT invites by e-mail; the signed link expires, works once and only for the
person it was sent to."""

import re
import time
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from bsc.models import User
from bsc.tenancy import get_access
from collaboratives.membership.models import Invitation, Membership
from collaboratives.membership.services import invitation_create, invitation_token

DAY = 24 * 3600


def _link_path(message) -> str:
    match = re.search(r"https?://[^/\s]+(/invitations/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture
def invite(it_user, demo, django_capture_on_commit_callbacks):
    """Invite through the service as the demo IT person; returns (invitation, link path)."""

    def make(email="new.teacher@example.org", role="center_member", **extra) -> tuple:
        if role == "center_member":
            extra.setdefault("center", demo.centers.get(slug="sunrise"))
            extra.setdefault("center_role", "teacher")
        with django_capture_on_commit_callbacks(execute=True):
            invitation = invitation_create(
                access=get_access(it_user, demo.slug), email=email, role=role, **extra
            )
        return invitation, _link_path(mail.outbox[-1])

    return make


def test_it_sends_an_invitation_by_email(it_client, demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = it_client.post(
            "/c/bsc-sel/members/invite/",
            {
                "email": "New.Teacher@Example.org",
                "full_name": "Nora New",
                "role": "center_member",
                "center": "sunrise",
                "center_role": "teacher",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == "/c/bsc-sel/members/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.teacher@example.org"]
    assert "BSC-SEL" in message.subject
    assert "Sunrise Child Development Center" in message.body
    assert "expires in 14 days" in message.body
    invitation = Invitation.objects.get(email="new.teacher@example.org")
    assert _link_path(message) == f"/invitations/{invitation_token(invitation)}/"
    page = it_client.get("/c/bsc-sel/members/invite/").content.decode()
    assert "new.teacher@example.org" in page  # listed as not yet accepted


def test_new_person_sets_a_password_and_joins(client, invite, demo):
    invitation, path = invite(full_name="Nora New")
    page = client.get(path)
    assert page.status_code == 200
    assert "Join BSC-SEL" in page.content.decode()
    assert 'value="Nora New"' in page.content.decode()

    response = client.post(
        path,
        {"full_name": "Nora New", "password1": "a-long-pass-1234", "password2": "a-long-pass-1234"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/c/bsc-sel/"
    user = User.objects.get(email="new.teacher@example.org")
    assert user.check_password("a-long-pass-1234")
    membership = Membership.objects.get(user=user, collaborative=demo)
    assert (membership.role, membership.center.slug, membership.center_role) == (
        "center_member",
        "sunrise",
        "teacher",
    )
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    # Signed in straight away, on the center home.
    assert "Center home — Sunrise" in client.get("/c/bsc-sel/").content.decode()


def test_new_person_password_errors_are_shown(client, invite):
    _invitation, path = invite()
    response = client.post(path, {"full_name": "N", "password1": "abc", "password2": "abd"})
    assert response.status_code == 200
    assert "The two passwords differ." in response.content.decode()
    response = client.post(path, {"full_name": "N", "password1": "123", "password2": "123"})
    assert "This password is too short" in response.content.decode()
    assert not User.objects.filter(email="new.teacher@example.org").exists()


def test_existing_account_must_sign_in_first(client, client_for, invite, other_collaborative):
    outsider = User.objects.get(email="other@demo.test")
    _invitation, path = invite(email="other@demo.test", role="faculty")

    page = client.get(path).content.decode()
    assert "You already have an account" in page
    assert "/accounts/login/?next=" in page
    # Posting without signing in creates nothing.
    client.post(path, {"full_name": "x", "password1": "long-pass-9876", "password2": "x"})
    assert not Membership.objects.filter(user=outsider, collaborative__slug="bsc-sel").exists()

    signed_in = client_for(outsider)
    assert "Join the collaborative" in signed_in.get(path).content.decode()
    response = signed_in.post(path)
    assert response.status_code == 302
    membership = Membership.objects.get(user=outsider, collaborative__slug="bsc-sel")
    assert membership.role == "faculty" and membership.center is None
    # Still a member of the other organization's collaborative as before.
    assert Membership.objects.filter(user=outsider, collaborative=other_collaborative).exists()


def test_link_works_once(client, invite):
    _invitation, path = invite()
    client.post(
        path,
        {"full_name": "Nora", "password1": "a-long-pass-1234", "password2": "a-long-pass-1234"},
    )
    again = client.get(path)  # signed in now, as the invited person
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    client.logout()
    assert client.get(path).status_code == 410
    assert Membership.objects.filter(user__email="new.teacher@example.org").count() == 1


def test_link_expires_after_14_days_by_default(client, invite):
    _invitation, path = invite()
    now = time.time()
    with mock.patch("django.core.signing.time.time", return_value=now + 13 * DAY):
        assert client.get(path).status_code == 200
    with mock.patch("django.core.signing.time.time", return_value=now + 14 * DAY + 60):
        response = client.get(path)
    assert response.status_code == 410
    assert "This invitation has expired" in response.content.decode()


def test_expiry_follows_the_setting(client, invite, settings):
    settings.INVITATION_MAX_AGE_DAYS = 2
    _invitation, path = invite()
    with mock.patch("django.core.signing.time.time", return_value=time.time() + 3 * DAY):
        response = client.get(path)
    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_someone_else_signed_in_gets_404(invite, faculty_client, center_client):
    _invitation, path = invite()
    assert faculty_client.get(path).status_code == 404
    assert center_client.post(path).status_code == 404
    assert not Membership.objects.filter(user__email="new.teacher@example.org").exists()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: "0" + token,
        lambda token: "not-a-token",
    ],
)
def test_tampered_token_shows_why(client, invite, tamper):
    invitation, _path = invite()
    response = client.get(f"/invitations/{tamper(invitation_token(invitation))}/")
    assert response.status_code == 410
    assert "This invitation link is not valid." in response.content.decode()


def test_deleted_invitation_is_not_valid(client, invite):
    invitation, path = invite()
    invitation.delete()
    response = client.get(path)
    assert response.status_code == 410
    assert "not valid" in response.content.decode()


def _post_invite(client, **data):
    base = {"email": "someone@example.org", "full_name": "", "role": "center_member"}
    return client.post("/c/bsc-sel/members/invite/", base | data)


def test_center_member_needs_a_center_and_a_role(it_client):
    response = _post_invite(it_client)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["center"] == ["Choose the center this person joins."]
    assert form.errors["center_role"] == ["Choose the person's role in the center team."]
    assert not Invitation.objects.filter(email="someone@example.org").exists()


def test_center_of_another_collaborative_is_refused(it_client, it_user, demo, other_collaborative):
    response = _post_invite(it_client, center="bluebird", center_role="teacher")
    assert response.status_code == 200
    assert "center" in response.context["form"].errors
    # The service refuses it too, whatever the form lets through.
    with pytest.raises(ValidationError) as error:
        invitation_create(
            access=get_access(it_user, demo.slug),
            email="someone@example.org",
            role="center_member",
            center=other_collaborative.centers.first(),
            center_role="teacher",
        )
    assert "center" in error.value.message_dict


def test_already_a_member_is_refused(it_client):
    response = _post_invite(
        it_client, email="Center@Demo.test", center="sunrise", center_role="teacher"
    )
    assert response.context["form"].errors["email"] == [
        "This person is already a member of the collaborative."
    ]


def test_faculty_cannot_have_a_center(it_client):
    response = _post_invite(it_client, role="faculty", center="sunrise")
    assert response.context["form"].errors["center"] == [
        "Only center team members belong to a center."
    ]


def test_bad_email_and_role_are_field_errors(it_client):
    response = _post_invite(it_client, email="not an address", role="boss")
    errors = response.context["form"].errors
    assert "email" in errors and "role" in errors


def test_only_it_may_invite_through_the_service(faculty_user, demo):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        invitation_create(
            access=get_access(faculty_user, demo.slug), email="x@example.org", role="faculty"
        )
