"""Published versions of the Collaborative Change Framework.

The live tables (aims, drivers, metrics) are the IT's draft. Publishing stores the framework as
data in a `FrameworkVersion`; rounds, assessments and reports read their drivers and wording
from the version they were made with, so an edit of the draft never rewrites their history.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Case, F, IntegerField, Max, Q, When
from django.utils import timezone
from django.utils.translation import gettext as _

from bsc.audit import record_audit
from collaboratives.framework.models import ChangeFramework, FrameworkVersion
from collaboratives.framework.selectors import framework_of, framework_tree
from collaboratives.membership.models import Collaborative

if TYPE_CHECKING:
    from bsc.tenancy import Access


def framework_snapshot(collaborative: Collaborative) -> dict[str, Any]:
    """The live framework as data: active drivers with their wording and metric links.

    Public ids are kept so ratings (which point at driver rows) can be matched to the version.
    """
    framework, aims, primaries = framework_tree(collaborative)
    codes: dict[int, str] = {}
    drivers = []
    for primary in primaries:
        secondaries = []
        for secondary in primary.secondaries:
            codes[secondary.pk] = str(secondary.public_id)
            secondaries.append(
                {
                    "public_id": str(secondary.public_id),
                    "number": secondary.number,
                    "text": secondary.text,
                    "assessment_text": secondary.assessment_text,
                }
            )
        drivers.append(
            {
                "public_id": str(primary.public_id),
                "number": primary.number,
                "name": primary.name,
                "full_name": primary.full_name,
                "description": primary.description,
                "secondary_drivers": secondaries,
            }
        )
    metrics = [
        {
            "public_id": str(metric.public_id),
            "slug": metric.slug,
            "name": metric.name,
            "drivers": [codes[d.pk] for d in metric.drivers.all() if d.pk in codes],
        }
        for metric in collaborative.metrics.prefetch_related("drivers")
    ]
    return {
        "need": framework.need if framework else "",
        "opportunity": framework.opportunity if framework else "",
        "aims": [{"public_id": str(a.public_id), "number": a.number, "text": a.text} for a in aims],
        "primary_drivers": drivers,
        "metrics": metrics,
    }


def _create_version(framework: ChangeFramework, *, note: str, user: Any = None) -> FrameworkVersion:
    last = framework.versions.aggregate(n=Max("number"))["n"] or 0
    return FrameworkVersion.objects.create(
        framework=framework,
        number=last + 1,
        note=note,
        snapshot=framework_snapshot(framework.collaborative),
        published_by=user,
        published_at=timezone.now(),
    )


def framework_version_publish(*, access: Access, note: str) -> FrameworkVersion:
    """The IT publishes the draft as the next version; rounds opened from now on use it."""
    access.require("manage_framework", access.collaborative)
    note = note.strip()
    if not note:
        from django.core.exceptions import ValidationError

        raise ValidationError({"note": _("Say what changed and why.")})
    with transaction.atomic():
        framework = framework_of(access.collaborative)
        # Two publishes at once must not take the same number.
        framework = ChangeFramework.objects.select_for_update().get(pk=framework.pk)
        version = _create_version(framework, note=note, user=access.user)
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="framework.publish",
            obj=version,
            changes={"number": version.number, "note": note},
        )
    return version


def current_version(collaborative: Collaborative) -> FrameworkVersion:
    """The newest published version; a framework never published gets version 1 from its
    present state, so everything made from now on has a version to point at."""
    framework = framework_of(collaborative)
    version = framework.versions.order_by("-number").first()
    if version is None:
        with transaction.atomic():
            framework = ChangeFramework.objects.select_for_update().get(pk=framework.pk)
            version = framework.versions.order_by("-number").first() or _create_version(
                framework, note=_("First version, published automatically.")
            )
    return version


def version_at(collaborative: Collaborative, moment: datetime.datetime) -> FrameworkVersion:
    """The version that was current at `moment`: the newest published by then, or the first
    one when none was (the framework was not versioned yet). One query when versioned."""
    by_then = Q(published_at__lte=moment)
    # Those published by then come first, newest first; then the others, oldest first: the
    # first row is the answer in either case, read in one query.
    found = (
        FrameworkVersion.objects.filter(framework__collaborative=collaborative)
        .order_by(
            Case(When(by_then, then=0), default=1),
            Case(
                When(by_then, then=-F("number")),
                default=F("number"),
                output_field=IntegerField(),
            ),
        )
        .first()
    )
    return found or current_version(collaborative)


def versions_of(collaborative: Collaborative) -> list[FrameworkVersion]:
    return list(
        FrameworkVersion.objects.filter(framework__collaborative=collaborative)
        .select_related("published_by")
        .order_by("-number")
    )


def get_version(access: Access, number: int) -> FrameworkVersion:
    from django.http import Http404

    version = (
        FrameworkVersion.objects.filter(
            framework__collaborative=access.collaborative, number=number
        )
        .select_related("published_by")
        .first()
    )
    if version is None:
        raise Http404
    return version


@dataclass(eq=False)
class VersionPrimary:
    """A primary driver as a version recorded it (the shape templates use for live drivers)."""

    public_id: str
    number: int
    name: str
    full_name: str = ""
    description: str = ""
    secondaries: list[VersionSecondary] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.full_name or self.name

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


@dataclass(eq=False)
class VersionSecondary:
    public_id: str
    number: int
    text: str
    assessment_text: str
    primary: VersionPrimary

    @property
    def rating_text(self) -> str:
        return self.assessment_text or self.text

    @property
    def code(self) -> str:
        return f"{self.primary.number}.{self.number}"

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


def version_drivers(version: FrameworkVersion) -> list[VersionPrimary]:
    """The version's primary drivers, each with its secondary drivers on `.secondaries`."""
    primaries = []
    for item in version.snapshot.get("primary_drivers", []):
        primary = VersionPrimary(
            public_id=item["public_id"],
            number=item["number"],
            name=item["name"],
            full_name=item.get("full_name", ""),
            description=item.get("description", ""),
        )
        primary.secondaries = [
            VersionSecondary(
                public_id=sub["public_id"],
                number=sub["number"],
                text=sub["text"],
                assessment_text=sub.get("assessment_text", ""),
                primary=primary,
            )
            for sub in item.get("secondary_drivers", [])
        ]
        primaries.append(primary)
    return primaries


def version_driver_ids(version: FrameworkVersion) -> set[str]:
    return {s.public_id for p in version_drivers(version) for s in p.secondaries}


def is_in_a_version(framework: ChangeFramework, public_id: str) -> bool:
    """Whether a published version names this driver: then it is retired, never deleted, so
    the assessments made with that version can still store ratings for it."""
    key = str(public_id)
    for snapshot in framework.versions.values_list("snapshot", flat=True):
        for primary in snapshot.get("primary_drivers", []):
            if primary.get("public_id") == key:
                return True
            if any(s.get("public_id") == key for s in primary.get("secondary_drivers", [])):
                return True
    return False
