"""Writes for centers and their teams: profile (IT), team name, motto, storyboard."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from bsc.audit import record_audit
from bsc.uploads import sniff_image_or_pdf
from centers.teams.models import Center

if TYPE_CHECKING:
    from bsc.tenancy import Access


EXTENSIONS = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "application/pdf": "pdf",
}


# The guide's status path: applicant -> selected -> active -> withdrawn/completed.
STATUS_NEXT = {
    Center.Status.APPLICANT: {Center.Status.SELECTED, Center.Status.WITHDRAWN},
    Center.Status.SELECTED: {Center.Status.ACTIVE, Center.Status.WITHDRAWN},
    Center.Status.ACTIVE: {Center.Status.WITHDRAWN, Center.Status.COMPLETED},
    Center.Status.WITHDRAWN: set(),
    Center.Status.COMPLETED: set(),
}


def storyboard_max_bytes() -> int:
    return getattr(settings, "STORYBOARD_MAX_BYTES", 10 * 1024 * 1024)


def storyboard_content_type(upload: UploadedFile) -> str:
    """The upload's real kind, read from its content (the name and browser's word are ignored).

    Raises ValidationError when it is too large or neither an image nor a PDF.
    """
    kind = sniff_image_or_pdf(
        upload,
        max_bytes=storyboard_max_bytes(),
        too_large=_("The storyboard is too large: the limit is %(mb)d MB.")
        % {"mb": storyboard_max_bytes() // (1024 * 1024)},
        bad_type=_("The storyboard must be an image (PNG, JPEG, GIF, WebP) or a PDF."),
    )
    return "application/pdf" if kind == "pdf" else f"image/{kind}"


def team_update(
    *,
    access: Access,
    center: Center,
    team_name: str,
    motto: str,
    storyboard: UploadedFile | None = None,
    data_point_person: Any = None,
) -> Center:
    """A team (or the IT) changes its team name, motto, storyboard and data point person."""
    access.require("change_center_team", center)
    content_type = None
    if storyboard is not None:
        try:
            content_type = storyboard_content_type(storyboard)
        except ValidationError as error:
            raise ValidationError({"storyboard": error.messages}) from error
    with transaction.atomic():
        before = {"team_name": center.team_name, "motto": center.motto}
        center.team_name, center.motto = team_name.strip(), motto.strip()
        if storyboard is not None and content_type is not None:
            if center.storyboard:
                center.storyboard.delete(save=False)
            center.storyboard.save(f"storyboard.{EXTENSIONS[content_type]}", storyboard, save=False)
            center.storyboard_content_type = content_type
        center.full_clean()
        center.save()
        if data_point_person is not None:
            if data_point_person.center_id != center.pk:
                raise ValidationError({"data_point_person": _("Choose a member of this team.")})
            center.memberships.exclude(pk=data_point_person.pk).update(data_point_person=False)
            center.memberships.filter(pk=data_point_person.pk).update(data_point_person=True)
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="team.update",
            obj=center,
            changes={"before": before, "storyboard": bool(storyboard)},
        )
    return center


def center_save(*, access: Access, data: dict[str, Any], center: Center | None = None) -> Center:
    """The IT adds a center or edits its profile (Appendix I cover sheet) and status."""
    access.require("change_center_profile", access.collaborative)
    errors: dict[str, str] = {}
    new_status = data.get("status")
    if (
        center is not None
        and new_status
        and new_status != center.status
        and new_status not in STATUS_NEXT.get(center.status, set())
    ):
        errors["status"] = _("A center cannot go from %(old)s to %(new)s.") % {
            "old": center.get_status_display(),
            "new": dict(Center.Status.choices).get(data["status"], data["status"]),
        }
    slug = data.get("slug")
    if center is None and slug:
        if slug == "new":
            errors["slug"] = _("This short name is reserved.")
        elif Center.objects.filter(collaborative=access.collaborative, slug=slug).exists():
            errors["slug"] = _("Another center already uses this short name.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        created = center is None
        if center is None:
            center = Center(collaborative=access.collaborative)
        for key, value in data.items():
            if key == "slug" and not created:
                continue
            setattr(center, key, value)
        center.full_clean()
        center.save()
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="center.create" if created else "center.update",
            obj=center,
            changes={k: str(v) for k, v in data.items()},
        )
    return center
