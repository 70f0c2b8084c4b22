"""What a simulated user reads in a page: the forms a browser would send, and whether it shows
another tenant's names. Standard library only: Locust's process imports it without Django."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any


class Forms(HTMLParser):
    """The forms of a page: action, method and the values a browser would send."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._first_option = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(
                {"action": a.get("action", ""), "method": a.get("method", "get"), "fields": {}}
            )
            return
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            fields[name] = a.get("value", "on" if kind == "checkbox" else "")
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = ""
        elif tag == "select" and name:
            self._select = name
            self._first_option = True
        elif tag == "option" and self._select and (self._first_option or "selected" in a):
            # A browser sends the selected option, else the first one.
            fields[self._select] = a.get("value", "")
            self._first_option = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data


def forms_of(html: str) -> list[dict[str, Any]]:
    parser = Forms()
    parser.feed(html)
    return parser.forms


class TenantGuard:
    """Finds any of the other tenants' names (organization, collaborative, centers, teams,
    e-mail domain) in a response's text."""

    def __init__(self, foreign_names: list[str]) -> None:
        names = sorted({name for name in foreign_names if name}, key=len, reverse=True)
        self.pattern = re.compile("|".join(re.escape(name) for name in names)) if names else None

    def find(self, text: str) -> str | None:
        if self.pattern is None:
            return None
        found = self.pattern.search(text)
        return found.group(0) if found else None
