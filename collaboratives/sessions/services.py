"""Writes of the sessions room: agenda blocks and objectives, materials, RSVPs, check-in and
attendance. Each checks its permission and keeps an audit row in the same transaction."""

from __future__ import annotations

import datetime
import json
import zoneinfo
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bsc.audit import record_audit
from bsc.notifications import notify
from bsc.tenancy import Access
from collaboratives.membership.models import Membership
from collaboratives.schedule.models import Event, EventAttendance
from collaboratives.schedule.selectors import audience_members, in_audience
from collaboratives.sessions.models import (
    AgendaBlock,
    CheckInCode,
    Material,
    Rsvp,
    SessionPlan,
)
from collaboratives.sessions.uploads import sniff_material

if TYPE_CHECKING:
    from bsc.models import User

SESSION_KINDS = (Event.Kind.PRE_WORK, Event.Kind.LEARNING_SESSION)
APPENDIX_G = Path(__file__).with_name("appendix_g.json")
# Check-in opens an hour before the start (registration) and closes at the end.
CHECK_IN_OPENS = datetime.timedelta(hours=1)
RSVP_SALT = "collaboratives.sessions.rsvp"


@cache
def appendix_g() -> dict[str, Any]:
    """The Appendix G agendas shipped with the app, by key."""
    data = json.loads(APPENDIX_G.read_text(encoding="utf-8"))
    return {agenda["key"]: agenda for agenda in data["agendas"]}


def _tz(event: Event) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(event.collaborative.timezone)


def _check_block(event: Event, start: Any, end: Any, errors: dict[str, str]) -> None:
    if start is None or end is None:
        return
    if end <= start:
        errors["end"] = _("The end must be after the start.")
    elif start < event.start or end > event.end:
        local = _tz(event)
        errors["start"] = _("The block must lie within the event (%(start)s–%(end)s).") % {
            "start": event.start.astimezone(local).strftime("%d %b %H:%M"),
            "end": event.end.astimezone(local).strftime("%d %b %H:%M"),
        }


def _check_people(access: Access, presenters: Iterable[User]) -> list[User]:
    people = list(presenters)
    ids = set(
        Membership.objects.filter(
            collaborative=access.collaborative,
            user__in=people,
            role__in=[Membership.Role.IMPLEMENTATION_TEAM, Membership.Role.FACULTY],
        ).values_list("user_id", flat=True)
    )
    if any(p.pk not in ids for p in people):
        raise ValidationError({"presenters": _("Presenters are faculty or IT members.")})
    return people


def _require_session(access: Access, event: Event) -> None:
    access.require("manage_agenda", access.collaborative)
    if event.kind not in SESSION_KINDS:
        raise ValidationError(_("Only Learning Sessions and the pre-work day have agendas."))


def block_create(
    *, access: Access, event: Event, presenters: Iterable[User] = (), **data: Any
) -> AgendaBlock:
    """Add a block to the agenda; a block outside the event is refused."""
    _require_session(access, event)
    errors: dict[str, str] = {}
    _check_block(event, data.get("start"), data.get("end"), errors)
    if errors:
        raise ValidationError(errors)
    people = _check_people(access, presenters)
    with transaction.atomic():
        block = AgendaBlock(event=event, **data)
        block.full_clean()
        block.save()
        block.presenters.set(people)
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="agenda.block_create",
            obj=block,
            changes={"event": str(event.public_id), "title": block.title},
        )
    return block


def block_update(
    *, access: Access, block: AgendaBlock, presenters: Iterable[User] | None = None, **data: Any
) -> AgendaBlock:
    """Change or re-time a block (the new times must lie within the event)."""
    event = block.event
    _require_session(access, event)
    errors: dict[str, str] = {}
    _check_block(event, data.get("start", block.start), data.get("end", block.end), errors)
    if errors:
        raise ValidationError(errors)
    people = _check_people(access, presenters) if presenters is not None else None
    with transaction.atomic():
        before = {"start": block.start.isoformat(), "end": block.end.isoformat()}
        for name, value in data.items():
            setattr(block, name, value)
        block.full_clean()
        block.save()
        if people is not None:
            block.presenters.set(people)
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="agenda.block_update",
            obj=block,
            changes={"before": before, "fields": sorted(data)},
        )
    return block


