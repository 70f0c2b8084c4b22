"""`<option>` lists built in Python: a filter over 160 centers is 160 options, and a template
loop with a comparison per option costs more than the rest of a page."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def options_html(choices: Iterable[tuple[Any, Any]], selected: str) -> SafeString:
    """`<option>`s for (value, label) pairs, the one whose value is `selected` selected."""
    parts = []
    for value, label in choices:
        value = str(value)
        mark = " selected" if value == selected else ""
        parts.append(f'<option value="{escape(value)}"{mark}>{escape(label)}</option>')
    return mark_safe("".join(parts))  # noqa: S308 - every value and label is escaped
