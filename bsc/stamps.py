"""Stamps for cached results: counts and latest changes of several tables read in one query.

A cached page part is keyed by what it was computed from; reading that as one row keeps a
cache hit at one round trip to the database however many tables the part depends on."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Func, Model, QuerySet, Subquery


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
