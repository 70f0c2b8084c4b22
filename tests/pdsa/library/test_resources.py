import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from pdsa.library.models import Resource

pytestmark = pytest.mark.django_db


def test_library_shows_schedule_and_contacts_first(center_client):
    page = center_client.get("/c/bsc-sel/resources/").content.decode()
    assert (
        page.index("Schedule")
        < page.index("Contacts")
        < page.index("Visual schedule picture cards")
    )
    assert "faculty@demo.test" in page


def test_search_by_text_and_driver(center_client, demo):
    from collaboratives.framework.models import SecondaryDriver

    page = center_client.get("/c/bsc-sel/resources/?q=poster").content.decode()
    assert "Take Five poster" in page and "Family communication tips" not in page
    driver = SecondaryDriver.objects.get(
        primary__framework__collaborative=demo, primary__number=3, number=1
    )
    page = center_client.get(f"/c/bsc-sel/resources/?driver={driver.public_id}").content.decode()
    assert "Family communication tips" in page and "Take Five poster" not in page
    assert center_client.get("/c/bsc-sel/resources/?driver=nope").status_code == 200


def test_it_and_faculty_add_center_members_cannot(it_client, faculty_client, center_client):
    response = it_client.post(
        "/c/bsc-sel/resources/new/",
        {"title": "Calm-down kit", "url": "https://example.org/kit", "tags": "calm"},
    )
    assert response.status_code == 302
    assert Resource.objects.filter(title="Calm-down kit").exists()
    assert faculty_client.get("/c/bsc-sel/resources/new/").status_code == 200
    assert center_client.get("/c/bsc-sel/resources/new/").status_code == 403


def test_a_resource_needs_a_link_or_a_file(it_client):
    response = it_client.post("/c/bsc-sel/resources/new/", {"title": "Empty"})
    assert response.status_code == 200
    assert "Give a link or attach a file." in response.content.decode()


def test_resource_files_are_checked_and_downloaded(it_client, center_client):
    response = it_client.post(
        "/c/bsc-sel/resources/new/",
        {"title": "Fake", "upload": SimpleUploadedFile("x.png", b"<html>hi</html>", "image/png")},
    )
    assert response.status_code == 200 and not Resource.objects.filter(title="Fake").exists()
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format="JPEG")
    it_client.post(
        "/c/bsc-sel/resources/new/",
        {"title": "Photo", "upload": SimpleUploadedFile("p.jpg", buffer.getvalue(), "image/jpeg")},
    )
    resource = Resource.objects.get(title="Photo")
    download = center_client.get(f"/c/bsc-sel/resources/{resource.public_id}/file/")
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "Photo" in center_client.get("/c/bsc-sel/board/?kind=resource").content.decode()


def test_resource_decompression_bomb_is_refused(it_client, decompression_bomb):
    response = it_client.post(
        "/c/bsc-sel/resources/new/",
        {"title": "Bomb", "upload": SimpleUploadedFile("b.png", decompression_bomb, "image/png")},
    )
    assert response.status_code == 200
    assert "The image is too large: at most 60 megapixels" in response.content.decode()
    assert not Resource.objects.filter(title="Bomb").exists()
