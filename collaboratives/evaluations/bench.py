"""Benchmark data for the evaluation results: every center member attended Learning Session 1
and most answered."""

from __future__ import annotations

import random

from bsc.bench import BenchPage, BenchWorld
from collaboratives.evaluations.items import appendix_f_introduction, appendix_f_items
from collaboratives.evaluations.models import Evaluation, EvaluationResponse, RespondentRoll
from collaboratives.membership.models import Membership
from collaboratives.schedule.models import Event, EventAttendance


def _session(world: BenchWorld) -> Event | None:
    return Event.objects.filter(
        collaborative=world.collaborative, kind=Event.Kind.LEARNING_SESSION, number=1
    ).first()


def seed(world: BenchWorld) -> None:
    event = _session(world)
    if event is None or Evaluation.objects.filter(event=event).exists():
        return
    members = list(
        Membership.objects.filter(
            collaborative=world.collaborative, role=Membership.Role.CENTER_MEMBER
        ).values_list("user_id", "center_id")
    )
    EventAttendance.objects.bulk_create(
        [EventAttendance(event=event, user_id=user, center_id=center) for user, center in members],
        ignore_conflicts=True,
    )
    items = appendix_f_items()
    evaluation = Evaluation.objects.create(
        event=event, items=items, introduction=appendix_f_introduction()
    )
    rng = random.Random(len(members))  # noqa: S311 - repeatable bench data
    # The measured center member has not answered yet, at every size: the form page.
    measured = Membership.objects.filter(
        collaborative=world.collaborative, user__email=world.center_email
    ).values_list("user_id", flat=True)
    respondents = [
        user for user, _center in members if rng.random() < 0.7 and user not in set(measured)
    ]
    RespondentRoll.objects.create(evaluation=evaluation, user_ids=sorted(respondents))
    EvaluationResponse.objects.bulk_create(
        EvaluationResponse(evaluation=evaluation, answers=_answers(items, rng))
        for _user in respondents
    )


def _answers(items: list[dict], rng: random.Random) -> dict:
    answers = {}
    for item in items:
        if item["kind"] == "scale":
            answers[item["key"]] = {"score": rng.randint(1, 5), "comment": ""}
        elif item["kind"] == "choice":
            answers[item["key"]] = {"choice": rng.choice(item["choices"])}
        elif rng.random() < 0.3:
            answers[item["key"]] = {"text": "A reflection on the day."}
    return answers


def pages(world: BenchWorld) -> list[BenchPage]:
    event = _session(world)
    if event is None:
        return []
    base = f"/c/{world.collaborative.slug}/events/{event.public_id}/evaluation"
    return [
        BenchPage("Evaluation results (IT)", f"{base}/results/", world.it_email),
        BenchPage("Evaluation form (center member)", f"{base}/answer/", world.center_email),
    ]
