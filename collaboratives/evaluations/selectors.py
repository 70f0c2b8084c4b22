"""Reads for evaluations: the form, who may answer, and the results once enough are in."""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db.models import Count
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


def _counted_mean(counts: dict[int, int]) -> float | None:
    answered = sum(counts.values())
    return round(sum(v * n for v, n in counts.items()) / answered, 2) if answered else None


# Answers are only ever added, never edited or removed, so an evaluation's tally is fixed by
# its items and how many answers it has: that pair is the cache key, and an answer more is a
# new key on the next view.
TALLY_SECONDS = 24 * 3600


def _tally_key(evaluation: Evaluation, responses: int) -> str:
    items = hashlib.sha256(json.dumps(evaluation.items, sort_keys=True).encode()).hexdigest()
    return f"evaluation-tally:{evaluation.public_id}:{responses}:{items}"


def _tally(evaluation: Evaluation, responses: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per item key what its answers add up to: counts, comments and texts, in no order the
    answers came in."""
    tally: dict[str, dict[str, Any]] = {}
    for item in evaluation.items:
        answers = [r[item["key"]] for r in responses if item["key"] in r]
        if item["kind"] == "scale":
            scores = [a["score"] for a in answers if a.get("score") is not None]
            tally[item["key"]] = {
                "answered": len(scores),
                "counts": dict(Counter(scores)),
                "comments": sorted(a["comment"] for a in answers if a.get("comment")),
            }
        elif item["kind"] == "choice":
            counted = Counter(a["choice"] for a in answers)
            tally[item["key"]] = {
                "answered": len(answers),
                "counts": {choice: counted.get(choice, 0) for choice in item["choices"]},
            }
        else:
            texts = sorted(a["text"] for a in answers)
            tally[item["key"]] = {"answered": len(texts), "texts": texts}
    return tally


def _tallies(evaluations: list[Evaluation], counts: dict[int, int]) -> dict[int, dict]:
    """Each evaluation's tally from the cache, reading the answers only of those whose count
    or items changed since they were last tallied."""
    keys = {e.pk: _tally_key(e, counts.get(e.pk, 0)) for e in evaluations}
    cached = cache.get_many(list(keys.values()))
    tallies = {pk: cached[key] for pk, key in keys.items() if key in cached}
    missing = [e for e in evaluations if e.pk not in tallies]
    if missing:
        answers: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for evaluation_id, answer in EvaluationResponse.objects.filter(
            evaluation__in=missing
        ).values_list("evaluation_id", "answers"):
            answers[evaluation_id].append(answer)
        fresh = {e.pk: _tally(e, answers[e.pk]) for e in missing}
        cache.set_many({keys[pk]: tally for pk, tally in fresh.items()}, TALLY_SECONDS)
        tallies.update(fresh)
    return tallies


def _scale_means(evaluation: Evaluation, tally: dict[str, dict[str, Any]]) -> dict[str, float]:
    """Mean score per item wording, for the comparison across sessions."""
    scores: dict[str, Counter[int]] = defaultdict(Counter)
    for item in evaluation.items:
        if item["kind"] == "scale":
            scores[same_item(item["text"])].update(tally[item["key"]]["counts"])
    return {
        text: mean for text, counts in scores.items() if (mean := _counted_mean(counts)) is not None
    }


def evaluation_results(evaluation: Evaluation) -> Results:
    """Per item the distribution, mean and comments; nothing until `min_responses` are in.

    Open answers and comments are sorted alphabetically, never in the order they came in.
    The same scale item on other sessions' evaluations (same wording) is compared only where
    those results are released too. The same few queries whatever the number of sessions or
    answers; the answers themselves are read only when their tally is not cached.
    """
    event = evaluation.event
    siblings = list(
        Evaluation.objects.filter(event__collaborative_id=event.collaborative_id)
        .select_related("event")
        .order_by("event__start")
    )
    counts = dict(
        EvaluationResponse.objects.filter(evaluation__in=siblings)
        .values("evaluation_id")
        .annotate(n=Count("pk"))
        .values_list("evaluation_id", "n")
    )
    responses = counts.get(evaluation.pk, 0)
    attendees = EventAttendance.objects.filter(event_id=event.pk).count()
    released = responses >= evaluation.min_responses
    items: list[ItemResult] = []
    if released:
        shown = [s for s in siblings if counts.get(s.pk, 0) >= s.min_responses]
        if evaluation.pk not in {s.pk for s in shown}:
            shown.append(evaluation)
        tallies = _tallies(shown, counts)
        others = [
            (sibling.event, _scale_means(sibling, tallies[sibling.pk]))
            for sibling in siblings
            if sibling.pk in tallies
        ]
        tally = tallies[evaluation.pk]
        for number, item in enumerate(evaluation.items, start=1):
            result = ItemResult(item=item, number=number)
            answered = tally[item["key"]]
            result.answered = answered["answered"]
            if item["kind"] == "scale":
                result.counts = answered["counts"]
                result.mean = _counted_mean(answered["counts"])
                result.comments = answered["comments"]
                wording = same_item(item["text"])
                across = [(e, means.get(wording)) for e, means in others if wording in means]
                if len(across) > 1:
                    result.across = across
            elif item["kind"] == "choice":
                result.counts = answered["counts"]
            else:
                result.texts = answered["texts"]
            items.append(result)
    return Results(
        evaluation=evaluation,
        responses=responses,
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
