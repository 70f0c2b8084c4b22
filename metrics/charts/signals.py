from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from metrics.spc import Analysis

Gettext = Callable[[str], str]


def _identity(text: str) -> str:
    return text


@dataclass
class Signal:
    kind: str  # "shift", "crossings" or "outside"
    text: str


def describe_signals(analysis: Analysis, labels: Sequence[str]) -> list[Signal]:
    """Plain-language reasons for each signal, as shown on hover and in the reports."""
    signals = []
    centre = _("median") if analysis.chart == "run" else _("centre line")
    for phase in analysis.phases:
        if phase.long_run_signal:
            side = ""
            for point in analysis.points[phase.first_index : phase.last_index + 1]:
                if point.run_length == phase.longest_run and point.y is not None and point.cl:
                    side = _("above") if point.y > point.cl else _("below")
                    break
            signals.append(
                Signal(
                    "shift",
                    _("%(n)s points in a row %(side)s the %(centre)s")
                    % {"n": phase.longest_run, "side": side, "centre": centre},
                )
            )
        if phase.few_crossings_signal:
            signals.append(
                Signal(
                    "crossings",
                    ngettext(
                        "Only %(n)s crossing of the %(centre)s (at least %(min)s expected)",
                        "Only %(n)s crossings of the %(centre)s (at least %(min)s expected)",
                        phase.crossings or 0,
                    )
                    % {"n": phase.crossings, "centre": centre, "min": phase.crossings_min},
                )
            )
    for point in analysis.points:
        if point.outside and point.included:
            signals.append(
                Signal(
                    "outside",
                    _("%(month)s is outside the control limits") % {"month": labels[point.index]},
                )
            )
    return signals


def format_number(value: float) -> str:
    """A short rendering with fewer decimals for larger numbers; pass a locale-aware one instead."""
    magnitude = abs(value)
    decimals = 0 if magnitude >= 1000 else 1 if magnitude >= 100 else 2 if magnitude >= 1 else 3
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def signal_reasons(analysis: Analysis, *, gettext: Gettext = _identity) -> dict[int, list[str]]:
    """Why each signalling point signals, keyed by point index; points without signals are absent.

    Excluded points are not signals: they were set aside on purpose.
    """
    _ = gettext
    reasons: dict[int, list[str]] = {}
    for point in analysis.points:
        if not point.included or point.y is None:
            continue
        phase = analysis.phases[point.phase]
        found: list[str] = []
        if point.outside:
            found.append(_("Outside the control limits"))
        if (
            phase.long_run_signal
            and point.run_length is not None
            and phase.longest_run_max is not None
            and point.run_length > phase.longest_run_max
        ):
            found.append(
                _(
                    "Part of an unusually long run (%(length)d points on one side of the centre "
                    "line; limit %(limit)d)"
                )
                % {"length": point.run_length, "limit": phase.longest_run_max}
            )
        if phase.few_crossings_signal and point.run_length is not None:
            found.append(
                _(
                    "Too few crossings of the centre line (%(crossings)d; at least %(minimum)d "
                    "expected)"
                )
                % {"crossings": phase.crossings, "minimum": phase.crossings_min}
            )
        if found:
            reasons[point.index] = found
    return reasons


def signal_summary(analysis: Analysis, *, gettext: Gettext = _identity) -> str:
    """One or two sentences on the signals in the chart, for screen readers and captions."""
    _ = gettext
    outside = sum(1 for p in analysis.points if p.outside and p.included)
    sentences = []
    if outside:
        sentences.append(_("Points outside the control limits: %(count)d.") % {"count": outside})
    for phase in analysis.phases:
        if phase.runs_signal and len(analysis.phases) == 1:
            sentences.append(_("The runs analysis signals a shift in the process."))
        elif phase.runs_signal:
            sentences.append(
                _("The runs analysis signals a shift in phase %(number)d.")
                % {"number": phase.index + 1}
            )
    if not sentences:
        sentences.append(_("No signals of special-cause variation."))
    return " ".join(sentences)


def new_signal_kinds(analysis: Analysis, last: int) -> set[str]:
    """The kinds of signal that began in the chart's last `last` points: a point outside the
    limits among them ("outside"), or a run that grew too long within them ("shift").

    A shift that was already too long before them was news in an earlier month: it stays
    named with the chart, as does too few crossings, which belongs to a whole phase rather
    than to any months."""
    first = max(len(analysis.points) - last, 0)
    longest = {phase.index: phase.longest_run_max for phase in analysis.phases}
    kinds = set()
    position, side, phase = 0, None, None
    for point in analysis.points:
        # Points on the centre line, missing or excluded neither extend nor break a run.
        if point.run_length is None or point.y is None or point.cl is None:
            continue
        above = point.y > point.cl
        position = position + 1 if (above, point.phase) == (side, phase) else 1
        side, phase = above, point.phase
        limit = longest.get(point.phase)
        if point.index >= first and limit is not None and position == limit + 1:
            kinds.add("shift")
    if any(point.outside and point.included for point in analysis.points[first:]):
        kinds.add("outside")
    return kinds
