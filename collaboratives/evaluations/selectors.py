"""Reads for evaluations: the form, who may answer, and the results once enough are in."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.http import Http404

from collaboratives.evaluations.items import SCALE, same_item
from collaboratives.evaluations.models import Evaluation, EvaluationResponse
from collaboratives.schedule.models import Event, EventAttendance

if TYPE_CHECKING:
    from bsc.tenancy import Access


def get_evaluation(access: Access, event: Event) -> Evaluation:
    """The evaluation of an event already scoped to the access's collaborative, else 404."""
    evaluation = (
        Evaluation.objects.filter(event=event, event__collaborative=access.collaborative)
        .select_related("event__collaborative", "roll")
        .first()
    )
    if evaluation is None:
        raise Http404
    return evaluation


def evaluations_to_answer(access: Access) -> list[Evaluation]:
    """Evaluations of ended events the person attended and has not answered (their home)."""
    attended = EventAttendance.objects.filter(
        user=access.user, event__collaborative=access.collaborative
    ).values("event_id")
    candidates = (
        Evaluation.objects.filter(event_id__in=attended, invitations_sent_at__isnull=False)
        .select_related("event__collaborative", "roll")
        .order_by("-event__start")
    )
    return [e for e in candidates if access.user.pk not in e.roll.user_ids]


@dataclass
class ItemResult:
    item: dict[str, Any]
    number: int
    answered: int = 0
    counts: dict[Any, int] = field(default_factory=dict)
    mean: float | None = None
    comments: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    across: list[tuple[Event, float | None]] = field(default_factory=list)

    @property
    def distribution(self) -> list[tuple[int, str, int]]:
        return [(value, label, self.counts.get(value, 0)) for value, label in SCALE]


@dataclass
class Results:
    evaluation: Evaluation
    responses: int
    attendees: int
    released: bool
    items: list[ItemResult]

    @property
    def response_rate(self) -> float | None:
        return self.responses / self.attendees if self.attendees else None

    @property
    def needed(self) -> int:
        return max(self.evaluation.min_responses - self.responses, 0)


def _mean(scores: list[int]) -> float | None:
    return round(sum(scores) / len(scores), 2) if scores else None


def _scale_means(evaluation: Evaluation, responses: list[EvaluationResponse]) -> dict[str, float]:
    """Mean score per item wording, for the comparison across sessions."""
    scores: dict[str, list[int]] = defaultdict(list)
    for item in evaluation.items:
        if item["kind"] != "scale":
            continue
        for response in responses:
            score = response.answers.get(item["key"], {}).get("score")
            if score is not None:
                scores[same_item(item["text"])].append(score)
    return {text: mean for text, values in scores.items() if (mean := _mean(values)) is not None}


def evaluation_results(evaluation: Evaluation) -> Results:
    """Per item the distribution, mean and comments; nothing until `min_responses` are in.

    Open answers and comments are sorted alphabetically, never in the order they came in.
    The same scale item on other sessions' evaluations (same wording) is compared only where
    those results are released too. Four queries, whatever the number of sessions or answers.
    """
    event = evaluation.event
    siblings = list(
        Evaluation.objects.filter(event__collaborative_id=event.collaborative_id)
        .select_related("event")
        .order_by("event__start")
    )
    by_evaluation: dict[int, list[EvaluationResponse]] = defaultdict(list)
    for response in EvaluationResponse.objects.filter(evaluation__in=siblings):
        by_evaluation[response.evaluation_id].append(response)
    responses = by_evaluation[evaluation.pk]
    attendees = EventAttendance.objects.filter(event_id=event.pk).count()
    released = len(responses) >= evaluation.min_responses
    items: list[ItemResult] = []
    if released:
        others = [
            (sibling.event, _scale_means(sibling, by_evaluation[sibling.pk]))
            for sibling in siblings
            if len(by_evaluation[sibling.pk]) >= sibling.min_responses
        ]
        for number, item in enumerate(evaluation.items, start=1):
            result = ItemResult(item=item, number=number)
            answers = [r.answers[item["key"]] for r in responses if item["key"] in r.answers]
            if item["kind"] == "scale":
                scores = [a["score"] for a in answers if a.get("score") is not None]
                result.answered = len(scores)
                result.counts = dict(Counter(scores))
                result.mean = _mean(scores)
                result.comments = sorted(a["comment"] for a in answers if a.get("comment"))
                wording = same_item(item["text"])
                across = [(e, means.get(wording)) for e, means in others if wording in means]
                if len(across) > 1:
                    result.across = across
            elif item["kind"] == "choice":
                result.answered = len(answers)
                counted = Counter(a["choice"] for a in answers)
                result.counts = {choice: counted.get(choice, 0) for choice in item["choices"]}
            else:
                result.texts = sorted(a["text"] for a in answers)
                result.answered = len(result.texts)
            items.append(result)
    return Results(
        evaluation=evaluation,
        responses=len(responses),
        attendees=attendees,
        released=released,
        items=items,
    )


def response_rows(evaluation: Evaluation) -> tuple[list[str], list[list[Any]]]:
    """The CSV export: a header and one row per response, with no id, date or person."""
    header: list[str] = []
    for number, item in enumerate(evaluation.items, start=1):
        header.append(f"{number}. {item['text']}")
        if item["kind"] == "scale":
            header.append(f"{number}. comment")
    rows = []
    for response in evaluation.responses.all():
        row: list[Any] = []
        for item in evaluation.items:
            answer = response.answers.get(item["key"], {})
            if item["kind"] == "scale":
                row += [answer.get("score") or "", answer.get("comment", "")]
            elif item["kind"] == "choice":
                row.append(answer.get("choice", ""))
            else:
                row.append(answer.get("text", ""))
        rows.append(row)
    return header, rows
