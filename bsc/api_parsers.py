"""The API's request parsers. Kept apart from bsc.api: DRF imports them while it sets up its
views, so they cannot import those views back."""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers

# No request body of the API nests deeper than a few levels.
MAX_JSON_DEPTH = 32


def _depth_exceeded(value: Any, limit: int) -> bool:
    """True when `value` nests lists and objects more than `limit` levels (iteratively, so a
    deep document cannot exhaust the stack here either)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing with 400 a body nested too deep to handle (Python's JSON
    decoder raises RecursionError at about a thousand levels)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise exceptions.ParseError(self._too_deep()) from error
        if _depth_exceeded(data, MAX_JSON_DEPTH):
            raise exceptions.ParseError(self._too_deep())
        return data

    @staticmethod
    def _too_deep() -> str:
        return _("JSON parse error - the document nests more than %(depth)s levels.") % {
            "depth": MAX_JSON_DEPTH
        }
