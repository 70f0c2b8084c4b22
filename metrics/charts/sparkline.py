"""A word-sized line of a series, for tables: the trend at a glance, no axes or limits.

The all-collaborative report puts one per center and metric in its summary table (960 for a
160-center collaborative): each is one polyline, which WeasyPrint lays out in a fraction of
what a full control chart costs.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def sparkline_svg(
    values: Sequence[float | None], *, label: str, width: int = 72, height: int = 18
) -> SafeString:
    """An inline SVG of `values` (gaps where a value is missing), the last point marked."""
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return mark_safe("")
    low, high = min(known), max(known)
    span = (high - low) or 1.0
    step = (width - 4) / max(1, len(values) - 1)
    pad = 2.0

    def xy(index: int, value: float) -> str:
        y = height - pad - (value - low) / span * (height - 2 * pad)
        return f"{pad + index * step:.1f},{y:.1f}"

    lines: list[list[str]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            if lines[-1]:
                lines.append([])
            continue
        lines[-1].append(xy(index, value))
    last_index = max(i for i, v in enumerate(values) if v is not None)
    last = xy(last_index, values[last_index]).split(",")
    paths = "".join(
        f'<polyline points="{" ".join(points)}" fill="none" stroke="#1f4e79" stroke-width="1.2"/>'
        for points in lines
        if len(points) > 1
    )
    return mark_safe(  # noqa: S308 - numbers and an escaped label only
        f'<svg class="sparkline" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">'
        f'{paths}<circle cx="{last[0]}" cy="{last[1]}" r="1.8" fill="#1f4e79"/></svg>'
    )
