"""Writes for ramps, cycles and attachments. Every write is checked, validated and audited."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from bsc.audit import record_audit
from collaboratives.framework.models import Metric, SecondaryDriver
from collaboratives.membership.dates import check_dates
from pdsa.cycles.models import Attachment, Cycle, Ramp
from pdsa.cycles.signals import cycle_posted
from pdsa.cycles.uploads import sniff_file_type

if TYPE_CHECKING:
    from bsc.tenancy import Access


PLAN_FIELDS = [
    "objective",
    "questions",
    "prediction",
    "who",
    "what",
    "where",
    "when",
    "scale",
    "data_to_collect",
    "start_date",
    "end_date",
]


STAGE_FIELDS: dict[str, list[str]] = {
    "plan": PLAN_FIELDS,
    "do": ["what_happened", "observations", "problems"],
    "study": ["results", "learned"],
    "act": ["decision", "next_step"],
}


NEXT_STAGE = {
    "plan": Cycle.Stage.DO,
    "do": Cycle.Stage.STUDY,
    "study": Cycle.Stage.ACT,
    "act": Cycle.Stage.DONE,
}


STAGE_ORDER = ["plan", "do", "study", "act", "done"]


SCALE_ORDER = [value for value, _label in Cycle.Scale.choices]


def _check_drivers(access: Access, drivers: Iterable[SecondaryDriver]) -> list[SecondaryDriver]:
    drivers = list(drivers)
    for driver in drivers:
        if driver.primary.framework.collaborative_id != access.collaborative.pk:
            raise ValidationError({"secondary_drivers": _("Choose drivers of this collaborative.")})
    return drivers


def ramp_create(
    *,
    access: Access,
    title: str,
    change_idea: str = "",
    status: str = Ramp.Status.TESTING,
    secondary_drivers: Iterable[SecondaryDriver] = (),
    metrics: Iterable[Metric] = (),
    origin: Ramp | None = None,
) -> Ramp:
    """A new ramp for the person's own center."""
    access.require("create_ramp", access.collaborative)
    drivers = _check_drivers(access, secondary_drivers)
    metrics = [m for m in metrics if m.collaborative_id == access.collaborative.pk]
    with transaction.atomic():
        ramp = Ramp(
            center=access.center,
            title=title,
            change_idea=change_idea,
            status=status,
            origin=origin,
            created_by=access.user,
        )
        ramp.full_clean()
        ramp.save()
        ramp.secondary_drivers.set(drivers)
        ramp.metrics.set(metrics)
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="ramp.copy" if origin else "ramp.create",
            obj=ramp,
            changes={"title": title, "origin": str(origin.public_id) if origin else None},
        )
    return ramp


def ramp_update(
    *,
    access: Access,
    ramp: Ramp,
    title: str,
    change_idea: str,
    status: str,
    secondary_drivers: Iterable[SecondaryDriver] = (),
    metrics: Iterable[Metric] = (),
) -> Ramp:
    access.require("change_ramp", ramp)
    drivers = _check_drivers(access, secondary_drivers)
    with transaction.atomic():
        before = {"title": ramp.title, "status": ramp.status}
        ramp.title, ramp.change_idea, ramp.status = title, change_idea, status
        ramp.full_clean()
        ramp.save()
        ramp.secondary_drivers.set(drivers)
        ramp.metrics.set([m for m in metrics if m.collaborative_id == access.collaborative.pk])
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="ramp.update",
            obj=ramp,
            changes={"before": before, "after": {"title": title, "status": status}},
        )
    return ramp


def _plan_values(data: dict[str, Any]) -> dict[str, Any]:
    values = {name: data.get(name) for name in PLAN_FIELDS if name in data}
    for name in ("start_date", "end_date"):
        if name in values and not values[name]:
            values[name] = None
    for name, value in list(values.items()):
        if value is None and name not in ("start_date", "end_date"):
            values[name] = ""
    if not values.get("scale"):
        values["scale"] = Cycle.Scale.ONE_CLASSROOM
    return values


