"""A storyboard is shown inline but can never run as a web page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORYBOARD_MAX_BYTES = 200_000


def _upload(client, demo, center, content: bytes):
    return client.post(
        reverse("centers:team-edit", args=[demo.slug, center.slug]),
        {"team_name": "Sunrisers", "motto": "", "storyboard": SimpleUploadedFile("b.pdf", content)},
    )


def test_storyboard_is_served_sandboxed(center_client, demo, first_center):
    assert _upload(center_client, demo, first_center, PDF).status_code == 302

    response = center_client.get(reverse("centers:storyboard", args=[demo.slug, first_center.slug]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "inline"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_pdf_with_appended_html_is_refused(center_client, demo, first_center):
    polyglot = PDF + b"<html><script>fetch('/accounts/profile/')</script></html>"

    response = _upload(center_client, demo, first_center, polyglot)

    assert response.status_code == 400
    assert "must be an image" in response.content.decode()
    first_center.refresh_from_db()
    assert not first_center.storyboard
