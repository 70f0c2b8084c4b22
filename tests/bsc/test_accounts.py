"""Accounts: sign-in by e-mail with lock-out, password reset by e-mail, profile, API tokens."""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token

from bsc.demo import DEMO_PASSWORD
from bsc.models import User

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def _sign_in(client, email, password):
    return client.post(LOGIN, {"username": email, "password": password})


def test_sign_in_by_email_lands_on_the_collaborative(client):
    response = _sign_in(client, "Center@Demo.test", DEMO_PASSWORD)
    assert response.status_code == 302
    assert client.get(response["Location"], follow=True).redirect_chain[-1][0] == "/c/bsc-sel/"


def test_wrong_password_shows_an_error(client):
    response = _sign_in(client, "center@demo.test", "wrong")
    assert response.status_code == 200
    assert "Please enter a correct" in response.content.decode()


def test_sign_out_ends_the_session(center_client):
    assert center_client.post("/accounts/logout/").status_code == 302
    assert center_client.get("/c/bsc-sel/").status_code == 302


def test_locked_out_after_five_failures_until_cool_off(client):
    for _ in range(4):
        assert _sign_in(client, "center@demo.test", "wrong-password").status_code == 200
    assert _sign_in(client, "center@demo.test", "wrong-password").status_code == 429
    response = _sign_in(client, "center@demo.test", DEMO_PASSWORD)
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session

    # After the cool-off (30 minutes) the right password works again.
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=31)
    )
    response = _sign_in(client, "center@demo.test", DEMO_PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(email="center@demo.test").pk)


def test_lock_out_is_per_account_not_per_network(client):
    for _ in range(5):
        _sign_in(client, "center@demo.test", "wrong-password")
    assert _sign_in(client, "center@demo.test", DEMO_PASSWORD).status_code == 429
    # A colleague on the same network address still signs in.
    assert _sign_in(client, "leader@demo.test", DEMO_PASSWORD).status_code == 302


def test_lock_out_ignores_the_case_of_the_address(client):
    for n in range(5):
        _sign_in(client, "center@demo.test" if n % 2 else "CENTER@demo.test", "wrong-password")
    assert _sign_in(client, "center@demo.test", DEMO_PASSWORD).status_code == 429


def test_four_failures_do_not_lock(client):
    for _ in range(4):
        _sign_in(client, "center@demo.test", "wrong-password")
    assert _sign_in(client, "center@demo.test", DEMO_PASSWORD).status_code == 302


def test_password_reset_by_email(client):
    response = client.post("/accounts/password-reset/", {"email": "faculty@demo.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["faculty@demo.test"]
    path = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", message.body).group(1)

    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(
        set_url, {"new_password1": "brand-new-pass-42", "new_password2": "brand-new-pass-42"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/reset/done/"
    assert User.objects.get(email="faculty@demo.test").check_password("brand-new-pass-42")
    # The link was for one use.
    assert "not valid any more" in client.get(path, follow=True).content.decode()


def test_password_reset_for_unknown_address_sends_nothing(client):
    response = client.post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302  # same answer: no hint whether the account exists
    assert mail.outbox == []


def test_profile_saves_name_timezone_and_notification_preference(center_client, center_user):
    response = center_client.post(
        "/accounts/profile/",
        {
            "full_name": "Carmen D. Diaz",
            "email": "carmen@example.org",  # ignored: the address changes only by its own form
            "timezone": "America/Chicago",
            "language": "es",
            "notification_preference": "daily",
        },
    )
    assert response.status_code == 302
    center_user.refresh_from_db()
    assert (
        center_user.full_name,
        center_user.email,
        center_user.timezone,
        center_user.notification_preference,
    ) == ("Carmen D. Diaz", "center@demo.test", "America/Chicago", "daily")


def test_profile_shows_field_errors(center_client):
    response = center_client.post(
        "/accounts/profile/",
        {
            "full_name": "x",
            "email": "IT@demo.test",
            "timezone": "Mars/Olympus",
            "language": "en",
            "notification_preference": "hourly",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "timezone" in errors and "notification_preference" in errors


def test_profile_needs_sign_in(client):
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_create_replace_and_revoke_api_token_on_profile(center_client, center_user):
    response = center_client.post("/accounts/profile/token/", follow=True)
    body = response.content.decode()
    key = Token.objects.get(user=center_user).key
    assert f'<code id="api-token">{key}</code>' in body
    # Shown once only.
    assert key not in center_client.get("/accounts/profile/").content.decode()

    # The token authenticates API calls.
    api = center_client.__class__()
    response = api.get("/api/v1/collaboratives/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert [c["slug"] for c in response.json()["results"]] == ["bsc-sel"]

    center_client.post("/accounts/profile/token/")
    new_key = Token.objects.get(user=center_user).key
    assert new_key != key
    assert api.get("/api/v1/collaboratives/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401

    center_client.post("/accounts/profile/token/revoke/")
    assert not Token.objects.filter(user=center_user).exists()


def test_token_pages_refuse_get(center_client):
    assert center_client.get("/accounts/profile/token/").status_code == 405


def test_create_api_token_command_prints_a_working_key(capsys, faculty_user):
    call_command("create_api_token", "Faculty@Demo.test")
    key = capsys.readouterr().out.strip()
    assert Token.objects.get(user=faculty_user).key == key


def test_create_api_token_command_unknown_email():
    with pytest.raises(CommandError, match="No account uses"):
        call_command("create_api_token", "nobody@example.org")
