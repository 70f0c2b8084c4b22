"""The SVG drawing of one run or control chart: axes, limits, points, signals and markers."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from metrics.charts.signals import Gettext, signal_reasons
from metrics.charts.svg_elements import (
    _CHAR_WIDTH,
    COLOURS,
    _legend_swatch,
    _line,
    _path,
    _text,
    _truncate,
)
from metrics.spc import Analysis, Phase

if TYPE_CHECKING:
    from metrics.charts.svg import Marker, NumberFormat


_FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"'


@dataclass
class _Chart:
    analysis: Analysis
    labels: list[str]
    goal: float | None
    markers: list[Marker]
    excluded_reasons: dict[int, str]
    phase_reasons: dict[int, str]
    width: int
    height: int
    y_label: str
    gettext: Gettext
    number_format: NumberFormat
    show_legend: bool = True
    tooltips: bool = True

    def _tip(self, text: str) -> str:
        """A hover title; paper has no hover, so a printed chart leaves them out (13,000 of
        them made up half of the all-collaborative report's HTML)."""
        return f"<title>{escape(text)}</title>" if self.tooltips else ""

    def __post_init__(self) -> None:
        # Without a legend (small multiples) the page shows one shared key instead, and the
        # markers are plain symbols; with one, markers are numbered and keyed beneath.
        legend_rows = self._legend_rows() if self.show_legend else []
        self.top = 14 + 18 * len(legend_rows) if legend_rows else 10
        self.left = 58 if not self.y_label else 74
        self.right = 78
        self.numbered = self._numbered_markers() if self.show_legend else []
        self.key_columns = 2 if self.width >= 560 else 1
        key_rows = math.ceil(len(self.numbered) / self.key_columns)
        self.bottom = 36 + (6 + 15 * key_rows if key_rows else 0)
        self.plot_width = self.width - self.left - self.right
        self.plot_height = self.height - self.top - self.bottom
        self.n = len(self.analysis.points)
        self.step = self.plot_width / max(self.n, 1)
        self.y_min, self.y_max = self._y_range()
        self.legend = legend_rows

    # scales
    def x(self, index: float) -> float:
        return self.left + self.step * (index + 0.5)

    def y(self, value: float) -> float:
        span = self.y_max - self.y_min
        return self.top + self.plot_height * (1 - (value - self.y_min) / span)

    def _y_range(self) -> tuple[float, float]:
        values = [
            v
            for p in self.analysis.points
            for v in (p.y, p.cl, p.lcl, p.ucl)
            if v is not None and math.isfinite(v)
        ]
        if self.goal is not None:
            values.append(self.goal)
        if not values:
            return 0.0, 1.0
        low, high = min(values), max(values)
        if low == high:
            pad = abs(low) * 0.1 or 1.0
            return low - pad, high + pad
        pad = (high - low) * 0.06
        low, high = low - pad, high + pad
        if min(values) >= 0 > low:
            low = 0.0  # counts and rates cannot go below zero; don't suggest they could
        return low, high

    def draw(self) -> list[str]:
        if not self.n:
            return [
                *self._axes(),
                _text(
                    self.left + self.plot_width / 2,
                    self.top + self.plot_height / 2,
                    self.gettext("No data yet"),
                    anchor="middle",
                ),
            ]
        return [
            *self._legend(),
            *self._axes(),
            *self._phase_separators(),
            *self._limit_lines(),
            *self._centre_lines(),
            *self._goal_line(),
            *self._markers(),
            *self._data_line(),
            *self._points(),
            *self._marker_key(),
        ]

    def _axes(self) -> list[str]:
        c = COLOURS["axis"]
        bottom = self.top + self.plot_height
        parts = [
            '<g class="axes">',
            _line(self.left, self.top, self.left, bottom, c),
            _line(self.left, bottom, self.left + self.plot_width, bottom, c),
        ]
        for tick in _nice_ticks(self.y_min, self.y_max):
            ty = self.y(tick)
            parts.append(_line(self.left - 4, ty, self.left, ty, c))
            parts.append(_text(self.left - 7, ty + 4, self.number_format(tick), anchor="end"))
        if self.y_label:
            cx, cy = 14, self.top + self.plot_height / 2
            parts.append(
                f'<text x="{cx}" y="{cy:.1f}" text-anchor="middle" fill="{COLOURS["text"]}" '
                f'transform="rotate(-90 {cx} {cy:.1f})">{escape(self.y_label)}</text>'
            )
        if self.n:
            longest = max((len(label) for label in self.labels), default=1)
            stride = max(1, math.ceil((longest * _CHAR_WIDTH + 8) / self.step))
            for i, label in enumerate(self.labels):
                if i % stride == 0:
                    parts.append(_line(self.x(i), bottom, self.x(i), bottom + 4, c))
                    parts.append(_text(self.x(i), bottom + 16, label, anchor="middle"))
        parts.append("</g>")
        return parts

    def _legend_rows(self) -> list[list[tuple[str, str]]]:
        _ = self.gettext
        analysis = self.analysis
        items = [("data", _("Data"))]
        items.append(("centre", _("Median") if analysis.chart == "run" else _("Centre line")))
        if analysis.has_limits and any(p.ucl is not None for p in analysis.points):
            items.append(("limit", _("Control limits")))
        if self.goal is not None:
            items.append(("goal", _("Goal")))
        signalling = signal_reasons(analysis, gettext=self.gettext)
        if any(analysis.points[i].outside for i in signalling):
            items.append(("signal-outside", _("Outside the limits")))
        if any(len(found) > analysis.points[i].outside for i, found in signalling.items()):
            items.append(("signal-runs", _("Runs signal")))
        if any(not p.included for p in analysis.points):
            items.append(("excluded", _("Excluded")))
        kinds = {m.kind for m in self.markers}
        if "pdsa" in kinds:
            items.append(("pdsa", _("PDSA cycle")))
        if "learning_session" in kinds:
            items.append(("learning_session", _("Learning session")))
        rows: list[list[tuple[str, str]]] = [[]]
        used = 0.0
        available = self.width - 16
        for key, text in items:
            item_width = 30 + len(text) * _CHAR_WIDTH + 14
            if rows[-1] and used + item_width > available:
                rows.append([])
                used = 0.0
            rows[-1].append((key, text))
            used += item_width
        return rows

    def _legend(self) -> list[str]:
        if not self.legend:
            return []
        parts = ['<g class="legend">']
        for row_number, row in enumerate(self.legend):
            y = 14 + 18 * row_number
            x = 8.0
            for key, text in row:
                parts.append(_legend_swatch(key, x, y - 4))
                parts.append(_text(x + 28, y, text))
                x += 30 + len(text) * _CHAR_WIDTH + 14
        parts.append("</g>")
        return parts

    def _phase_separators(self) -> list[str]:
        _ = self.gettext
        parts = ['<g class="phases">']
        for phase in self.analysis.phases[1:]:
            x = self.left + self.step * phase.first_index
            reason = self.phase_reasons.get(phase.first_index, "")
            text = reason or _("New phase")
            parts.append(
                f"<g>{self._tip(text)}"
                + _line(x, self.top, x, self.top + self.plot_height, COLOURS["phase"], dash="6 3")
                + _text(x + 4, self.top + 11, _truncate(text, self.plot_width / 3), size=10)
                + "</g>"
            )
        parts.append("</g>")
        return parts

    def _step_path(self, phase: Phase, field: str) -> str:
        """A step line over the phase: each point's value spans its own slot."""
        commands: list[str] = []
        pen_down = False
        for point in self.analysis.points[phase.first_index : phase.last_index + 1]:
            value = getattr(point, field)
            if value is None:
                pen_down = False
                continue
            x0 = self.x(point.index) - self.step / 2
            x1 = x0 + self.step
            y = self.y(value)
            commands.append(f"{'L' if pen_down else 'M'}{x0:.1f},{y:.1f}L{x1:.1f},{y:.1f}")
            pen_down = True
        return "".join(commands)

    def _limit_lines(self) -> list[str]:
        if not self.analysis.has_limits:
            return []
        _ = self.gettext
        parts = ['<g class="limits">']
        for phase in self.analysis.phases:
            for field in ("lcl", "ucl"):
                path = self._step_path(phase, field)
                if path:
                    parts.append(_path(path, COLOURS["limit"], width=1.2))
        parts.append(self._end_label("ucl", _("UCL")))
        parts.append(self._end_label("lcl", _("LCL")))
        parts.append("</g>")
        return parts

    def _centre_lines(self) -> list[str]:
        _ = self.gettext
        parts = ['<g class="centre">']
        for phase in self.analysis.phases:
            path = self._step_path(phase, "cl")
            if not path:
                continue
            if phase.runs_signal:
                # As qicharts2 draws it: a dashed, signal-coloured centre line flags a shift.
                parts.append(
                    f"<g>{self._tip(_('Runs analysis signals a shift in this phase'))}"
                    + _path(path, COLOURS["signal"], width=1.6, dash="8 4")
                    + "</g>"
                )
            else:
                parts.append(_path(path, COLOURS["centre"], width=1.6))
        centre_name = _("Median") if self.analysis.chart == "run" else _("CL")
        parts.append(self._end_label("cl", centre_name))
        parts.append("</g>")
        return parts

    def _end_label(self, field: str, name: str) -> str:
        last = self.analysis.points[-1]
        value = getattr(last, field)
        if value is None:
            return ""
        x = self.left + self.plot_width + 4
        return _text(x, self.y(value) + 4, f"{name} {self.number_format(value)}", size=10)

    def _goal_line(self) -> list[str]:
        if self.goal is None:
            return []
        _ = self.gettext
        y = self.y(self.goal)
        label = f"{_('Goal')} {self.number_format(self.goal)}"
        return [
            f'<g class="goal">{self._tip(label)}',
            _line(self.left, y, self.left + self.plot_width, y, COLOURS["goal"], dash="4 4"),
            _text(self.left + self.plot_width + 4, y + 4, label, size=10),
            "</g>",
        ]

    def _numbered_markers(self) -> list[tuple[int, Marker]]:
        ordered = sorted(self.markers, key=lambda m: (m.index, m.kind != "learning_session"))
        return list(enumerate(ordered, start=1))

    def _symbol(self, marker: Marker, x: float, y: float, number: int | None) -> str:
        """A numbered symbol on the time axis: a circle for a PDSA cycle, a diamond for a
        Learning Session (shape as well as colour tells them apart)."""
        colour = COLOURS[marker.kind]
        r = 7 if number is not None else 4.5
        if marker.kind == "learning_session":
            r += 1
            shape = (
                f'<path d="M{x:.1f},{y - r:.1f}L{x + r:.1f},{y:.1f}L{x:.1f},{y + r:.1f}'
                f'L{x - r:.1f},{y:.1f}Z" fill="{colour}"/>'
            )
        else:
            shape = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{colour}"/>'
        if number is None:
            return shape
        return (
            shape + f'<text x="{x:.1f}" y="{y + 3.5:.1f}" text-anchor="middle" font-size="9" '
            f'font-weight="700" fill="{COLOURS["background"]}">{number}</text>'
        )

    def _markers(self) -> list[str]:
        _ = self.gettext
        names = {"pdsa": _("PDSA cycle"), "learning_session": _("Learning session")}
        bottom = self.top + self.plot_height
        numbered = self.numbered or [(None, m) for m in self.markers]
        stacked: dict[int, int] = {}
        parts = ['<g class="markers">']
        for number, marker in numbered:
            colour = COLOURS[marker.kind]
            x = self.x(marker.index)
            dash = "2 3" if marker.kind == "pdsa" else "6 2"
            label = f"{names[marker.kind]}: {marker.label}"
            # Markers in the same month stack upwards instead of overlapping.
            level = stacked.get(marker.index, 0)
            stacked[marker.index] = level + 1
            y = bottom - level * (16 if number is not None else 10)
            parts.append(
                f'<g class="marker marker-{marker.kind}">{self._tip(label)}'
                + _line(x, self.top, x, bottom, colour, dash=dash)
                + self._symbol(marker, x, y, number)
                + "</g>"
            )
        parts.append("</g>")
        return parts

    def _marker_key(self) -> list[str]:
        """The numbered markers' key, beneath the time axis: one line each, never overlapping."""
        if not self.numbered:
            return []
        _ = self.gettext
        names = {"pdsa": _("PDSA cycle"), "learning_session": _("Learning session")}
        column_width = (self.width - 16) / self.key_columns
        first_y = self.top + self.plot_height + 36 + 10
        parts = ['<g class="marker-key">']
        for position, (number, marker) in enumerate(self.numbered):
            row, column = divmod(position, self.key_columns)
            x = 8 + column * column_width
            y = first_y + row * 15
            text = f"{names[marker.kind]}: {marker.label}"
            parts.append(
                self._symbol(marker, x + 7, y - 4, number)
                + _text(x + 18, y, _truncate(text, column_width - 26), size=10)
            )
        parts.append("</g>")
        return parts

    def _data_line(self) -> list[str]:
        commands: list[str] = []
        pen_down = False
        for point in self.analysis.points:
            if point.y is None:
                pen_down = False  # a missing period breaks the line rather than bridging it
                continue
            commands.append(
                f"{'L' if pen_down else 'M'}{self.x(point.index):.1f},{self.y(point.y):.1f}"
            )
            pen_down = True
        return [f'<g class="series">{_path("".join(commands), COLOURS["data"], width=1.5)}</g>']

    def _points(self) -> list[str]:
        reasons = signal_reasons(self.analysis, gettext=self.gettext)
        parts = ['<g class="points">']
        for point, label in zip(self.analysis.points, self.labels, strict=True):
            if point.y is None:
                continue
            notes = list(reasons.get(point.index, []))
            classes = ["point"]
            fill, stroke, radius = COLOURS["data"], COLOURS["data"], 3.5
            if not point.included:
                classes.append("excluded")
                notes.append(_excluded_text(point.index, self.excluded_reasons, self.gettext))
                fill = COLOURS["background"]
            elif point.outside:
                # A dark ring besides the colour, so the two kinds of signal differ in shape too.
                classes += ["signal", "signal-outside"]
                fill, stroke, radius = COLOURS["signal"], COLOURS["text"], 5.5
            elif notes:
                classes += ["signal", "signal-runs"]
                fill = stroke = COLOURS["signal"]
                radius = 4.0
            tooltip = f"{label}: {self.number_format(point.y)}"
            if notes:
                tooltip += " — " + "; ".join(notes)
            parts.append(
                f'<circle class="{" ".join(classes)}" cx="{self.x(point.index):.1f}" '
                f'cy="{self.y(point.y):.1f}" r="{radius}" fill="{fill}" stroke="{stroke}" '
                f'stroke-width="1.5">{self._tip(tooltip)}</circle>'
            )
        parts.append("</g>")
        return parts


def _check_labels(analysis: Analysis, labels: Sequence[str]) -> None:
    if len(labels) != len(analysis.points):
        raise ValueError(f"Got {len(labels)} labels for {len(analysis.points)} points.")


def _excluded_text(index: int, reasons: dict[int, str] | None, gettext: Gettext) -> str:
    reason = (reasons or {}).get(index)
    if reason:
        return gettext("Excluded: %(reason)s") % {"reason": reason}
    return gettext("Excluded from the calculations")


def _nice_ticks(low: float, high: float, target: int = 5) -> list[float]:
    span = high - low
    if span <= 0 or not math.isfinite(span):
        return [low]
    raw = span / target
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step) * step
    ticks = []
    tick = first
    while tick <= high + step * 1e-9:
        ticks.append(round(tick, 12))
        tick += step
    return ticks


def _default_id(analysis: Analysis, title: str) -> str:
    fingerprint = repr((title, analysis.chart, [(p.y, p.cl) for p in analysis.points]))
    return "spc-" + hashlib.sha256(fingerprint.encode()).hexdigest()[:10]
