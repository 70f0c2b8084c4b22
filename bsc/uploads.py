"""Uploaded files are judged by their content, never by their name or declared type."""

import warnings
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

# Pillow's format name -> the short kind callers store.
IMAGE_FORMATS = {"JPEG": "jpeg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}

# A photo from a phone has at most about 50 megapixels. A tiny file that claims far more
# (a "decompression bomb") would take gigabytes of memory to show, so it is refused.
MAX_IMAGE_PIXELS = 60_000_000


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _("The image is too large: at most %(megapixels)s megapixels (width × height).")
        % {"megapixels": MAX_IMAGE_PIXELS // 1_000_000},
        code="too_many_pixels",
    )


def sniff_image_or_pdf(
    upload: UploadedFile, *, max_bytes: int, too_large: str, bad_type: str
) -> str:
    """'pdf', 'jpeg', 'png', 'gif' or 'webp' read from the bytes.

    Raises ValidationError with `too_large` (code "too_large"), `bad_type` (code "bad_type"),
    or, for an image of more than MAX_IMAGE_PIXELS, code "too_many_pixels".
    """
    if upload.size is None or upload.size > max_bytes:
        raise ValidationError(too_large, code="too_large")
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        if not _ends_like_a_pdf(upload):
            raise ValidationError(bad_type, code="bad_type")
        return "pdf"
    try:
        with warnings.catch_warnings():
            # Pillow warns, then raises, on large images; the explicit check below decides.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image_format = image.format
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise _too_many_pixels()
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels() from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(bad_type, code="bad_type") from exc
    finally:
        upload.seek(0)
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(bad_type, code="bad_type")
    return IMAGE_FORMATS[image_format]


def _ends_like_a_pdf(upload: UploadedFile) -> bool:
    """Whether the file ends with a PDF's end-of-file marker.

    Every PDF writer ends the file with `%%EOF`; HTML or script appended after it (a file that
    is a PDF to a check of its first bytes and a web page to a browser) is refused.
    """
    size = upload.size or 0
    upload.seek(max(0, size - 1024))
    tail = upload.read()
    upload.seek(0)
    return tail.rstrip(b" \t\r\n\x00").endswith(b"%%EOF")


# What the browser may do with a file a person uploaded: nothing. `sandbox` puts an HTML or SVG
# document that slipped through into a unique origin without scripts, so it cannot read the
# viewer's pages; `nosniff` stops the browser from guessing a more dangerous type than ours.
UPLOAD_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


def serve_upload(
    handle: Any,
    *,
    content_type: str,
    filename: str = "",
    as_attachment: bool = True,
) -> FileResponse:
    """Stream an uploaded (or stored) file with the headers that keep it inert."""
    response = FileResponse(
        handle, content_type=content_type, as_attachment=as_attachment, filename=filename
    )
    if not as_attachment:
        # Shown in the page's tab (e.g. a storyboard PDF), never saved under a guessed name.
        response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = UPLOAD_CSP
    return response