def block_delete(*, access: Access, block: AgendaBlock) -> None:
    _require_session(access, block.event)
    with transaction.atomic():
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="agenda.block_delete",
            obj=block,
            changes={"title": block.title},
        )
        block.delete()


def block_move(*, access: Access, block: AgendaBlock, direction: str) -> bool:
    """Swap a block with its neighbour ("up" or "down"): the two keep their lengths and share
    the span they took, so the rest of the day stays as it was. False at either end."""
    _require_session(access, block.event)
    blocks = list(block.event.agenda_blocks.all())
    index = next(i for i, b in enumerate(blocks) if b.pk == block.pk)
    other_index = index - 1 if direction == "up" else index + 1
    if other_index < 0 or other_index >= len(blocks):
        return False
    first, second = sorted((blocks[index], blocks[other_index]), key=lambda b: b.start)
    span_start, gap = first.start, second.start - first.end
    first_length, second_length = first.end - first.start, second.end - second.start
    with transaction.atomic():
        second.start, second.end = span_start, span_start + second_length
        first.start = second.end + gap
        first.end = first.start + first_length
        AgendaBlock.objects.bulk_update([first, second], ["start", "end"])
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="agenda.block_move",
            obj=block,
            changes={"direction": direction},
        )
    return True


def plan_update(
    *, access: Access, event: Event, objectives: str, introduction: str = ""
) -> SessionPlan:
    _require_session(access, event)
    with transaction.atomic():
        plan, _created = SessionPlan.objects.get_or_create(event=event)
        plan.objectives = objectives
        plan.introduction = introduction
        plan.save()
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="agenda.plan_update",
            obj=event,
            changes={"objectives": len(plan.objective_items)},
        )
    return plan


def agenda_start_from(*, access: Access, event: Event, source: str) -> tuple[int, int]:
    """Fill an empty agenda from an Appendix G example (`source` is its key) or from an earlier
    event of this collaborative (`source` is its public id): blocks keep their local times of
    day on the event's first day. Returns the number of blocks made."""
    _require_session(access, event)
    if event.agenda_blocks.exists():
        raise ValidationError(_("This agenda already has blocks; start from a copy only once."))
    tz = _tz(event)
    day = event.start.astimezone(tz).date()

    def at(clock: datetime.time) -> datetime.datetime:
        return datetime.datetime.combine(day, clock, tzinfo=tz)

    rows: list[dict[str, Any]] = []
    if source in appendix_g():
        example = appendix_g()[source]
        objectives, introduction = "\n".join(example["objectives"]), example["introduction"]
        for start, end, part, title, description in example["blocks"]:
            rows.append(
                {
                    "start": at(datetime.time.fromisoformat(start)),
                    "end": at(datetime.time.fromisoformat(end)),
                    "part": part,
                    "title": title,
                    "description": description,
                }
            )
    else:
        previous = (
            Event.objects.filter(collaborative=access.collaborative, public_id=source)
            .exclude(pk=event.pk)
            .first()
            if _is_uuid(source)
            else None
        )
        if previous is None:
            raise ValidationError({"source": _("Choose an example or an earlier session.")})
        plan = SessionPlan.objects.filter(event=previous).first()
        objectives = plan.objectives if plan else ""
        introduction = plan.introduction if plan else ""
        ptz = zoneinfo.ZoneInfo(access.collaborative.timezone)
        for old in previous.agenda_blocks.all():
            rows.append(
                {
                    "start": at(old.start.astimezone(ptz).time()),
                    "end": at(old.end.astimezone(ptz).time()),
                    "part": old.part,
                    "title": old.title,
                    "description": old.description,
                    "room": old.room,
                }
            )
    inside = [r for r in rows if r["start"] >= event.start and r["end"] <= event.end]
    if rows and not inside:
        raise ValidationError({"source": _("None of its blocks fits within this event's times.")})
    with transaction.atomic():
        AgendaBlock.objects.bulk_create(AgendaBlock(event=event, **row) for row in inside)
        plan, _created = SessionPlan.objects.get_or_create(event=event)
        if not plan.objectives:
            plan.objectives, plan.introduction = objectives, introduction
            plan.save()
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="agenda.start_from",
            obj=event,
            changes={"source": source, "blocks": len(inside), "left_out": len(rows) - len(inside)},
        )
    return len(inside), len(rows) - len(inside)


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


