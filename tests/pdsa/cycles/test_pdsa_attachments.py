import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from pdsa.cycles.models import Attachment, Cycle

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def _cycle(center) -> Cycle:
    return Cycle.objects.filter(ramp__center=center).order_by("pk").first()


def _upload(client, cycle, name, content, content_type="image/png"):
    return client.post(
        f"/c/bsc-sel/pdsa/cycles/{cycle.public_id}/attachments/",
        {"file": SimpleUploadedFile(name, content, content_type=content_type)},
        follow=True,
    )


def test_photo_is_attached_and_served_as_a_download(
    center_client, other_center_client, first_center
):
    cycle = _cycle(first_center)
    response = _upload(center_client, cycle, "form.png", _png())
    attachment = cycle.attachments.get(original_name="form.png")
    assert "Attached." in response.content.decode()
    assert attachment.file_type == "png"
    assert not attachment.file.name.endswith("form.png")  # stored under a generated name
    download = other_center_client.get(f"/c/bsc-sel/pdsa/attachments/{attachment.public_id}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["Content-Type"] == "image/png"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == _png()


def test_pdf_is_accepted_by_its_content(center_client, first_center):
    cycle = _cycle(first_center)
    pdf = b"%PDF-1.4\n%fake but magic\n%%EOF\n"
    _upload(center_client, cycle, "scan.pdf", pdf, "application/pdf")
    assert cycle.attachments.get(original_name="scan.pdf").file_type == "pdf"


def test_html_renamed_to_png_is_refused(center_client, first_center):
    cycle = _cycle(first_center)
    before = Attachment.objects.count()
    response = _upload(center_client, cycle, "photo.png", b"<html><script>alert(1)</script></html>")
    assert "Only photos (JPEG, PNG, GIF, WebP) and PDF files can be attached." in (
        response.content.decode()
    )
    assert Attachment.objects.count() == before


def test_oversize_upload_is_refused_with_a_message(center_client, first_center, settings):
    settings.PDSA_ATTACHMENT_MAX_BYTES = 100
    cycle = _cycle(first_center)
    response = _upload(center_client, cycle, "big.pdf", b"%PDF-" + b"x" * 200, "application/pdf")
    assert "The file is too large: the limit is 100" in response.content.decode()
    assert not cycle.attachments.filter(original_name="big.pdf").exists()


def test_another_center_cannot_attach(other_center_client, faculty_client, first_center):
    cycle = _cycle(first_center)
    assert _upload(other_center_client, cycle, "x.png", _png()).status_code == 403
    assert _upload(faculty_client, cycle, "x.png", _png()).status_code == 403


def test_outsider_cannot_download(outsider_client, first_center):
    attachment = Attachment.objects.filter(cycle__ramp__center=first_center).first()
    response = outsider_client.get(f"/c/bsc-sel/pdsa/attachments/{attachment.public_id}/")
    assert response.status_code == 404


def test_decompression_bomb_is_refused_with_a_message(
    center_client, first_center, decompression_bomb
):
    assert len(decompression_bomb) < 200_000
    cycle = _cycle(first_center)
    before = Attachment.objects.count()
    response = _upload(center_client, cycle, "bomb.png", decompression_bomb)
    assert response.status_code == 200
    assert "The image is too large: at most 60 megapixels" in response.content.decode()
    assert Attachment.objects.count() == before
