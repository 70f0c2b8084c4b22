"""Reads of themes: who sees which theme is decided here, once, for the page, the API, the
newsletter and the search alike."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from bsc.tenancy import Access
from collaboratives.framework.models import SecondaryDriver
from metrics.synthesis.models import Theme, ThemeEvidence


def themes_visible_to(access: Access) -> QuerySet[Theme]:
    """The IT sees every theme; faculty those shared with faculty or everyone; a center's team
    only those shared with everyone."""
    themes = Theme.objects.filter(collaborative=access.collaborative)
    if access.is_it:
        return themes
    if access.is_faculty:
        return themes.filter(visibility__in=[Theme.Visibility.FACULTY, Theme.Visibility.EVERYONE])
    return themes.filter(visibility=Theme.Visibility.EVERYONE)


def shared_with_everyone(collaborative) -> QuerySet[Theme]:  # noqa: ANN001
    """Themes every member may read (the board and the newsletter)."""
    return Theme.objects.filter(collaborative=collaborative, visibility=Theme.Visibility.EVERYONE)


def get_theme(access: Access, public_id: uuid.UUID | str) -> Theme:
    theme = themes_visible_to(access).filter(public_id=public_id).first()
    if theme is None:
        raise Http404
    theme.collaborative = access.collaborative
    return theme


def _filtered(
    access: Access,
    *,
    lens: str = "",
    driver: str = "",
    center: str = "",
    status: str = "",
    query: str = "",
) -> QuerySet[Theme]:
    themes = themes_visible_to(access)
    if lens:
        themes = themes.filter(lens=lens)
    if status:
        themes = themes.filter(status=status)
    if driver:
        try:
            themes = themes.filter(drivers__public_id=uuid.UUID(driver))
        except ValueError:
            themes = themes.none()
    if center:
        themes = themes.filter(centers__slug=center)
    if query:
        themes = themes.filter(title__icontains=query) | themes.filter(body__icontains=query)
    return themes


def theme_list(
    access: Access,
    *,
    lens: str = "",
    driver: str = "",
    center: str = "",
    status: str = "",
    period: str = "",
    query: str = "",
) -> QuerySet[Theme]:
    """Visible themes, filtered, with what the list shows prefetched (a fixed number of
    queries however many themes there are)."""
    themes = _filtered(access, lens=lens, driver=driver, center=center, status=status, query=query)
    if period == "none":
        themes = themes.filter(action_period__isnull=True)
    elif period.isdigit():
        themes = themes.filter(action_period=int(period))
    # The filters' joins (drivers, centers) stay in the subquery: the list needs no DISTINCT,
    # and each theme's evidence is counted on its own rather than across a join.
    evidence = (
        ThemeEvidence.objects.filter(theme=OuterRef("pk"))
        .order_by()
        .values("theme")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Theme.objects.filter(pk__in=themes.values("pk"))
        # What the list shows: the bodies are long and only the theme's own page has them.
        .only("public_id", "title", "lens", "status", "visibility", "action_period", "updated_at")
        .annotate(evidence_count=Coalesce(Subquery(evidence), 0))
        .order_by("-action_period", "-updated_at", "-pk")
    )


def theme_tags(
    themes: Sequence[Theme],
    *,
    drivers: dict[int, SecondaryDriver],
    centers: dict[int, str],
) -> dict[int, tuple[list[str], list[str]]]:
    """Per theme, its drivers' codes (in the framework's order) and its centers' names (by
    name), named from the collaborative's `drivers` and `centers` the page read already: one
    query of the two link tables' ids for a page of themes."""
    ids = [theme.pk for theme in themes]
    driver_links = Theme.drivers.through.objects.filter(theme_id__in=ids).values_list(
        "theme_id", "secondarydriver_id", Value(0)
    )
    center_links = Theme.centers.through.objects.filter(theme_id__in=ids).values_list(
        "theme_id", "center_id", Value(1)
    )
    linked: dict[int, tuple[list[SecondaryDriver], list[str]]] = {pk: ([], []) for pk in ids}
    for theme_id, target, kind in driver_links.union(center_links, all=True):
        if kind == 0 and target in drivers:
            linked[theme_id][0].append(drivers[target])
        elif kind == 1 and target in centers:
            linked[theme_id][1].append(centers[target])
    return {
        pk: (
            [d.code for d in sorted(found, key=lambda d: (d.primary.number, d.number))],
            sorted(names),
        )
        for pk, (found, names) in linked.items()
    }


def theme_periods(
    access: Access,
    *,
    lens: str = "",
    driver: str = "",
    center: str = "",
    status: str = "",
    query: str = "",
) -> list[tuple[int | None, int]]:
    """(Action Period, how many filtered themes) for every period holding one, latest first
    and the pre-work (no period) last, in one query."""
    ids = _filtered(
        access, lens=lens, driver=driver, center=center, status=status, query=query
    ).values("pk")
    counts = (
        Theme.objects.filter(pk__in=ids)
        .order_by()
        .values_list("action_period")
        .annotate(n=Count("pk"))
    )
    return sorted(counts, key=lambda row: (row[0] is None, -(row[0] or 0)))


def theme_with_evidence(theme: Theme) -> list[ThemeEvidence]:
    return list(theme.evidence.select_related("center", "added_by"))


def themes_citing(access: Access, kind: str, ref: str) -> QuerySet[Theme]:
    return themes_visible_to(access).filter(evidence__kind=kind, evidence__ref=ref)


def evidence_prefetch() -> Prefetch:
    return Prefetch("evidence", queryset=ThemeEvidence.objects.order_by("added_at"))