# Materials


def material_upload(
    *,
    access: Access,
    event: Event,
    upload: UploadedFile,
    title: str = "",
    block: AgendaBlock | None = None,
) -> Material:
    """Store a file for an event (or a block of it); its kind is read from its bytes."""
    access.require("manage_agenda", access.collaborative)
    try:
        kind = sniff_material(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    with transaction.atomic():
        material = Material(
            event=event,
            block=block,
            title=(title or upload.name or "")[:200],
            file_type=kind,
            original_name=(upload.name or "")[:200],
            size=upload.size or 0,
            uploaded_by=access.user,
        )
        material.file.save(f"material.{kind}", upload, save=False)
        material.save()
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="material.upload",
            obj=material,
            changes={"event": str(event.public_id), "type": kind, "size": material.size},
        )
    return material


def material_link(
    *, access: Access, event: Event, url: str, title: str, block: AgendaBlock | None = None
) -> Material:
    access.require("manage_agenda", access.collaborative)
    material = Material(
        event=event, block=block, url=url, title=title or url[:200], uploaded_by=access.user
    )
    with transaction.atomic():
        material.full_clean()
        material.save()
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="material.link",
            obj=material,
            changes={"event": str(event.public_id), "url": url},
        )
    return material


def material_delete(*, access: Access, material: Material) -> None:
    access.require("manage_agenda", access.collaborative)
    with transaction.atomic():
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="material.delete",
            obj=material,
            changes={"title": material.title},
        )
        stored = material.file.name
        material.delete()
    if stored:
        transaction.on_commit(lambda: material.file.storage.delete(stored))


# RSVP


def _invited(access: Access, event: Event) -> bool:
    m = access.membership
    return (
        in_audience(m, event.audience, event.audience_center_role, event.audience_center_id)
        or event.facilitators.filter(pk=access.user.pk).exists()
    )


def rsvp_set(*, access: Access, event: Event, answer: str) -> Rsvp:
    """Record one's own answer; a yes turned into a no keeps when it happened."""
    if answer not in Rsvp.Answer.values:
        raise ValidationError({"answer": _("Answer yes, no or maybe.")})
    if event.cancelled:
        raise ValidationError({"answer": _("This event is cancelled.")})
    if event.end <= timezone.now():
        raise ValidationError({"answer": _("This event is over; answers are closed.")})
    if not _invited(access, event):
        raise ValidationError({"answer": _("You are not invited to this event.")})
    with transaction.atomic():
        rsvp = Rsvp.objects.select_for_update().filter(event=event, user=access.user).first()
        before = rsvp.answer if rsvp else ""
        if rsvp is None:
            rsvp = Rsvp(event=event, user=access.user)
        rsvp.answer = answer
        if before == Rsvp.Answer.YES and answer == Rsvp.Answer.NO:
            rsvp.dropped_at = timezone.now()
        elif answer == Rsvp.Answer.YES:
            rsvp.dropped_at = None
        rsvp.save()
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="event.rsvp",
            obj=event,
            changes={"before": before, "answer": answer},
        )
    return rsvp


def rsvp_token(event: Event, user_id: int, answer: str) -> str:
    """The signed part of an e-mail's one-click answer link: it names the event, the person
    and the answer, so a link cannot be forged from another site or reused for someone else."""
    return signing.dumps([str(event.public_id), user_id, answer], salt=RSVP_SALT, compress=True)


