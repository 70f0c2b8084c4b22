"""Accessible SVG run and control charts drawn from a :class:`metrics.spc.Analysis`.

Pure Python (no Django) so that the page and the PDF report draw the same chart. Text meant for
people goes through the ``gettext`` callable that callers pass in (Django's ``gettext`` on the
web side); every piece of text is XML-escaped here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple
from xml.sax.saxutils import escape

from metrics.charts.drawing import _FONT, _Chart, _check_labels, _default_id, _excluded_text
from metrics.charts.signals import Gettext, _identity, format_number, signal_reasons, signal_summary
from metrics.charts.svg_elements import COLOURS, _safe_id
from metrics.spc import Analysis

NumberFormat = Callable[[float], str]


MARKER_KINDS = ("pdsa", "learning_session")


@dataclass(frozen=True)
class Marker:
    """An event drawn as a vertical line on the time axis at point ``index``."""

    index: int
    label: str
    kind: str  # "pdsa" or "learning_session"


class DataRow(NamedTuple):
    """One row of the accessible data table that accompanies a chart."""

    label: str
    y: float | None
    cl: float | None
    lcl: float | None
    ucl: float | None
    signal: str


def chart_data_rows(
    analysis: Analysis,
    labels: Sequence[str],
    *,
    excluded_reasons: dict[int, str] | None = None,
    gettext: Gettext = _identity,
) -> list[DataRow]:
    """Rows (label, y, cl, lcl, ucl, signal text) for a data table that mirrors the chart."""
    _check_labels(analysis, labels)
    reasons = signal_reasons(analysis, gettext=gettext)
    rows = []
    for point, label in zip(analysis.points, labels, strict=True):
        notes = list(reasons.get(point.index, []))
        if not point.included:
            notes.append(_excluded_text(point.index, excluded_reasons, gettext))
        rows.append(DataRow(label, point.y, point.cl, point.lcl, point.ucl, "; ".join(notes)))
    return rows


def render_chart_svg(
    analysis: Analysis,
    *,
    labels: Sequence[str],
    title: str,
    description: str,
    goal: float | None = None,
    markers: Iterable[Marker] = (),
    excluded_reasons: dict[int, str] | None = None,
    phase_reasons: dict[int, str] | None = None,
    width: int = 720,
    height: int = 320,
    y_label: str = "",
    gettext: Gettext = _identity,
    number_format: NumberFormat = format_number,
    id_prefix: str | None = None,
    legend: bool = True,
    tooltips: bool = True,
) -> str:
    """Draw the analysis as a standalone, accessible ``<svg>`` element.

    ``labels`` name the periods (one per point). ``phase_reasons`` is keyed by the index of the
    first point of a phase (as ``parts`` in :func:`metrics.spc.analyze`), ``excluded_reasons`` by
    point index. ``goal`` is in plotted units. ``id_prefix`` keeps element ids unique when a page
    holds several charts; by default it is derived from the title and data. ``legend=False``
    draws a small multiple: no legend and un-numbered markers, for a page with one shared key.
    ``tooltips=False`` leaves out the hover titles of points and markers, for print.
    """
    _check_labels(analysis, labels)
    markers = list(markers)
    for marker in markers:
        if marker.kind not in MARKER_KINDS:
            raise ValueError(
                f"Unknown marker kind {marker.kind!r}; expected one of {MARKER_KINDS}."
            )
        if not 0 <= marker.index < len(analysis.points):
            raise ValueError(
                f"Marker {marker.label!r} is at index {marker.index}, outside the chart."
            )
    if width < 200 or height < 120:
        raise ValueError("The chart needs at least 200 x 120 pixels.")
    chart = _Chart(
        analysis=analysis,
        labels=list(labels),
        goal=goal,
        markers=markers,
        excluded_reasons=excluded_reasons or {},
        phase_reasons=phase_reasons or {},
        width=width,
        height=height,
        y_label=y_label,
        gettext=gettext,
        number_format=number_format,
        show_legend=legend,
        tooltips=tooltips,
    )
    prefix = _safe_id(id_prefix) if id_prefix else _default_id(analysis, title)
    desc = f"{description} {signal_summary(analysis, gettext=gettext)}".strip()
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" class="spc-chart" '
            f'aria-labelledby="{prefix}-title {prefix}-desc" {_FONT} font-size="11">',
            f'<title id="{prefix}-title">{escape(title)}</title>',
            f'<desc id="{prefix}-desc">{escape(desc)}</desc>',
            f'<rect width="{width}" height="{height}" fill="{COLOURS["background"]}"/>',
            *chart.draw(),
            "</svg>",
        ]
    )
