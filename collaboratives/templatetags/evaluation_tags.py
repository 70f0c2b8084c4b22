"""Filters for forms whose fields are named by data (the evaluation's items)."""

from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    """`mapping[key]`, or None; works for dicts and QueryDicts."""
    if mapping is None:
        return None
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def percent(value: float | None) -> str:
    if value is None:
        return ""
    return f"{number_format(round(value * 100))} %"
