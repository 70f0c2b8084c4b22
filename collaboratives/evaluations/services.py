"""Writes for evaluations: building the form, inviting attendees, answering once."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from bsc.audit import record_audit
from bsc.notifications import notify
from collaboratives.evaluations.items import (
    appendix_f_introduction,
    appendix_f_items,
    parse_items,
)
from collaboratives.evaluations.models import Evaluation, EvaluationResponse, RespondentRoll
from collaboratives.schedule.models import Event, EventAttendance

if TYPE_CHECKING:
    from bsc.models import User
    from bsc.tenancy import Access

INVITATION = "evaluation.invite"
MAX_ANSWER = 4000
NOT_ATTENDED = _lazy("Only people who attended this event answer its evaluation.")


def previous_evaluation(event: Event) -> Evaluation | None:
    """The evaluation of the latest earlier event of the collaborative that has one."""
    return (
        Evaluation.objects.filter(
            event__collaborative_id=event.collaborative_id, event__start__lt=event.start
        )
        .select_related("event")
        .order_by("-event__start")
        .first()
    )


def evaluation_create(*, access: Access, event: Event, source: str) -> Evaluation:
    """An evaluation for `event` from Appendix F (`source="appendix_f"`) or a copy of the
    previous session's (`source="previous"`), to be edited to match this agenda."""
    access.require("manage_schedule", access.collaborative)
    if Evaluation.objects.filter(event=event).exists():
        raise ValidationError(_("This event already has an evaluation."))
    if source == "previous":
        previous = previous_evaluation(event)
        if previous is None:
            raise ValidationError(_("No earlier event has an evaluation to copy."))
        items, introduction = previous.items, previous.introduction
        min_responses = previous.min_responses
    elif source == "appendix_f":
        items, introduction, min_responses = appendix_f_items(), appendix_f_introduction(), 5
    else:
        raise ValidationError(_("Start from Appendix F or from the last session's evaluation."))
    with transaction.atomic():
        evaluation = Evaluation.objects.create(
            event=event, items=items, introduction=introduction, min_responses=min_responses
        )
        RespondentRoll.objects.create(evaluation=evaluation)
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="evaluation.create",
            obj=evaluation,
            changes={"source": source},
        )
    return evaluation


def evaluation_update(
    *,
    access: Access,
    evaluation: Evaluation,
    items_text: str,
    introduction: str,
    min_responses: int,
) -> Evaluation:
    """Change the items (only until the first answer: answers keep the form they were given
    on), the introduction and the number of responses needed before results show."""
    access.require("manage_schedule", access.collaborative)
    items = parse_items(items_text)
    with transaction.atomic():
        evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        if items != evaluation.items and evaluation.responses.exists():
            raise ValidationError(
                {"items": _("People have answered already: the items can no longer change.")}
            )
        evaluation.items = items
        evaluation.introduction = introduction
        evaluation.min_responses = min_responses
        evaluation.full_clean(exclude=["event"])
        evaluation.save()
        record_audit(
            actor=access.user,
            collaborative=access.collaborative,
            action="evaluation.update",
            obj=evaluation,
            changes={"items": len(items), "min_responses": min_responses},
        )
    return evaluation


def response_refusal(
    evaluation: Evaluation, user: User, now: datetime.datetime | None = None
) -> str | None:
    """Why `user` may not answer now, or None when they may."""
    now = now or timezone.now()
    event = evaluation.event
    if event.end > now:
        return _("The evaluation opens when the event ends.")
    if user.pk in evaluation.roll.user_ids:
        return _("You have already answered this evaluation. Each person answers once.")
    if not EventAttendance.objects.filter(event=event, user=user).exists():
        return NOT_ATTENDED
    return None


