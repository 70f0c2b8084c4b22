"""REST API foundation: members see their collaborative's data, outsiders get 404, tokens work,
errors are JSON, the schema is valid OpenAPI 3 and the docs page runs from vendored assets."""

import pytest
import yaml
from django.test import Client
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db
API = "/api/v1/collaboratives"


def test_member_lists_own_collaboratives(center_client):
    data = center_client.get(f"{API}/").json()
    assert data["count"] == 1
    sel = data["results"][0]
    assert sel["slug"] == "bsc-sel"
    assert sel["organization"] == "Culture of Continuous Learning"


def test_detail_for_member_and_404_for_outsider(faculty_client, outsider_client):
    response = faculty_client.get(f"{API}/bsc-sel/")
    assert response.status_code == 200
    assert response.json()["name"] == "BSC-SEL"
    response = outsider_client.get(f"{API}/bsc-sel/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}
    assert outsider_client.get(f"{API}/no-such-thing/").json() == response.json()


def test_memberships_list_roles_and_centers(center_client):
    data = center_client.get(f"{API}/bsc-sel/memberships/").json()
    assert data["count"] == 4 + 5 + 8 * 5
    by_email = {m["email"]: m for m in data["results"]}
    assert by_email["center@demo.test"]["center"] == "sunrise"
    assert by_email["center@demo.test"]["center_role"] == "team_leader"
    assert by_email["center@demo.test"]["data_point_person"] is True
    assert by_email["it@demo.test"]["is_it_senior_leader"] is True
    assert all(m["email"].endswith("@demo.test") for m in data["results"])
    assert len(by_email) == data["count"] and data["next"] is None  # one page of 50


def test_centers_list_and_detail(it_client, outsider_client):
    data = it_client.get(f"{API}/bsc-sel/centers/").json()
    assert data["count"] == 8
    assert "Sunrise Child Development Center" in {c["name"] for c in data["results"]}
    center = it_client.get(f"{API}/bsc-sel/centers/sunrise/").json()
    assert center["team_name"] == "The Sunrisers"
    assert it_client.get(f"{API}/bsc-sel/centers/bluebird/").status_code == 404
    assert outsider_client.get(f"{API}/bsc-sel/centers/sunrise/").status_code == 404


def test_token_authentication(outsider):
    token = Token.objects.create(user=outsider)
    client = Client()
    ok = client.get(f"{API}/riverside-families/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert ok.status_code == 200
    refused = client.get(f"{API}/bsc-sel/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert refused.status_code == 404
    bad = client.get(f"{API}/", HTTP_AUTHORIZATION="Token not-a-real-key")
    assert bad.status_code == 401
    assert bad.json() == {"detail": "Invalid token."}


@pytest.mark.parametrize(
    "url", [f"{API}/", f"{API}/bsc-sel/", f"{API}/bsc-sel/memberships/", f"{API}/bsc-sel/centers/"]
)
def test_anonymous_is_refused_with_json(client, url):
    response = client.get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert "detail" in response.json()


def test_session_writes_need_csrf(center_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(center_user)
    response = client.post(f"{API}/bsc-sel/centers/", {"name": "x"})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_schema_is_valid_openapi(client):
    from drf_spectacular.validation import validate_schema

    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)  # against the OpenAPI 3 JSON schema shipped with drf-spectacular
    for path in [
        "/api/v1/collaboratives/",
        "/api/v1/collaboratives/{slug}/",
        "/api/v1/collaboratives/{slug}/memberships/",
        "/api/v1/collaboratives/{slug}/centers/",
        "/api/v1/collaboratives/{slug}/centers/{center}/",
    ]:
        assert path in schema["paths"], path
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


def test_schema_generates_without_warnings(capsys):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
    assert "Warning" not in capsys.readouterr().err


def test_docs_page_uses_vendored_assets_and_no_inline_script(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "<script>" not in html  # the CSP allows scripts from 'self' only
    assert "script-src 'self'" in response["Content-Security-Policy"]
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()


def test_service_validation_errors_become_400_with_field_messages(it_user):
    from django.core.exceptions import ValidationError
    from rest_framework.test import APIRequestFactory, force_authenticate

    from bsc.api import APIView, CollaborativeAPIMixin

    class Refusing(CollaborativeAPIMixin, APIView):
        def post(self, request, slug):
            raise ValidationError({"month": ["That month is closed."]})

    class RefusingWhole(CollaborativeAPIMixin, APIView):
        def post(self, request, slug):
            raise ValidationError("Not now.")

    request = APIRequestFactory().post("/x/", {}, format="json")
    force_authenticate(request, user=it_user)
    response = Refusing.as_view()(request, slug="bsc-sel")
    assert response.status_code == 400
    assert response.data == {"month": ["That month is closed."]}
    response = RefusingWhole.as_view()(request, slug="bsc-sel")
    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["Not now."]}
    response = Refusing.as_view()(request, slug="riverside-families")
    assert response.status_code == 404
