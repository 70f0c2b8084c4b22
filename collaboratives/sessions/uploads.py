"""Session materials: PDFs and images as everywhere else, plus Office documents (slides,
handouts, worksheets), each recognised by its content."""

from __future__ import annotations

import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from bsc.uploads import sniff_image_or_pdf

MAX_MATERIAL_BYTES = 25 * 1024 * 1024

# The part that names an Office Open XML document's kind, inside its zip container.
_OOXML_MAIN = {
    "ppt/presentation.xml": "pptx",
    "word/document.xml": "docx",
    "xl/workbook.xml": "xlsx",
}


def sniff_material(upload: UploadedFile) -> str:
    """'pdf', an image kind, 'pptx', 'docx' or 'xlsx', judged by the bytes; ValidationError
    otherwise."""
    too_large = _("The file is too large: at most %(mb)s MB.") % {
        "mb": MAX_MATERIAL_BYTES // (1024 * 1024)
    }
    bad_type = _("This file is not a PDF, an image, or a PowerPoint, Word or Excel document.")
    if upload.size is None or upload.size > MAX_MATERIAL_BYTES:
        raise ValidationError(too_large, code="too_large")
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    if head == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise ValidationError(bad_type, code="bad_type") from exc
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names:
            for part, kind in _OOXML_MAIN.items():
                if part in names:
                    return kind
        raise ValidationError(bad_type, code="bad_type")
    return sniff_image_or_pdf(
        upload, max_bytes=MAX_MATERIAL_BYTES, too_large=too_large, bad_type=bad_type
    )
