"""Uploaded files are judged by their content, never by their name or declared type."""

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from bsc.uploads import sniff_image_or_pdf

DEFAULT_MAX_BYTES = 5 * 1024 * 1024


def max_upload_bytes() -> int:
    return getattr(settings, "PDSA_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES)


def sniff_file_type(upload: UploadedFile) -> str:
    """'pdf', 'jpeg', 'png', 'gif' or 'webp' from the bytes; ValidationError otherwise."""
    limit = max_upload_bytes()
    return sniff_image_or_pdf(
        upload,
        max_bytes=limit,
        too_large=_("The file is too large: the limit is %(limit)s.")
        % {"limit": filesizeformat(limit)},
        bad_type=_("Only photos (JPEG, PNG, GIF, WebP) and PDF files can be attached."),
    )