def _clean_answers(evaluation: Evaluation, raw: dict[str, Any]) -> dict[str, Any]:
    """The answers for the evaluation's items; anything else is refused by item key."""
    errors: dict[str, str] = {}
    answers: dict[str, Any] = {}
    by_key = {item["key"]: item for item in evaluation.items}
    for key in raw:
        if key not in by_key:
            errors[key] = _("This evaluation has no such item.")
    for key, item in by_key.items():
        value = raw.get(key)
        if value in (None, ""):
            continue
        if not isinstance(value, dict):
            errors[key] = _("Send this answer as an object.")
            continue
        if item["kind"] == "scale":
            score, comment = value.get("score"), value.get("comment") or ""
            if score in ("", None):
                score = None
            elif isinstance(score, bool) or not isinstance(score, int | str):
                errors[key] = _("Choose one of the five answers.")
                continue
            else:
                try:
                    score = int(score)
                except ValueError:
                    score = 0
                if not 1 <= score <= 5:
                    errors[key] = _("Choose one of the five answers.")
                    continue
            if not isinstance(comment, str) or len(comment) > MAX_ANSWER:
                errors[key] = _("Keep a comment under %(max)d characters.") % {"max": MAX_ANSWER}
                continue
            if score is not None or comment.strip():
                answers[key] = {"score": score, "comment": comment.strip()}
        elif item["kind"] == "choice":
            choice = value.get("choice") or ""
            if choice and choice not in item["choices"]:
                errors[key] = _("Choose one of the listed answers.")
                continue
            if choice:
                answers[key] = {"choice": choice}
        else:
            text = value.get("text") or ""
            if not isinstance(text, str) or len(text) > MAX_ANSWER:
                errors[key] = _("Keep an answer under %(max)d characters.") % {"max": MAX_ANSWER}
                continue
            if text.strip():
                answers[key] = {"text": text.strip()}
    if errors:
        raise ValidationError(errors)
    if not answers:
        raise ValidationError(_("Answer at least one question."))
    return answers


def evaluation_respond(*, access: Access, evaluation: Evaluation, answers: dict[str, Any]) -> None:
    """Record one attendee's answers, once, with nothing that links them to the person.

    Deliberately not audited: an audit row (who, when) is exactly the link the form promises
    not to keep.
    """
    clean = _clean_answers(evaluation, answers)
    with transaction.atomic():
        # The roll's row lock serializes two answers by one person (two tabs, a retry).
        roll = RespondentRoll.objects.select_for_update().get(evaluation=evaluation)
        evaluation.roll = roll
        refusal = response_refusal(evaluation, access.user)
        if refusal is NOT_ATTENDED:
            raise PermissionDenied(refusal)
        if refusal:
            raise ValidationError(refusal)
        EvaluationResponse.objects.create(evaluation=evaluation, answers=clean)
        roll.user_ids = sorted({*roll.user_ids, access.user.pk})
        roll.save(update_fields=["user_ids"])


def send_evaluation_invitations(now: datetime.datetime) -> int:
    """Invite every attendee of each ended event to its evaluation, once; returns how many
    invitations were recorded (delivered by the notification outbox)."""
    created = 0
    due = Evaluation.objects.filter(
        invitations_sent_at__isnull=True, event__end__lte=now, event__cancelled=False
    ).select_related("event__collaborative")
    for evaluation in due:
        event = evaluation.event
        url = reverse(
            "collaboratives:evaluation-respond",
            kwargs={"slug": event.collaborative.slug, "event": event.public_id},
        )
        attendees = EventAttendance.objects.filter(event=event).select_related("user")
        for attendance in attendees:
            _row, new = notify(
                kind=INVITATION,
                object_key=f"evaluation:{evaluation.public_id}",
                recipient=attendance.user,
                subject=_("Evaluation: %(title)s") % {"title": event.title},
                body=_(
                    "Thank you for taking part in %(title)s. Please tell us how it went: the "
                    "evaluation is anonymous, and takes a few minutes."
                )
                % {"title": event.title},
                url=url,
                collaborative=event.collaborative,
                due_at=now,
            )
            created += new
        Evaluation.objects.filter(pk=evaluation.pk).update(invitations_sent_at=now)
    return created
