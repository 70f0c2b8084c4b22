"""Which language a page is in: profile, else switch cookie, else browser, else the
collaborative's default; the header's switch; `<html lang>` always says it."""

import pytest
from django.conf import settings

from bsc.i18n import recipient_language
from bsc.models import User

SPANISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "es-MX,es;q=0.9"}
ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
FRENCH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9"}


def _set_language(user: User, language: str) -> None:
    user.language = language
    user.save(update_fields=["language"])


@pytest.mark.django_db
def test_profile_language_beats_the_browser(center_user, center_client):
    _set_language(center_user, "es")
    body = center_client.get("/c/bsc-sel/", **ENGLISH_BROWSER).content.decode()
    assert '<html lang="es">' in body
    assert "Cerrar sesión" in body and "Sign out" not in body


@pytest.mark.django_db
def test_browser_beats_the_collaborative_default(center_user, center_client, demo):
    _set_language(center_user, "")
    demo.default_language = "es"
    demo.save(update_fields=["default_language"])
    body = center_client.get("/c/bsc-sel/", **ENGLISH_BROWSER).content.decode()
    assert '<html lang="en">' in body and "Sign out" in body


@pytest.mark.django_db
def test_the_collaborative_default_serves_a_browser_we_have_no_language_for(
    center_user, center_client, demo
):
    _set_language(center_user, "")
    demo.default_language = "es"
    demo.save(update_fields=["default_language"])
    response = center_client.get("/c/bsc-sel/", **FRENCH_BROWSER)
    body = response.content.decode()
    assert '<html lang="es">' in body and "Cerrar sesión" in body
    assert response["Content-Language"] == "es"
    # Outside any collaborative the site's language stands.
    portal = center_client.get("/accounts/profile/", **FRENCH_BROWSER).content.decode()
    assert '<html lang="en">' in portal


@pytest.mark.django_db
def test_a_spanish_browser_gets_spanish_before_sign_in(client):
    response = client.get("/accounts/login/", **SPANISH_BROWSER)
    body = response.content.decode()
    assert '<html lang="es">' in body and "Iniciar sesión" in body
    assert "Accept-Language" in response["Vary"]


@pytest.mark.django_db
def test_the_switch_sets_a_cookie_for_a_visitor(client):
    response = client.post(
        "/accounts/language/", {"language": "es", "next": "/accounts/login/"}, **ENGLISH_BROWSER
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    body = client.get("/accounts/login/", **ENGLISH_BROWSER).content.decode()
    assert '<html lang="es">' in body and "Iniciar sesión" in body


@pytest.mark.django_db
def test_the_switch_saves_the_profile_of_a_signed_in_person(center_user, center_client):
    _set_language(center_user, "")
    response = center_client.post("/accounts/language/", {"language": "es", "next": "/c/bsc-sel/"})
    assert response.status_code == 302
    center_user.refresh_from_db()
    assert center_user.language == "es"
    # The profile now wins over the browser on every device.
    body = center_client.get("/c/bsc-sel/", **ENGLISH_BROWSER).content.decode()
    assert '<html lang="es">' in body


@pytest.mark.django_db
def test_the_header_offers_the_other_language_in_its_own_words(center_client):
    body = center_client.get("/c/bsc-sel/", **ENGLISH_BROWSER).content.decode()
    assert 'name="language" value="es"' in body and 'lang="es"' in body and "Español" in body


@pytest.mark.django_db
def test_the_spanish_header_offers_english_in_english(center_user, center_client):
    _set_language(center_user, "es")
    body = center_client.get("/c/bsc-sel/").content.decode()
    assert 'lang="en"' in body and ">English</button>" in body and "Inglés" not in body


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "", "es-xx-<script>", "ES"])
def test_the_switch_refuses_a_language_it_does_not_offer(client, center_user, language):
    response = client.post("/accounts/language/", {"language": language})
    assert response.status_code == 400
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


@pytest.mark.django_db
def test_the_switch_ignores_an_off_site_next_and_refuses_get(client):
    response = client.post(
        "/accounts/language/", {"language": "es", "next": "https://evil.example/phish"}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/accounts/language/").status_code == 405


@pytest.mark.django_db
def test_an_api_error_is_in_the_callers_language(center_user, center_client, first_center):
    _set_language(center_user, "es")
    response = center_client.get(
        f"/api/v1/collaboratives/bsc-sel/centers/{first_center.slug}/metric-values/?month=2026-3x"
    )
    assert response.status_code == 400
    assert response.json() == {"month": ["Escriba el mes como AAAA-MM."]}


@pytest.mark.django_db
def test_what_is_sent_follows_profile_then_collaborative(center_user, demo):
    _set_language(center_user, "")
    assert recipient_language(center_user, demo) == "en"
    demo.default_language = "es"
    assert recipient_language(center_user, demo) == "es"
    _set_language(center_user, "en")
    assert recipient_language(center_user, demo) == "en"
