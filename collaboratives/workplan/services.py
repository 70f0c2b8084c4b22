from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bsc.audit import record_audit
from collaboratives.membership.dates import check_dates, date_error
from collaboratives.membership.models import Membership
from collaboratives.workplan.models import WorkplanTask

if TYPE_CHECKING:
    from bsc.tenancy import Access
    from collaboratives.membership.models import Collaborative
from collaboratives.schedule.services import local_date

# An anchored task falls at most this many days before or after its event.
MAX_OFFSET_DAYS = 730


def _task_due(data: dict[str, Any], errors: dict[str, str], collaborative: Collaborative) -> None:
    anchor = data.get("anchor_event")
    if anchor is not None:
        offset = data.get("offset_days") or 0
        if abs(offset) > MAX_OFFSET_DAYS:
            errors["offset_days"] = _(
                "An anchored task falls at most %(days)s days before or after its event."
            ) % {"days": MAX_OFFSET_DAYS}
            return
        data["due_date"] = local_date(anchor, collaborative.timezone) + datetime.timedelta(
            days=offset
        )
        message = date_error(collaborative, data["due_date"])
        if message:
            errors["offset_days"] = message
    elif not data.get("due_date"):
        errors["due_date"] = _("Give a due date, or anchor the task to an event.")
    else:
        data["offset_days"] = 0
        check_dates(collaborative, {"due_date": data["due_date"]}, errors)


def task_create(*, access: Access, **data: Any) -> WorkplanTask:
    """Add a workplan task (fixed date, or anchored to an event with an offset)."""
    access.require("manage_workplan", access.collaborative)
    errors: dict[str, str] = {}
    for name in ("anchor_event", "source_event"):
        event = data.get(name)
        if event is not None and event.collaborative_id != access.collaborative.pk:
            errors[name] = _("That event is not part of this collaborative.")
    _task_due(data, errors, access.collaborative)
    owner = data.get("owner")
    if (
        owner is not None
        and not Membership.objects.filter(
            collaborative=access.collaborative, user=owner, role=Membership.Role.IMPLEMENTATION_TEAM
        ).exists()
    ):
        errors["owner"] = _("The owner is a member of the Implementation Team.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        task = WorkplanTask(collaborative=access.collaborative, **data)
        task.full_clean()
        task.save()
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="task.create",
            obj=task,
            changes={"title": task.title, "due_date": task.due_date.isoformat()},
        )
    return task


def task_update(*, access: Access, task: WorkplanTask, **data: Any) -> WorkplanTask:
    access.require("manage_workplan", access.collaborative)
    merged = {
        "anchor_event": task.anchor_event,
        "offset_days": task.offset_days,
        "due_date": task.due_date,
    } | data
    errors: dict[str, str] = {}
    anchor = merged.get("anchor_event")
    if anchor is not None and anchor.collaborative_id != access.collaborative.pk:
        errors["anchor_event"] = _("That event is not part of this collaborative.")
    _task_due(merged, errors, access.collaborative)
    if errors:
        raise ValidationError(errors)
    changes = {k: str(v) for k, v in merged.items() if getattr(task, k) != v}
    with transaction.atomic():
        for name, value in merged.items():
            setattr(task, name, value)
        if "status" in data:
            task.completed_at = timezone.now() if task.status == task.Status.DONE else None
        task.full_clean()
        task.save()
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="task.update",
            obj=task,
            changes=changes,
        )
    return task


def task_set_status(*, access: Access, task: WorkplanTask, status: str) -> WorkplanTask:
    if status not in WorkplanTask.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    return task_update(access=access, task=task, status=status)