def _check_plan_dates(access: Access, values: dict[str, Any]) -> None:
    """A cycle's dates fall within the collaborative's years, and it ends once it starts."""
    errors: dict[str, str] = {}
    start, end = values.get("start_date"), values.get("end_date")
    check_dates(access.collaborative, {"start_date": start, "end_date": end}, errors)
    if start and end and end < start and "end_date" not in errors:
        errors["end_date"] = _("The cycle cannot end before it starts.")
    if errors:
        raise ValidationError(errors)


def cycle_create(*, access: Access, ramp: Ramp, plan: dict[str, Any]) -> Cycle:
    """The next numbered cycle of a ramp, with its Plan saved."""
    access.require("change_ramp", ramp)
    values = _plan_values(plan)
    if not (values.get("objective") or "").strip():
        raise ValidationError({"objective": _("Say what this cycle is meant to find out.")})
    _check_plan_dates(access, values)
    now = timezone.now()
    with transaction.atomic():
        # Lock the ramp so two cycles started at once do not take the same number.
        Ramp.objects.select_for_update().filter(pk=ramp.pk).first()
        number = (ramp.cycles.aggregate(n=Max("number"))["n"] or 0) + 1
        cycle = Cycle(
            ramp=ramp,
            number=number,
            stage=Cycle.Stage.DO,
            plan_saved_at=now,
            activity_at=now,
            created_by=access.user,
            updated_by=access.user,
            **values,
        )
        cycle.full_clean()
        cycle.save()
        Ramp.objects.filter(pk=ramp.pk).update(updated_at=now)
        cycle_posted.send(sender=Cycle, cycle=cycle, created=True, at=now)
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="cycle.create",
            obj=cycle,
            changes={"ramp": str(ramp.public_id), "number": number},
        )
        from pdsa.discussion.alerts import notify_cycle_posted

        notify_cycle_posted(cycle)
    return cycle


class CycleConflict(Exception):
    """Someone saved the cycle after the caller loaded it; nothing was written.

    Carries the stored cycle (their version) and the stage's values in it, so the page and
    the API can show both versions side by side.
    """

    def __init__(self, cycle: Cycle, stage: str) -> None:
        super().__init__("conflict")
        self.cycle = cycle
        self.stage = stage
        self.version = cycle.version
        self.theirs = {name: getattr(cycle, name) for name in STAGE_FIELDS[stage]}


def _comparable(value: Any) -> str:
    # Form and API values (dates, None, "") compared with stored ones as the page shows them.
    return "" if value is None else str(value).strip()


def cycle_save_stage(
    *,
    access: Access,
    cycle: Cycle,
    stage: str,
    data: dict[str, Any],
    start_next: bool = False,
    expected_version: int | None = None,
) -> tuple[Cycle, Cycle | None]:
    """Save one stage of a cycle on its own; Act may start the next cycle, pre-filled.

    Returns (cycle, next cycle or None). Act without a Study is saved and flagged incomplete.
    With `expected_version` (the version the form or client loaded), a save made after
    someone else's raises CycleConflict instead of overwriting it, unless it changes nothing
    of what they saved. Without it (older API clients), the save is not checked.
    """
    access.require("change_ramp", cycle.ramp)
    if stage not in STAGE_FIELDS:
        raise ValidationError({"stage": _("Unknown stage.")})
    values = (
        _plan_values(data)
        if stage == "plan"
        else {name: data.get(name) or "" for name in STAGE_FIELDS[stage]}
    )
    if stage == "plan" and not (values.get("objective") or "").strip():
        raise ValidationError({"objective": _("Say what this cycle is meant to find out.")})
    if stage == "plan":
        _check_plan_dates(access, values)
    if stage == "act" and not values.get("decision"):
        raise ValidationError({"decision": _("Choose adapt, adopt or abandon.")})
    now = timezone.now()
    next_cycle = None
    with transaction.atomic():
        # Work on the locked stored row, not the caller's copy: a bound ModelForm has already
        # written the posted values into it, and saving a stale copy would also put back the
        # other stages as they were when it was loaded.
        stored = (
            Cycle.objects.select_for_update(of=("self",))
            .select_related("ramp__center", "updated_by")
            .get(pk=cycle.pk)
        )
        stale = expected_version is not None and expected_version != stored.version
        if stale and any(
            _comparable(getattr(stored, name)) != _comparable(value)
            for name, value in values.items()
        ):
            raise CycleConflict(stored, stage)
        cycle = stored
        before = {name: str(getattr(cycle, name)) for name in values}
        for name, value in values.items():
            setattr(cycle, name, value)
        setattr(cycle, f"{stage}_saved_at", now)
        if STAGE_ORDER.index(NEXT_STAGE[stage]) > STAGE_ORDER.index(cycle.stage):
            cycle.stage = NEXT_STAGE[stage]
        cycle.activity_at = now
        cycle.version += 1
        cycle.updated_by = access.user
        cycle.full_clean()
        cycle.save()
        Ramp.objects.filter(pk=cycle.ramp_id).update(updated_at=now)
        cycle_posted.send(sender=Cycle, cycle=cycle, created=False, at=now)
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action=f"cycle.save_{stage}",
            obj=cycle,
            changes={
                "before": before,
                "after": {name: str(value) for name, value in values.items()},
                "version": cycle.version,
            },
        )
        if stage == "act" and start_next and cycle.decision != Cycle.Decision.ABANDON:
            next_cycle = cycle_create(access=access, ramp=cycle.ramp, plan=next_cycle_plan(cycle))
    return cycle, next_cycle


