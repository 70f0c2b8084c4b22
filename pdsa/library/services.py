from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from bsc.audit import record_audit
from collaboratives.framework.models import SecondaryDriver
from pdsa.board.models import BoardEntry
from pdsa.cycles.uploads import sniff_file_type
from pdsa.library.models import Resource

if TYPE_CHECKING:
    from bsc.tenancy import Access


def resource_create(
    *,
    access: Access,
    title: str,
    description: str = "",
    url: str = "",
    upload: UploadedFile | None = None,
    drivers: Iterable[SecondaryDriver] = (),
    tags: str = "",
) -> Resource:
    """A library item (a link or a checked file); IT and faculty add them."""
    access.require("add_resource", access.collaborative)
    if not url and upload is None:
        raise ValidationError({"url": _("Give a link or attach a file.")})
    file_type = ""
    if upload is not None:
        try:
            file_type = sniff_file_type(upload)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from error
    drivers = [
        d for d in drivers if d.primary.framework.collaborative_id == access.collaborative.pk
    ]
    with transaction.atomic():
        resource = Resource(
            collaborative=access.collaborative,
            title=title,
            description=description,
            url=url,
            tags=tags,
            file_type=file_type,
            original_name=(upload.name or "")[-200:] if upload is not None else "",
            added_by=access.user,
        )
        resource.full_clean(exclude=["file"])
        if upload is not None:
            resource.file.save(f"{resource.public_id}.{file_type}", upload, save=False)
        resource.save()
        resource.drivers.set(drivers)
        BoardEntry.objects.create(
            collaborative=access.collaborative,
            kind=BoardEntry.Kind.RESOURCE,
            resource=resource,
            updated_at=resource.created_at,
        )
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="resource.create",
            obj=resource,
            changes={"title": title},
        )
    return resource
