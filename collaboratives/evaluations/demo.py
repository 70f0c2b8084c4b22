"""Demo evaluations for BSC-SEL: the pre-work day and Learning Session 1 with enough answers to
show results, Learning Session 2 with three (results held back).

Called from the PDSA demo, once the centers and their teams exist to have attended.
"""

from __future__ import annotations

import random

from bsc.tenancy import Access
from collaboratives.evaluations import services
from collaboratives.evaluations.items import items_text, parse_items
from collaboratives.evaluations.models import Evaluation
from collaboratives.membership.models import Collaborative, Membership
from collaboratives.schedule.models import Event, EventAttendance

OPEN_ANSWERS = {
    "surprised": [
        "How much the other centers struggle with the same transitions we do.",
        "That the parents on our team had so many ideas.",
        "How small a test can be and still teach us something.",
        "",
    ],
    "best": [
        "Team time: we finally had two hours to plan together.",
        "The affinity group: meeting other family partners.",
        "Storyboards from the other teams.",
        "The faculty's examples of PDSAs from real classrooms.",
    ],
    "improve": [
        "More breaks in the afternoon.",
        "The room was too loud for the small-group conversations.",
        "Send the materials a week ahead.",
        "",
    ],
}
# (event kind, number, responses) — LS2's three stay below the threshold of five.
PLAN = [
    (Event.Kind.PRE_WORK, None, 14),
    (Event.Kind.LEARNING_SESSION, 1, 16),
    (Event.Kind.LEARNING_SESSION, 2, 3),
]


def _access(membership: Membership) -> Access:
    return Access(
        user=membership.user, collaborative=membership.collaborative, membership=membership
    )


def _answers(evaluation: Evaluation, rng: random.Random) -> dict:
    answers: dict = {}
    open_keys = iter(OPEN_ANSWERS)
    for item in evaluation.items:
        if item["kind"] == "scale":
            score = rng.choices([5, 4, 3, 2, 1], weights=[5, 6, 2, 1, 0.4])[0]
            comment = (
                ""
                if rng.random() < 0.8
                else rng.choice(
                    ["Very useful.", "Could have been shorter.", "Loved it.", "Hard to hear."]
                )
            )
            answers[item["key"]] = {"score": score, "comment": comment}
        elif item["kind"] == "choice":
            answers[item["key"]] = {"choice": rng.choice(item["choices"])}
        else:
            pool = OPEN_ANSWERS.get(next(open_keys, ""), ["", "Thank you!"])
            answers[item["key"]] = {"text": rng.choice(pool)}
    return answers


def load_evaluations(sel: Collaborative) -> None:
    if Evaluation.objects.filter(event__collaborative=sel).exists():
        return
    lead = Membership.objects.select_related("user", "collaborative").get(
        collaborative=sel, user__email="it@demo.test"
    )
    it = _access(lead)
    members = list(
        Membership.objects.filter(collaborative=sel)
        .select_related("user", "collaborative", "center")
        .order_by("pk")
    )
    center_members = [m for m in members if m.role == Membership.Role.CENTER_MEMBER]
    staff = [m for m in members if m.role != Membership.Role.CENTER_MEMBER][:4]
    rng = random.Random(2026)  # noqa: S311 - repeatable demo answers, not secrets
    for kind, number, responses in PLAN:
        event = Event.objects.filter(collaborative=sel, kind=kind, number=number).first()
        if event is None:
            continue
        EventAttendance.objects.bulk_create(
            [
                EventAttendance(event=event, user=m.user, center=m.center)
                for m in center_members + staff
            ],
            ignore_conflicts=True,
        )
        source = "appendix_f" if kind == Event.Kind.PRE_WORK else "previous"
        evaluation = services.evaluation_create(access=it, event=event, source=source)
        if kind == Event.Kind.LEARNING_SESSION:
            # Edited to match this agenda: the activity items change, the overall ones repeat.
            items = [i for i in evaluation.items if i["kind"] != "scale" or _repeats(i["text"])]
            items.insert(
                0, {"kind": "scale", "text": "The storyboard walk gave me new ideas to test."}
            )
            evaluation = services.evaluation_update(
                access=it,
                evaluation=evaluation,
                items_text=items_text(parse_items(items_text(items))),
                introduction=evaluation.introduction.replace("pre-work session", event.title),
                min_responses=5,
            )
        # Shuffled, so the demo's respondents are not the first people in the list.
        respondents = rng.sample(center_members, min(responses, len(center_members)))
        for membership in respondents:
            services.evaluation_respond(
                access=_access(membership), evaluation=evaluation, answers=_answers(evaluation, rng)
            )
        # The invitations went out when each event ended, before the demo existed.
        Evaluation.objects.filter(pk=evaluation.pk).update(invitations_sent_at=event.end)


def _repeats(text: str) -> bool:
    return text.startswith(("Inspiration and Commitment", "Flow and Structure", "Overall:"))
