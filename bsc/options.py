"""`<option>` lists built in Python: a filter over 160 centers is 160 options, and a template
loop with a comparison per option costs more than the rest of a page."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def options_html(choices: Iterable[tuple[Any, Any]], selected: str) -> SafeString:
    """`<option>`s for (value, label) pairs, the one whose value is `selected` selected."""
    # The standard library's escape, which Django's wraps: the same text, without the lazy
    # wrapper's cost on each of hundreds of options.
    quote = html.escape
    parts = []
    for value, label in choices:
        value = str(value)
        mark = " selected" if value == selected else ""
        parts.append(f'<option value="{quote(value)}"{mark}>{quote(str(label))}</option>')
    return mark_safe("".join(parts))  # noqa: S308 - every value and label is escaped


class OptionsSelect(forms.Select):
    """A one-choice `<select>` whose options `options_html` writes: a form offering every
    center renders in a fraction of the time a template per option takes."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        if isinstance(value, (list, tuple)):
            value = value[0] if value else ""
        selected = "" if value is None else str(value)
        options = options_html(self.choices, selected)
        return mark_safe(f"<select{flatatt(final)}>{options}</select>")  # noqa: S308 - escaped


class OptionsCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes for a several-choice field, written here rather than by a template per
    choice; the markup is Django's: each box inside its label, all in a `<div>` with the
    field's id, under the fieldset and legend the field's template gives a group."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        group_id = final.pop("id", "")
        chosen = {str(v) for v in self.format_value(value)}
        parts = []
        for index, (choice, label) in enumerate(self.choices):
            choice = str(choice)
            box = {**final, "type": "checkbox", "name": name, "value": choice}
            if group_id:
                box["id"] = f"{group_id}_{index}"
            if choice in chosen:
                box["checked"] = True
            target = f' for="{escape(box["id"])}"' if group_id else ""
            parts.append(f"<div><label{target}><input{flatatt(box)}> {escape(label)}</label></div>")
        group = f' id="{escape(group_id)}"' if group_id else ""
        # Every value, label and attribute is escaped (flatatt escapes the attributes).
        return mark_safe(f"<div{group}>{''.join(parts)}</div>")  # noqa: S308
