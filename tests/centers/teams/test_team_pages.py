import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from centers.teams.models import Center

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORYBOARD_MAX_BYTES = 200_000


def _png(name="board.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "orange").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _team_url(demo, center):
    return reverse("centers:team-edit", args=[demo.slug, center.slug])


def test_team_member_edits_name_motto_and_storyboard(center_client, demo, first_center):
    response = center_client.post(
        _team_url(demo, first_center),
        {
            "team_name": "Sunny Side",
            "motto": "Feelings first",
            "storyboard": _png("x.txt"),
        },
    )
    assert response.status_code == 302
    first_center.refresh_from_db()
    assert (first_center.team_name, first_center.motto) == ("Sunny Side", "Feelings first")
    assert first_center.storyboard_content_type == "image/png"
    assert first_center.storyboard.name.endswith(".png")
    page = center_client.get(first_center.get_absolute_url()).content.decode()
    assert "Sunny Side" in page
    image = center_client.get(reverse("centers:storyboard", args=[demo.slug, first_center.slug]))
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"


def test_pdf_storyboard_accepted(center_client, demo, first_center):
    pdf = SimpleUploadedFile("board.bin", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    response = center_client.post(
        _team_url(demo, first_center),
        {
            "team_name": "Sunrisers",
            "motto": "",
            "storyboard": pdf,
        },
    )
    assert response.status_code == 302
    first_center.refresh_from_db()
    assert first_center.storyboard_content_type == "application/pdf"


def test_storyboard_checked_by_content_not_name(center_client, demo, first_center):
    fake = SimpleUploadedFile("board.png", b"MZ\x90\x00 not an image", content_type="image/png")
    response = center_client.post(
        _team_url(demo, first_center),
        {
            "team_name": "X",
            "motto": "",
            "storyboard": fake,
        },
    )
    assert response.status_code == 400
    assert "must be an image" in response.content.decode()
    first_center.refresh_from_db()
    assert first_center.team_name != "X"
    assert not first_center.storyboard


def test_storyboard_over_size_limit_refused(center_client, demo, first_center):
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 300_000)
    response = center_client.post(
        _team_url(demo, first_center),
        {
            "team_name": "X",
            "motto": "",
            "storyboard": big,
        },
    )
    assert response.status_code == 400
    assert "too large" in response.content.decode()


def test_other_center_cannot_edit_team(other_center_client, faculty_client, demo, first_center):
    assert other_center_client.get(_team_url(demo, first_center)).status_code == 403
    assert faculty_client.post(_team_url(demo, first_center), {"team_name": "x"}).status_code == 403


def test_it_edits_any_team(it_client, demo, second_center):
    response = it_client.post(_team_url(demo, second_center), {"team_name": "Leaves", "motto": "m"})
    assert response.status_code == 302


def test_it_adds_center_and_moves_status(it_client, demo):
    url = reverse("centers:center-create", args=[demo.slug])
    response = it_client.post(
        url,
        {
            "name": "Oak Hill Preschool",
            "slug": "oak-hill",
            "center_type": "head_start",
            "age_groups": ["preschool"],
            "address": "1 Oak Hill",
            "director_name": "Dee",
            "status": "applicant",
        },
    )
    assert response.status_code == 302
    center = Center.objects.get(collaborative=demo, slug="oak-hill")
    assert center.age_groups == ["preschool"]
    edit = reverse("centers:center-edit", args=[demo.slug, "oak-hill"])
    data = {
        "name": "Oak Hill Preschool",
        "center_type": "head_start",
        "age_groups": ["preschool"],
        "address": "",
        "director_name": "Dee",
        "status": "completed",
    }
    response = it_client.post(edit, data)
    assert response.status_code == 400
    assert "cannot go from Applicant to Completed" in response.content.decode()
    data["status"] = "selected"
    assert it_client.post(edit, data).status_code == 302
    center.refresh_from_db()
    assert center.status == "selected"


def test_center_slug_must_be_unique(it_client, demo):
    response = it_client.post(
        reverse("centers:center-create", args=[demo.slug]),
        {
            "name": "Again",
            "slug": "sunrise",
            "center_type": "head_start",
            "status": "applicant",
        },
    )
    assert response.status_code == 400
    assert "already uses this short name" in response.content.decode()


def test_center_member_cannot_add_centers(center_client, demo, first_center):
    assert center_client.get(reverse("centers:center-create", args=[demo.slug])).status_code == 403
    edit = reverse("centers:center-edit", args=[demo.slug, first_center.slug])
    assert center_client.post(edit, {"name": "x"}).status_code == 403


def test_team_chooses_data_point_person(center_client, demo, first_center):
    teacher = first_center.memberships.filter(center_role="teacher").first()
    response = center_client.post(
        _team_url(demo, first_center),
        {
            "team_name": "Sunrisers",
            "motto": "",
            "data_point_person": str(teacher.public_id),
        },
    )
    assert response.status_code == 302
    assert list(first_center.memberships.filter(data_point_person=True)) == [teacher]
    other = demo.centers.get(slug="maple-street").memberships.first()
    response = center_client.post(
        _team_url(demo, first_center),
        {
            "team_name": "Sunrisers",
            "motto": "",
            "data_point_person": str(other.public_id),
        },
    )
    assert response.status_code == 400


def test_storyboard_decompression_bomb_refused(
    center_client, demo, first_center, decompression_bomb
):
    bomb = SimpleUploadedFile("board.png", decompression_bomb, content_type="image/png")
    response = center_client.post(
        _team_url(demo, first_center), {"team_name": "X", "motto": "", "storyboard": bomb}
    )
    assert response.status_code == 400
    assert "The image is too large: at most 60 megapixels" in response.content.decode()
    first_center.refresh_from_db()
    assert first_center.team_name != "X" and not first_center.storyboard
