"""Writes of themes and their evidence: IT only, each with an audit row."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from bsc.audit import record_audit
from bsc.tenancy import Access
from centers.teams.models import Center
from collaboratives.framework.models import SecondaryDriver
from collaboratives.schedule.models import Event
from collaboratives.schedule.selectors import upcoming_agenda_events
from collaboratives.schedule.services import event_agenda_add
from metrics.synthesis.evidence import Cited
from metrics.synthesis.models import Theme, ThemeEvidence
from pdsa.discussion.markdown import render_markdown

EDITABLE = ("title", "body", "lens", "action_period", "status", "acted_with", "visibility")


def _check_scope(
    access: Access, drivers: Iterable[SecondaryDriver], centers: Iterable[Center]
) -> None:
    errors: dict[str, list[str]] = {}
    for driver in drivers:
        if driver.primary.framework.collaborative_id != access.collaborative.pk:
            errors["drivers"] = [_("Choose drivers of this collaborative.")]
    for center in centers:
        if center.collaborative_id != access.collaborative.pk:
            errors["centers"] = [_("Choose centers of this collaborative.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def theme_create(
    *,
    access: Access,
    drivers: Iterable[SecondaryDriver] = (),
    centers: Iterable[Center] = (),
    **fields: Any,
) -> Theme:
    """A new theme, written by the IT."""
    access.require("manage_themes", access.collaborative)
    drivers, centers = list(drivers), list(centers)
    _check_scope(access, drivers, centers)
    theme = Theme(collaborative=access.collaborative, created_by=access.user)
    for name in EDITABLE:
        if name in fields:
            setattr(theme, name, fields[name])
    theme.body_html = render_markdown(theme.body)
    theme.full_clean(exclude=["collaborative"])
    theme.save()
    theme.drivers.set(drivers)
    theme.centers.set(centers)
    record_audit(
        actor=access.user,
        collaborative=access.collaborative,
        action="theme.create",
        obj=theme,
        changes={"title": theme.title, "lens": theme.lens, "visibility": theme.visibility},
    )
    return theme


@transaction.atomic
def theme_update(
    *,
    access: Access,
    theme: Theme,
    drivers: Iterable[SecondaryDriver] | None = None,
    centers: Iterable[Center] | None = None,
    **fields: Any,
) -> Theme:
    access.require("manage_themes", access.collaborative)
    changes: dict[str, Any] = {}
    for name in EDITABLE:
        if name in fields and getattr(theme, name) != fields[name]:
            changes[name] = [getattr(theme, name), fields[name]]
            setattr(theme, name, fields[name])
    # A form has already set the instance's fields: compare with what is stored.
    stored = Theme.objects.filter(pk=theme.pk).values_list("acted_with", flat=True).first()
    if "acted_with" in fields and fields["acted_with"] != stored:
        # Written by hand now: the link to the agenda item no longer describes it.
        theme.acted_with_url, theme.agenda_event = "", None
    theme.body_html = render_markdown(theme.body)
    theme.full_clean(exclude=["collaborative"])
    theme.save()
    if drivers is not None:
        drivers = list(drivers)
        _check_scope(access, drivers, [])
        theme.drivers.set(drivers)
    if centers is not None:
        centers = list(centers)
        _check_scope(access, [], centers)
        theme.centers.set(centers)
    record_audit(
        actor=access.user,
        collaborative=access.collaborative,
        action="theme.update",
        obj=theme,
        changes={key: [str(v) for v in value] for key, value in changes.items()},
    )
    return theme


@transaction.atomic
def theme_add_evidence(*, access: Access, theme: Theme, cited: Cited) -> ThemeEvidence:
    """Cite one piece of work in a theme (once: citing it again keeps the first link); the
    center it comes from joins the theme's centers."""
    access.require("manage_themes", access.collaborative)
    existing = theme.evidence.filter(kind=cited.kind, ref=cited.ref).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            evidence = ThemeEvidence.objects.create(
                theme=theme,
                kind=cited.kind,
                ref=cited.ref,
                label=cited.label[:300],
                url=cited.url[:500],
                center=cited.center,
                added_by=access.user,
            )
    except IntegrityError:
        return theme.evidence.get(kind=cited.kind, ref=cited.ref)
    if cited.center is not None:
        theme.centers.add(cited.center)
    Theme.objects.filter(pk=theme.pk).update(updated_at=evidence.added_at)
    record_audit(
        actor=access.user,
        collaborative=access.collaborative,
        action="theme.evidence_add",
        obj=theme,
        changes={"kind": cited.kind, "ref": cited.ref, "label": evidence.label},
    )
    return evidence


@transaction.atomic
def theme_remove_evidence(*, access: Access, theme: Theme, evidence_id: uuid.UUID) -> None:
    access.require("manage_themes", access.collaborative)
    evidence = theme.evidence.filter(public_id=evidence_id).first()
    if evidence is None:
        return
    record_audit(
        actor=access.user,
        collaborative=access.collaborative,
        action="theme.evidence_remove",
        obj=theme,
        changes={"kind": evidence.kind, "ref": evidence.ref, "label": evidence.label},
    )
    evidence.delete()


@transaction.atomic
def theme_add_to_agenda(*, access: Access, theme: Theme, event: Event) -> Theme:
    """Put the theme on the agenda of an upcoming call or Learning Session: an agenda item
    titled as the theme, and the theme acted on with that item, linked to the event."""
    access.require("manage_themes", access.collaborative)
    if not upcoming_agenda_events(access, limit=None).filter(pk=event.pk).exists():
        raise ValidationError(
            {"event": _("Choose an upcoming call or Learning Session of this collaborative.")}
        )
    event_agenda_add(access=access, event=event, item=theme.title)
    before = [theme.status, theme.acted_with]
    theme.status = Theme.Status.ACTED
    theme.acted_with = (_("agenda item of %(event)s") % {"event": event.title})[:300]
    theme.acted_with_url = event.get_absolute_url()
    theme.agenda_event = event
    theme.save(
        update_fields=["status", "acted_with", "acted_with_url", "agenda_event", "updated_at"]
    )
    record_audit(
        actor=access.user,
        collaborative=access.collaborative,
        action="theme.add_to_agenda",
        obj=theme,
        changes={
            "event": str(event.public_id),
            "status": [before[0], theme.status],
            "acted_with": [before[1], theme.acted_with],
        },
    )
    return theme
