"""Stamps for cached results: counts and latest changes of several tables read in one query.

A cached page part is keyed by what it was computed from; reading that as one row keeps a
cache hit at one round trip to the database however many tables the part depends on."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection
from django.db.models import F, Func, Model, QuerySet, Subquery
from django.utils.translation import get_language

T = TypeVar("T")


def summary_row(anchor: Model, **parts: tuple[QuerySet[Any], str, str]) -> dict[str, Any]:
    """For each name, FUNCTION(column) over its queryset, all in one query, e.g.
    `summary_row(collaborative, cycles=(Cycle.objects.filter(...), "COUNT", "id"))`.

    `anchor` is any saved row: the query selects the subqueries beside it."""
    subqueries = {
        name: Subquery(
            # A plain function, not an aggregate: Django adds no GROUP BY, so the subquery is
            # one row over the whole filtered queryset.
            queryset.order_by()
            .annotate(_value=Func(F(column), function=function))
            .values("_value")[:1]
        )
        for name, (queryset, function, column) in parts.items()
    }
    row = type(anchor)._default_manager.filter(pk=anchor.pk).values(**subqueries).first()
    return row or dict.fromkeys(parts)


# A stamp changes with the data, so a stale entry is never read; the timeout only frees room.
STAMPED_SECONDS = 6 * 3600
_MISSING = object()


def stamped(namespace: str, stamp: Any, compute: Callable[[], T]) -> T:
    """`compute()`'s value cached under `stamp` (what it was computed from: the tenant, a
    `summary_row`, the day, ...) and the active language, whose labels it may hold."""
    digest = hashlib.sha256(repr((stamp, get_language())).encode()).hexdigest()
    key = f"stamped:{namespace}:{digest}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, STAMPED_SECONDS)
    return value


def counts_row(sql: str, params: dict[str, Any]) -> tuple[Any, ...]:
    """One row of counts and latest changes, from hand-written SQL: a stamp read on every
    view of a page costs its round trip only, not the building of a query of subqueries."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return tuple(cursor.fetchone())
