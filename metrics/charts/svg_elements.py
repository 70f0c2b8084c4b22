"""Small SVG pieces the chart drawing is made of, and the colours and type metrics it uses."""

import re
from xml.sax.saxutils import escape

# Every colour has at least 4.5:1 contrast on white (WCAG AA for text), so lines, points and
# labels stay legible in print and for people with low vision.
COLOURS = {
    "text": "#333333",
    "axis": "#333333",
    "data": "#1f4e79",
    "centre": "#2f5f2f",
    "limit": "#5c5c5c",
    "goal": "#6a2c91",
    "signal": "#b00020",
    "phase": "#4d4d4d",
    "pdsa": "#8a4600",
    "learning_session": "#00607a",
    "background": "#ffffff",
}


_CHAR_WIDTH = 6.2  # rough width of one character at font-size 11, for layout only


def _line(x1: float, y1: float, x2: float, y2: float, colour: str, *, dash: str = "") -> str:
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
        f'stroke="{colour}" stroke-width="1"{dashed}/>'
    )


def _path(d: str, colour: str, *, width: float, dash: str = "") -> str:
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{width}"{dashed}/>'


def _text(x: float, y: float, text: str, *, anchor: str = "start", size: int = 11) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
        f'fill="{COLOURS["text"]}">{escape(text)}</text>'
    )


def _legend_swatch(key: str, x: float, y: float) -> str:
    if key == "data":
        return _line(x, y, x + 22, y, COLOURS["data"]) + _circle(x + 11, y, 3, COLOURS["data"])
    if key == "signal-outside":
        return _circle(x + 11, y, 5, COLOURS["text"], fill=COLOURS["signal"])
    if key == "signal-runs":
        # Matches the dashed centre line drawn for a phase with a runs signal.
        dashed = _line(x, y, x + 22, y, COLOURS["signal"], dash="8 4")
        return dashed + _circle(x + 11, y, 4, COLOURS["signal"])
    if key == "excluded":
        return _circle(x + 11, y, 3.5, COLOURS["data"], fill=COLOURS["background"])
    dash = {"goal": "4 4", "pdsa": "2 3", "learning_session": "6 2"}.get(key, "")
    return _line(x, y, x + 22, y, COLOURS[key], dash=dash)


def _circle(cx: float, cy: float, r: float, colour: str, *, fill: str | None = None) -> str:
    return (
        f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r}" fill="{fill or colour}" '
        f'stroke="{colour}" stroke-width="1.5"/>'
    )


def _truncate(text: str, pixels: float) -> str:
    limit = max(4, int(pixels / _CHAR_WIDTH))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _safe_id(text: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9_-]", "-", text)
    return cleaned if cleaned[:1].isalpha() else f"c-{cleaned}"
