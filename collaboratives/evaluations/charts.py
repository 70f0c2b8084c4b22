"""The diverging bar of one agree-scale item, drawn on the server as SVG.

Disagreement runs left of the centre line, agreement right, and neutral answers straddle it,
so items compare at a glance by how far their bars lean to the right.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# Strongly disagree … strongly agree: colour-blind-safe diverging palette (ColorBrewer PuOr)
# with text dark enough on each for WCAG contrast.
COLOURS = {1: "#b35806", 2: "#f1a340", 3: "#d8d8d8", 4: "#998ec3", 5: "#542788"}
WIDTH, HEIGHT, BAR = 320, 46, 24


def diverging_bar(distribution: list[tuple[int, str, int]]) -> SafeString:
    """`distribution` is [(score, label, count)] highest score first, as Results gives it."""
    counts = {score: count for score, _label, count in distribution}
    labels = {score: label for score, label, _count in distribution}
    total = sum(counts.values())
    summary = ", ".join(f"{labels[s]}: {counts.get(s, 0)}" for s in (5, 4, 3, 2, 1))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        'width="100%" style="max-width: 40rem" class="diverging" '
        f'role="img" aria-label="{escape(summary)}">',
        f"<title>{escape(summary)}</title>",
    ]
    centre = WIDTH / 2
    if total:
        scale = (WIDTH / 2 - 4) / total
        neutral = counts.get(3, 0) * scale
        left = centre - neutral / 2
        for score in (2, 1):
            width = counts.get(score, 0) * scale
            left -= width
            parts.append(_segment(left, width, score, counts.get(score, 0)))
        parts.append(_segment(centre - neutral / 2, neutral, 3, counts.get(3, 0)))
        right = centre + neutral / 2
        for score in (4, 5):
            width = counts.get(score, 0) * scale
            parts.append(_segment(right, width, score, counts.get(score, 0)))
            right += width
    parts.append(
        f'<line x1="{centre}" y1="2" x2="{centre}" y2="{BAR + 8}" stroke="#222" '
        'stroke-width="1.5"/>'
    )
    parts.append(
        f'<text x="4" y="{HEIGHT - 2}" font-size="11" fill="#333">{escape(_("Disagree"))}</text>'
        f'<text x="{WIDTH - 4}" y="{HEIGHT - 2}" font-size="11" fill="#333" '
        f'text-anchor="end">{escape(_("Agree"))}</text>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _segment(x: float, width: float, score: int, count: int) -> str:
    if width <= 0:
        return ""
    text = ""
    if width >= 16:
        fill = "#fff" if score in (1, 5) else "#111"
        text = (
            f'<text x="{x + width / 2:.1f}" y="{4 + BAR / 2 + 4}" font-size="12" '
            f'text-anchor="middle" fill="{fill}">{count}</text>'
        )
    return (
        f'<rect x="{x:.1f}" y="4" width="{width:.1f}" height="{BAR}" '
        f'fill="{COLOURS[score]}"/>{text}'
    )