def rsvp_token_read(token: str, *, max_age: datetime.timedelta) -> tuple[str, int, str] | None:
    try:
        event_id, user_id, answer = signing.loads(token, salt=RSVP_SALT, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return str(event_id), int(user_id), str(answer)


def rsvp_invite(*, access: Access, event: Event, base_url: str) -> int:
    """E-mail every invitee the event with yes / maybe / no links (once per person)."""
    access.require("manage_schedule", access.collaborative)
    if event.cancelled or event.end <= timezone.now():
        raise ValidationError(_("Invitations go out only for events still to come."))
    slug = access.collaborative.slug
    start = event.start.astimezone(_tz(event)).strftime("%A %d %B %Y, %H:%M")
    sent = 0
    for membership in audience_members(event):
        links = []
        for answer, label in Rsvp.Answer.choices:
            path = reverse(
                "collaboratives:session-rsvp-link",
                kwargs={
                    "slug": slug,
                    "event": event.public_id,
                    "rsvp_token": rsvp_token(event, membership.user_id, answer),
                },
            )
            links.append(f"{label}: {base_url}{path}")
        body = "\n".join(
            [
                _("You are invited to %(title)s on %(start)s.")
                % {"title": event.title, "start": start},
                _("Will you come? One click answers:"),
                *links,
            ]
        )
        _row, created = notify(
            kind="session.rsvp_invite",
            object_key=str(event.public_id),
            recipient=membership.user,
            subject=_("Will you come to %(title)s?") % {"title": event.title},
            body=body,
            url=event.get_absolute_url(),
            collaborative=access.collaborative,
        )
        sent += created
    return sent


# Check-in and attendance


def check_in_code(event: Event) -> CheckInCode:
    """The event's code, made on first use; the one read with the event if it was."""
    try:
        return event.check_in_code
    except CheckInCode.DoesNotExist:
        code, _created = CheckInCode.objects.get_or_create(event=event)
        return code


def check_in_window(event: Event) -> tuple[datetime.datetime, datetime.datetime]:
    return event.start - CHECK_IN_OPENS, event.end


def check_in(*, access: Access, event: Event) -> EventAttendance:
    """Mark oneself present while the event is on (an hour before its start to its end)."""
    opens, closes = check_in_window(event)
    now = timezone.now()
    if event.cancelled:
        raise ValidationError(_("This event is cancelled."))
    if now < opens:
        raise ValidationError(_("Check-in opens an hour before the start."))
    if now > closes:
        raise ValidationError(
            _("This event is over; ask the Implementation Team to record your attendance.")
        )
    if not _invited(access, event):
        raise ValidationError(_("You are not invited to this event."))
    with transaction.atomic():
        row, created = EventAttendance.objects.get_or_create(
            event=event,
            user=access.user,
            defaults={
                "center_id": access.membership.center_id,
                "source": EventAttendance.Source.CHECK_IN,
            },
        )
        if not created and row.status != EventAttendance.Status.ATTENDED:
            row.status = EventAttendance.Status.ATTENDED
            row.source = EventAttendance.Source.CHECK_IN
            row.save(update_fields=["status", "source"])
        if created:
            record_audit(
                actor=access.user,
                collaborative=access.collaborative,
                action="event.check_in",
                obj=event,
                changes={},
            )
    return row


def attendance_mark(*, access: Access, event: Event, user_id: int, status: str) -> str:
    """The IT ticks one person: 'attended', 'excused' or '' (not there). Nobody is marked
    attended before the event starts; excusing ahead of time is fine."""
    access.require("manage_schedule", access.collaborative)
    if status not in ("", *EventAttendance.Status.values):
        raise ValidationError({"status": _("Choose attended, excused or not there.")})
    if status == EventAttendance.Status.ATTENDED and event.start - CHECK_IN_OPENS > timezone.now():
        raise ValidationError({"status": _("Nobody can have attended an event still to come.")})
    membership = Membership.objects.filter(
        collaborative=access.collaborative, user_id=user_id
    ).first()
    if membership is None:
        raise ValidationError({"user": _("Not a member of this collaborative.")})
    with transaction.atomic():
        if status:
            EventAttendance.objects.update_or_create(
                event=event,
                user_id=user_id,
                defaults={
                    "status": status,
                    "center_id": membership.center_id,
                    "source": EventAttendance.Source.RECORDED,
                },
            )
        else:
            EventAttendance.objects.filter(event=event, user_id=user_id).delete()
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="event.attendance_mark",
            obj=event,
            changes={"user": user_id, "status": status},
        )
    return status
