"""Writes for Action Plans: the team's own plan, its items, and a change turned into a ramp."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bsc.audit import record_audit
from collaboratives.framework.models import SecondaryDriver
from collaboratives.membership.dates import check_dates
from collaboratives.schedule.models import Event
from pdsa.action_plans.models import ActionPlan, ActionPlanItem
from pdsa.cycles.models import Ramp
from pdsa.cycles.services import ramp_create

if TYPE_CHECKING:
    from bsc.tenancy import Access
    from centers.teams.models import Center

LATER_KINDS = {ActionPlanItem.Kind.EXPAND, ActionPlanItem.Kind.SPREAD, ActionPlanItem.Kind.SUSTAIN}


def _drivers(access: Access, drivers: Iterable[SecondaryDriver]) -> list[SecondaryDriver]:
    drivers = list(drivers)
    for driver in drivers:
        if driver.primary.framework.collaborative_id != access.collaborative.pk:
            raise ValidationError({"drivers": _("Choose drivers of this collaborative.")})
    return drivers


def _own_plan(access: Access, center: Center, event: Event) -> ActionPlan:
    access.require("change_action_plan", center)
    if (
        event.kind != Event.Kind.LEARNING_SESSION
        or event.collaborative_id != center.collaborative_id
    ):
        raise ValidationError(_("Action Plans are written at a Learning Session."))
    plan, _created = ActionPlan.objects.get_or_create(center=center, event=event)
    return plan


def action_plan_save(
    *,
    access: Access,
    center: Center,
    event: Event,
    focus_drivers: Iterable[SecondaryDriver],
    support_wanted: str,
) -> ActionPlan:
    """The drivers the team will focus on and the support it wants from faculty."""
    drivers = _drivers(access, focus_drivers)
    with transaction.atomic():
        plan = _own_plan(access, center, event)
        plan.support_wanted = support_wanted.strip()
        plan.updated_by = access.user
        plan.full_clean()
        plan.save()
        plan.focus_drivers.set(drivers)
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="action_plan.save",
            obj=plan,
            changes={"focus_drivers": [str(d.public_id) for d in drivers]},
        )
    return plan


def action_plan_item_add(
    *,
    access: Access,
    center: Center,
    event: Event,
    kind: str,
    text: str,
    who: str = "",
    by_when: datetime.date | None = None,
    drivers: Iterable[SecondaryDriver] = (),
    ramp: Ramp | None = None,
) -> ActionPlanItem:
    """Add a line to the team's plan. PDSAs to expand, bundles to spread and sustainability
    steps belong to later sessions, once there is something to expand."""
    drivers = _drivers(access, drivers)
    if kind in LATER_KINDS and (event.number or 1) < 2:
        raise ValidationError(
            {"kind": _("At the first Learning Session the plan lists changes to test.")}
        )
    if ramp is not None and ramp.center_id != center.pk:
        raise ValidationError({"ramp": _("Choose one of your team's ramps.")})
    if by_when is not None:
        errors: dict[str, str] = {}
        check_dates(access.collaborative, {"by_when": by_when}, errors)
        if not errors and by_when < event.local_start().date():
            errors["by_when"] = _("Choose a date after the Learning Session.")
        if errors:
            raise ValidationError(errors)
    with transaction.atomic():
        plan = _own_plan(access, center, event)
        item = ActionPlanItem(
            plan=plan,
            kind=kind,
            text=text.strip(),
            who=who.strip(),
            by_when=by_when,
            ramp=ramp,
            moved_at=timezone.now() if ramp is not None else None,
        )
        item.full_clean()
        item.save()
        item.drivers.set(drivers)
        plan.updated_by = access.user
        plan.save(update_fields=["updated_by", "updated_at"])
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="action_plan.item_add",
            obj=item,
            changes={"kind": kind, "text": item.text},
        )
    return item


def action_plan_item_remove(*, access: Access, item: ActionPlanItem) -> None:
    access.require("change_action_plan", item)
    with transaction.atomic():
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="action_plan.item_remove",
            obj=item.plan,
            changes={"text": item.text, "ramp": str(item.ramp.public_id) if item.ramp else None},
        )
        item.delete()


def action_plan_item_start_ramp(*, access: Access, item: ActionPlanItem) -> Ramp:
    """Turn a planned change into a PDSA ramp of the team, linked to the item's drivers (or
    the plan's, when the item names none) and pre-filled from the plan."""
    access.require("change_action_plan", item)
    if item.kind != ActionPlanItem.Kind.TEST:
        raise ValidationError(_("Only a change to test becomes a new ramp."))
    if item.ramp_id:
        raise ValidationError(_("This change already has its ramp."))
    drivers = list(item.drivers.all()) or list(item.plan.focus_drivers.all())
    details = [item.text]
    if item.who:
        details.append(_("Who: %(who)s") % {"who": item.who})
    if item.by_when:
        details.append(_("By: %(day)s") % {"day": item.by_when.isoformat()})
    details.append(
        _("From our Action Plan after %(session)s.") % {"session": item.plan.event.title}
    )
    with transaction.atomic():
        item = ActionPlanItem.objects.select_for_update().get(pk=item.pk)
        if item.ramp_id:
            raise ValidationError(_("This change already has its ramp."))
        ramp = ramp_create(
            access=access,
            title=item.text[:200],
            change_idea="\n".join(details),
            secondary_drivers=drivers,
        )
        item.ramp = ramp
        item.moved_at = timezone.now()
        item.save(update_fields=["ramp", "moved_at"])
    return ramp
