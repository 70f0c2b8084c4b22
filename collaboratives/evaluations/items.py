"""Evaluation items as the IT edits them: one item a line, prefixed by its kind.

scale: The Team Time was important to give my team time to think ...
choice: Which Affinity Group meeting did you attend? | Parent Leader | Teacher
open: What (if anything) surprised you about this pre-work day?
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

KINDS = ("scale", "choice", "open")
# Appendix F's five-point agree scale, highest first as on the form.
SCALE = [
    (5, _lazy("Strongly agree")),
    (4, _lazy("Agree")),
    (3, _lazy("Neutral")),
    (2, _lazy("Disagree")),
    (1, _lazy("Strongly disagree")),
]
MAX_ITEMS = 40
MAX_TEXT = 500
APPENDIX_F = Path(__file__).resolve().parent / "data" / "appendix_f.json"


@cache
def _appendix_f() -> dict[str, Any]:
    return json.loads(APPENDIX_F.read_text(encoding="utf-8"))


def appendix_f_items() -> list[dict[str, Any]]:
    """The items of the Appendix F form, keyed."""
    return keyed(_appendix_f()["items"])


def appendix_f_introduction() -> str:
    return _appendix_f()["introduction"]


def keyed(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The items with fresh keys i1, i2, … in their order."""
    result = []
    for number, item in enumerate(items, start=1):
        entry = {"key": f"i{number}", "kind": item["kind"], "text": item["text"]}
        if item["kind"] == "choice":
            entry["choices"] = list(item["choices"])
        result.append(entry)
    return result


def items_text(items: list[dict[str, Any]]) -> str:
    lines = []
    for item in items:
        line = f"{item['kind']}: {item['text']}"
        if item["kind"] == "choice":
            line += "".join(f" | {choice}" for choice in item["choices"])
        lines.append(line)
    return "\n".join(lines)


def parse_items(text: str) -> list[dict[str, Any]]:
    """The items of the editor's text; a ValidationError names each line it cannot read."""
    items: list[dict[str, Any]] = []
    errors: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        kind, sep, rest = line.partition(":")
        kind = kind.strip().lower()
        if not sep or kind not in KINDS:
            errors.append(
                _("Line %(n)d: start with “scale:”, “choice:” or “open:”.") % {"n": number}
            )
            continue
        parts = [part.strip() for part in rest.split("|")]
        question = parts[0]
        if not question:
            errors.append(_("Line %(n)d: write the question after the kind.") % {"n": number})
            continue
        if len(question) > MAX_TEXT:
            errors.append(
                _("Line %(n)d: keep a question under %(max)d characters.")
                % {"n": number, "max": MAX_TEXT}
            )
            continue
        item: dict[str, Any] = {"kind": kind, "text": question}
        if kind == "choice":
            choices = [choice for choice in parts[1:] if choice]
            if len(choices) < 2 or len(set(choices)) != len(choices):
                errors.append(
                    _("Line %(n)d: give two or more different choices, separated by “|”.")
                    % {"n": number}
                )
                continue
            item["choices"] = choices
        elif len(parts) > 1:
            errors.append(_("Line %(n)d: only a choice item lists choices.") % {"n": number})
            continue
        items.append(item)
    if not errors and not items:
        errors.append(_("Add at least one item."))
    if len(items) > MAX_ITEMS:
        errors.append(_("An evaluation has at most %(max)d items.") % {"max": MAX_ITEMS})
    if errors:
        raise ValidationError({"items": errors})
    return keyed(items)


def same_item(text: str) -> str:
    """The wording an item is matched by across sessions: case and spacing ignored."""
    return re.sub(r"\s+", " ", text).strip().casefold()
