"""Stamps for cached results: counts and latest changes of several tables read in one query.

A cached page part is keyed by what it was computed from; reading that as one row keeps a
cache hit at one round trip to the database however many tables the part depends on."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Model, QuerySet
from django.utils.translation import get_language

FUNCTIONS = {"COUNT", "MAX", "MIN"}
T = TypeVar("T")


def summary_row(anchor: Model, **parts: tuple[QuerySet[Any], str, str]) -> dict[str, Any]:
    """For each name, FUNCTION(column) over its queryset, all in one query, e.g.
    `summary_row(collaborative, cycles=(Cycle.objects.filter(...), "COUNT", "id"))`.

    `anchor` is any saved row: the query selects the parts beside it (no row, no values).
    Values come as the database driver returns them (SQLite gives dates as text): a stamp is
    for cache keys, compared only with itself.

    Each queryset is compiled on its own and the query written around them: as Subquery
    annotations, resolving and compiling a dozen parts cost more than the database spends
    running them, and a stamp is read on every view of the page it guards. Parts given the
    same queryset object (a count and a latest change, say) read its rows once."""
    groups: dict[int, tuple[QuerySet[Any], list[tuple[str, str, str]]]] = {}
    for name, (queryset, function, column) in parts.items():
        if function not in FUNCTIONS:
            raise ValueError(f"A stamp part reads COUNT, MAX or MIN, not {function!r}")
        groups.setdefault(id(queryset), (queryset, []))[1].append((name, function, column))
    groups_sql, params, selects, names = [], [], [], []
    for index, (queryset, wanted) in enumerate(groups.values()):
        columns = list(dict.fromkeys(column for _name, _function, column in wanted))
        aliases = [f"c{n}" for n in range(len(columns))]
        try:
            sql, group_params = queryset.order_by().values_list(*columns).query.sql_with_params()
        except EmptyResultSet:
            # A filter that can match nothing (e.g. `pk__in=[]`): the functions of no rows.
            sql = "SELECT " + ", ".join("NULL" for _column in columns) + " WHERE FALSE"
            group_params = ()
        functions = ", ".join(
            f"{function}({aliases[columns.index(column)]}) AS f{n}"
            for n, (_name, function, column) in enumerate(wanted)
        )
        # Each function is one of FUNCTIONS and each part is Django's own compiled SQL, its
        # values passed as parameters. The rows' columns are named in the WITH list, which
        # SQLite understands too (it has no column list on a derived table).
        groups_sql.append(f"g{index}({', '.join(aliases)}) AS ({sql})")
        groups_sql.append(f"p{index} AS (SELECT {functions} FROM g{index})")  # noqa: S608
        params.extend(group_params)
        # Scalar subqueries, not a join of the groups: the planner would search join orders
        # of a dozen one-row relations, which costs more than running them.
        selects.extend(f"(SELECT f{n} FROM p{index})" for n in range(len(wanted)))  # noqa: S608
        names.extend(name for name, _function, _column in wanted)
    meta = type(anchor)._meta
    database = connections[anchor._state.db or DEFAULT_DB_ALIAS]
    quote = database.ops.quote_name
    query = (
        f"WITH {', '.join(groups_sql)} SELECT {', '.join(selects)} "  # noqa: S608 - as above
        f"FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} = %s"
    )
    with database.cursor() as cursor:
        cursor.execute(query, [*params, anchor.pk])
        row = cursor.fetchone()
    values = dict(zip(names, row, strict=True)) if row else dict.fromkeys(names)
    return {name: values[name] for name in parts}


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
