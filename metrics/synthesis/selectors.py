"""Reads of themes: who sees which theme is decided here, once, for the page, the API, the
newsletter and the search alike."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from bsc.tenancy import Access
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


def theme_tags(themes: Sequence[Theme]) -> dict[int, tuple[list[str], list[str]]]:
    """Per theme, its drivers' codes and its centers' names, in their orders: two queries
    of plain values for a page of themes (prefetching builds a manager per theme)."""
    ids = [theme.pk for theme in themes]
    tags: dict[int, tuple[list[str], list[str]]] = {pk: ([], []) for pk in ids}
    drivers = (
        Theme.drivers.through.objects.filter(theme_id__in=ids)
        .order_by("secondarydriver__primary__number", "secondarydriver__number")
        .values_list("theme_id", "secondarydriver__primary__number", "secondarydriver__number")
    )
    for theme_id, primary, number in drivers:
        tags[theme_id][0].append(f"{primary}.{number}")
    centers = (
        Theme.centers.through.objects.filter(theme_id__in=ids)
        .order_by("center__name")
        .values_list("theme_id", "center__name")
    )
    for theme_id, name in centers:
        tags[theme_id][1].append(name)
    return tags


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
