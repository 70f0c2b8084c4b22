"""A suggested place on the continuum of engagement, and why, in words.

The Field Guide (Section 2, Figure 5) places centers along a continuum: early adopters, the
early majority, the late majority and late adopters. The suggestion averages the months'
engagement scores (see `MonthSignals.score`) over a span such as an Action Period; the IT
confirms it or sets another place with a note.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from metrics.engagement.models import Position
from metrics.engagement.signals import LATE, MISSING, NOT_DUE, ON_TIME, MonthSignals

# Lower bounds of the mean monthly score for each place, best first.
THRESHOLDS = (
    (0.75, Position.EARLY_ADOPTER),
    (0.5, Position.EARLY_MAJORITY),
    (0.25, Position.LATE_MAJORITY),
    (0.0, Position.LATE_ADOPTER),
)
# A month this much below the months before it counts as a drop.
DROP = 0.25


@dataclass(frozen=True)
class Suggestion:
    position: str
    score: float
    explanation: str

    @property
    def label(self) -> str:
        return Position(self.position).label


def position_for(score: float) -> str:
    for bound, position in THRESHOLDS:
        if score >= bound:
            return position
    return Position.LATE_ADOPTER


def mean_score(months: Sequence[MonthSignals]) -> float:
    scores = [score for m in months if (score := m.score()) is not None]
    return sum(scores) / len(scores) if scores else 0.0


def explain(months: Sequence[MonthSignals]) -> str:
    """“2 cycles in 3 months, 1 Action Plan item moved to a ramp, metrics late twice, …”."""
    count = len(months)
    cycles = sum(m.cycles_started for m in months)
    completed = sum(m.cycles_completed for m in months)
    parts = [
        ngettext("%(n)s cycle", "%(n)s cycles", cycles) % {"n": cycles}
        + " "
        + ngettext("in %(n)s month", "in %(n)s months", count) % {"n": count}
    ]
    if completed:
        parts.append(ngettext("%(n)s completed", "%(n)s completed", completed) % {"n": completed})
    moved = sum(m.plan_items_moved for m in months)
    if moved:
        parts.append(
            ngettext(
                "%(n)s Action Plan item moved to a ramp",
                "%(n)s Action Plan items moved to ramps",
                moved,
            )
            % {"n": moved}
        )
    statuses = [m.metrics for m in months if m.metrics != NOT_DUE]
    late = statuses.count(LATE)
    missing = statuses.count(MISSING)
    if statuses and late == 0 and missing == 0:
        parts.append(_("metrics on time every month"))
    if late:
        parts.append(
            _("metrics late once") if late == 1 else _("metrics late %(n)s times") % {"n": late}
        )
    if missing:
        parts.append(
            ngettext("metrics missing %(n)s month", "metrics missing %(n)s months", missing)
            % {"n": missing}
        )
    held = sum(m.events_held for m in months)
    attended = sum(m.events_attended for m in months)
    if held:
        if attended == held:
            parts.append(
                ngettext("attended the call", "attended all %(n)s calls and sessions", held)
                % {"n": held}
            )
        else:
            parts.append(
                _("missed %(missed)s of %(held)s calls and sessions")
                % {"missed": held - attended, "held": held}
            )
    discussion = sum(m.discussion for m in months)
    parts.append(
        ngettext("%(n)s post or comment", "%(n)s posts and comments", discussion)
        % {"n": discussion}
    )
    answered = sum(m.feedback_answered for m in months)
    if answered:
        parts.append(
            ngettext(
                "answered faculty feedback once",
                "answered faculty feedback %(n)s times",
                answered,
            )
            % {"n": answered}
        )
    assessments = sum(m.assessments_submitted for m in months)
    if assessments:
        parts.append(
            ngettext("submitted a self-assessment", "submitted %(n)s self-assessments", assessments)
            % {"n": assessments}
        )
    return ", ".join(parts)


def suggest(months: Sequence[MonthSignals]) -> Suggestion:
    score = mean_score(months)
    return Suggestion(position_for(score), round(score, 2), explain(months))


def drop_reason(months: Sequence[MonthSignals]) -> str | None:
    """Why the last month fell below the three before it, or None if it did not."""
    if len(months) < 2:
        return None
    last = months[-1]
    before = months[-4:-1]
    last_score = last.score() or 0.0
    if mean_score(before) - last_score < DROP:
        return None
    reasons = []
    if sum(m.pdsa_activity for m in before) and not last.pdsa_activity:
        reasons.append(_("no PDSA activity"))
    if last.metrics in (LATE, MISSING) and any(m.metrics == ON_TIME for m in before):
        reasons.append(_("metrics late") if last.metrics == LATE else _("metrics missing"))
    if last.events_held and last.events_attended < last.events_held:
        reasons.append(
            _("missed %(missed)s of %(held)s calls")
            % {"missed": last.events_held - last.events_attended, "held": last.events_held}
        )
    if not last.discussion and any(m.discussion for m in before):
        reasons.append(_("silent on the board"))
    return ", ".join(reasons) or _("less activity than the months before")