def next_cycle_plan(cycle: Cycle) -> dict[str, Any]:
    """The next cycle's plan, pre-filled from this one: adopting grows the scale by a step."""
    scale = cycle.scale
    if cycle.decision == Cycle.Decision.ADOPT and scale in SCALE_ORDER:
        scale = SCALE_ORDER[min(SCALE_ORDER.index(scale) + 1, len(SCALE_ORDER) - 1)]
    return {
        "objective": cycle.next_step or cycle.objective,
        "questions": cycle.questions,
        "who": cycle.who,
        "what": cycle.what,
        "where": cycle.where,
        "when": "",
        "scale": scale,
        "data_to_collect": cycle.data_to_collect,
    }


def ramp_copy(*, access: Access, origin: Ramp) -> Ramp:
    """ "Steal shamelessly": a ramp for the person's center started from another center's.

    The copy links to its origin and starts with the origin's first plan at its first scale.
    """
    access.require("create_ramp", access.collaborative)
    if origin.center.collaborative_id != access.collaborative.pk:
        raise ValidationError(_("That ramp is not part of this collaborative."))
    with transaction.atomic():
        ramp = ramp_create(
            access=access,
            title=origin.title,
            change_idea=origin.change_idea,
            secondary_drivers=origin.secondary_drivers.select_related("primary__framework"),
            metrics=origin.metrics.all(),
            origin=origin,
        )
        first = origin.cycles.order_by("number").first()
        if first is not None:
            cycle_create(
                access=access,
                ramp=ramp,
                plan={name: getattr(first, name) for name in PLAN_FIELDS},
            )
    return ramp


def quick_start(
    *,
    access: Access,
    title: str,
    objective: str,
    prediction: str = "",
    who: str = "",
    when: str = "",
    scale: str = Cycle.Scale.ONE_CLASSROOM,
    secondary_drivers: Iterable[SecondaryDriver] = (),
) -> Cycle:
    """ "What can we test by next Tuesday?": a ramp and its first cycle's plan in one step."""
    if not (objective or "").strip():
        raise ValidationError({"objective": _("Say what this cycle is meant to find out.")})
    with transaction.atomic():
        ramp = ramp_create(
            access=access, title=title, change_idea=objective, secondary_drivers=secondary_drivers
        )
        return cycle_create(
            access=access,
            ramp=ramp,
            plan={
                "objective": objective,
                "prediction": prediction,
                "who": who,
                "when": when,
                "scale": scale,
            },
        )


def attachment_add(*, access: Access, cycle: Cycle, upload: UploadedFile) -> Attachment:
    """Attach a photo or PDF to a cycle, checked by content and size."""
    access.require("change_ramp", cycle.ramp)
    try:
        file_type = sniff_file_type(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    with transaction.atomic():
        attachment = Attachment(
            cycle=cycle,
            file_type=file_type,
            original_name=(upload.name or "attachment")[-200:],
            size=upload.size or 0,
            uploaded_by=access.user,
        )
        attachment.file.save("upload", upload, save=False)
        attachment.save()
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="attachment.add",
            obj=attachment,
            changes={"cycle": str(cycle.public_id), "type": file_type},
        )
    return attachment
