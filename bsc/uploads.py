"""Uploaded files are judged by their content, never by their name or declared type."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, UnidentifiedImageError

# Pillow's format name -> the short kind callers store.
IMAGE_FORMATS = {"JPEG": "jpeg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}


def sniff_image_or_pdf(
    upload: UploadedFile, *, max_bytes: int, too_large: str, bad_type: str
) -> str:
    """'pdf', 'jpeg', 'png', 'gif' or 'webp' read from the bytes.

    Raises ValidationError with `too_large` (code "too_large") or `bad_type` (code "bad_type").
    """
    if upload.size is None or upload.size > max_bytes:
        raise ValidationError(too_large, code="too_large")
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return "pdf"
    try:
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(bad_type, code="bad_type") from exc
    finally:
        upload.seek(0)
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(bad_type, code="bad_type")
    return IMAGE_FORMATS[image_format]
