"""Links for every row of a list from one reversal: `reverse` resolves converters and quotes
on each call, which a page of 25–160 rows paid once per row and kind of link."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse

# Stands for the argument that changes from row to row; it passes the uuid and slug
# converters, and no real id or slug is all zeros.
ANY = "00000000-0000-0000-0000-000000000000"


def split_link(name: str, *args: Any, **kwargs: Any) -> tuple[str, str]:
    """`name`'s address as the text before and after its argument given as `ANY`; a template
    writes `{{ link.0 }}{{ row.slug }}{{ link.1 }}`, and the pair can go into a cache key."""
    before, after = reverse(name, args=args or None, kwargs=kwargs or None).split(ANY)
    return before, after


def link_maker(name: str, *args: Any, **kwargs: Any) -> Callable[[Any], str]:
    """A function giving `name`'s address for a value of its argument given as `ANY`."""
    before, after = split_link(name, *args, **kwargs)
    return lambda value: f"{before}{value}{after}"
