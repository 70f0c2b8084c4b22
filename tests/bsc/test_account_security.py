"""A person's credentials: a password reset ends API tokens, tokens can be seen and revoked
one by one (only one's own), and the e-mail address changes only with the password and a
link opened at the new address."""

import re

import pytest
from django.core import mail
from django.test import Client
from rest_framework.authtoken.models import Token

from bsc.account_services import token_handle
from bsc.demo import DEMO_PASSWORD
from bsc.models import User

pytestmark = pytest.mark.django_db

API = "/api/v1/collaboratives/"


def _reset_password(client, email: str, password: str) -> None:
    client.post("/accounts/password-reset/", {"email": email})
    path = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", mail.outbox[-1].body).group(1)
    set_url = client.get(path, follow=True).redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": password, "new_password2": password})
    assert response["Location"] == "/accounts/reset/done/"


def test_password_reset_ends_api_tokens(faculty_user):
    token = Token.objects.create(user=faculty_user)
    api = Client()
    assert api.get(API, HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 200

    _reset_password(Client(), faculty_user.email, "brand-new-pass-42")

    assert not Token.objects.filter(user=faculty_user).exists()
    assert api.get(API, HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 401


def test_person_sees_and_revokes_their_token(center_client, center_user):
    token = Token.objects.create(user=center_user)
    handle = token_handle(token)

    page = center_client.get("/accounts/profile/tokens/").content.decode()
    assert f'id="token-{handle}"' in page
    assert token.key not in page  # the key itself is never shown again

    response = center_client.post(f"/accounts/profile/tokens/{handle}/revoke/", follow=True)
    assert "The API token was revoked." in response.content.decode()
    assert "You have no API token." in response.content.decode()
    assert not Token.objects.filter(user=center_user).exists()


def test_another_persons_token_cannot_be_revoked(center_client, faculty_user):
    theirs = Token.objects.create(user=faculty_user)

    response = center_client.post(f"/accounts/profile/tokens/{token_handle(theirs)}/revoke/")

    assert response.status_code == 404
    assert Token.objects.filter(pk=theirs.pk).exists()
    page = center_client.get("/accounts/profile/tokens/").content.decode()
    assert token_handle(theirs) not in page


def test_email_change_needs_the_password(center_client, center_user):
    response = center_client.post(
        "/accounts/profile/email/", {"new_email": "carmen@example.org", "password": "wrong"}
    )

    assert response.status_code == 400
    assert "The password is not correct." in response.content.decode()
    assert mail.outbox == []
    center_user.refresh_from_db()
    assert center_user.email == "center@demo.test"


def test_email_change_waits_for_the_new_address(center_client, center_user):
    response = center_client.post(
        "/accounts/profile/email/",
        {"new_email": "Carmen@Example.org", "password": DEMO_PASSWORD},
        follow=True,
    )
    assert "Your address changes once you open it." in response.content.decode()
    center_user.refresh_from_db()
    assert center_user.email == "center@demo.test"  # not yet
    confirm, notice = mail.outbox
    assert confirm.to == ["carmen@example.org"] and notice.to == ["center@demo.test"]
    path = re.search(r"https?://[^/\s]+(/accounts/email/confirm/\S+/)", confirm.body).group(1)

    # Opening the link shows a button; a mail scanner's GET changes nothing.
    assert center_client.get(path).status_code == 200
    center_user.refresh_from_db()
    assert center_user.email == "center@demo.test"

    response = center_client.post(path, follow=True)
    assert "Your e-mail address is now carmen@example.org." in response.content.decode()
    center_user.refresh_from_db()
    assert center_user.email == "carmen@example.org"
    # Used once: the old address is in the link, so it no longer matches.
    assert center_client.post(path).status_code == 400


def test_email_link_works_only_for_the_person_who_asked(center_client, faculty_client):
    center_client.post(
        "/accounts/profile/email/", {"new_email": "carmen@example.org", "password": DEMO_PASSWORD}
    )
    path = re.search(r"(/accounts/email/confirm/\S+/)", mail.outbox[0].body).group(1)

    response = faculty_client.post(path)

    assert response.status_code == 400
    assert "This confirmation link is not valid." in response.content.decode()
    assert not User.objects.filter(email="carmen@example.org").exists()


def test_email_change_refuses_an_address_in_use(center_client):
    response = center_client.post(
        "/accounts/profile/email/", {"new_email": "IT@demo.test", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 400
    assert "Another account already uses this e-mail address." in response.content.decode()
