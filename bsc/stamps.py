"""Stamps for cached results: counts and latest changes of several tables read in one query.

A cached page part is keyed by what it was computed from; reading that as one row keeps a
cache hit at one round trip to the database however many tables the part depends on."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet

FUNCTIONS = {"COUNT", "MAX", "MIN"}


def summary_row(anchor: Model, **parts: tuple[QuerySet[Any], str, str]) -> dict[str, Any]:
    """For each name, FUNCTION(column) over its queryset, all in one query, e.g.
    `summary_row(collaborative, cycles=(Cycle.objects.filter(...), "COUNT", "id"))`.

    `anchor` is any saved row: the query selects the subqueries beside it (no row, no values).

    Each part is compiled on its own and the query written around them: as Subquery
    annotations, resolving and compiling a dozen parts cost more than the database spends
    running them, and a stamp is read on every view of the page it guards."""
    selects, params = [], []
    for queryset, function, column in parts.values():
        if function not in FUNCTIONS:
            raise ValueError(f"A stamp part reads COUNT, MAX or MIN, not {function!r}")
        try:
            sql, part_params = queryset.order_by().values_list(column).query.sql_with_params()
        except EmptyResultSet:
            # A filter that can match nothing (e.g. `pk__in=[]`): the function of no rows.
            sql, part_params = "SELECT NULL WHERE FALSE", ()
        # The function is one of FUNCTIONS and the part is Django's own compiled SQL, its
        # values passed as parameters.
        selects.append(f"(SELECT {function}(stamp_part.v) FROM ({sql}) AS stamp_part(v))")  # noqa: S608
        params.extend(part_params)
    meta = type(anchor)._meta
    connection = connections[anchor._state.db or DEFAULT_DB_ALIAS]
    quote = connection.ops.quote_name
    query = (
        f"SELECT {', '.join(selects)} FROM {quote(meta.db_table)} "  # noqa: S608 - as above
        f"WHERE {quote(meta.pk.column)} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, [*params, anchor.pk])
        row = cursor.fetchone()
    return dict(zip(parts, row, strict=True)) if row else dict.fromkeys(parts)
