"""Uploaded files are judged by their content, never by their name or declared type."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
IMAGE_FORMATS = {"JPEG": "jpeg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}


def max_upload_bytes() -> int:
    return getattr(settings, "PDSA_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES)


def sniff_file_type(upload: UploadedFile) -> str:
    """'pdf', 'jpeg', 'png', 'gif' or 'webp' from the bytes; ValidationError otherwise."""
    limit = max_upload_bytes()
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            _("The file is too large: the limit is %(limit)s.") % {"limit": filesizeformat(limit)},
            code="too_large",
        )
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
        raise ValidationError(
            _("Only photos (JPEG, PNG, GIF, WebP) and PDF files can be attached."),
            code="bad_type",
        ) from exc
    finally:
        upload.seek(0)
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(
            _("Only photos (JPEG, PNG, GIF, WebP) and PDF files can be attached."),
            code="bad_type",
        )
    return IMAGE_FORMATS[image_format]
