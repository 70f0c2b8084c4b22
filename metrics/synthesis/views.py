"""Themes (IT writes; shared as the IT chooses) and the month's raw material for synthesis."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from bsc import formatting
from bsc.form_errors import add_service_errors, posted_data
from bsc.links import ANY, split_link
from bsc.options import options_html
from bsc.tenancy import Access, centers_visible_to, collaborative_view
from centers.teams.models import Center
from collaboratives.framework.models import SecondaryDriver
from collaboratives.schedule.selectors import upcoming_agenda_events
from metrics.synthesis import evidence as evidence_lookup
from metrics.synthesis import selectors, services
from metrics.synthesis.drivers_table import MonthTable, cycles_page, month_stamp, month_table
from metrics.synthesis.forms import AddEvidenceForm, AgendaEventForm, ThemeForm
from metrics.synthesis.models import Theme, ThemeEvidence
from metrics.synthesis.month import SignalSeen, ratings_and_posts, signals_appeared
from metrics.values.models import add_months, month_label
from metrics.values.validation import collaborative_today, parse_month
from pdsa.cycles.selectors import drivers_of


def _theme_form(request: HttpRequest, access: Access, instance: Theme | None = None) -> ThemeForm:
    return ThemeForm(
        posted_data(request),
        instance=instance,
        drivers=drivers_of(access),
        centers=centers_visible_to(access).order_by("name"),
    )


THEMES_PAGE_SIZE = 20  # themes per page of one Action Period


def _shortened(text: str, length: int) -> str:
    """`text` cut to `length` characters; a Truncator (and its translated ellipsis) only for
    the texts longer than that."""
    return Truncator(text).chars(length) if len(text) > length else text


def _period_param(value: int | None) -> str:
    return "none" if value is None else str(value)


@collaborative_view()
def theme_list(request: HttpRequest, access: Access) -> HttpResponse:
    """The filtered themes one Action Period at a time (the latest with a match unless one is
    asked for), a page at a time; each period says how many themes match in it."""
    filters = {
        name: request.GET.get(name, "").strip()
        for name in ("lens", "driver", "center", "status", "period", "q")
    }
    chosen = {
        "lens": filters["lens"] if filters["lens"] in Theme.Lens.values else "",
        "driver": filters["driver"],
        "center": filters["center"],
        "status": filters["status"] if filters["status"] in Theme.Status.values else "",
        "query": filters["q"],
    }
    periods = selectors.theme_periods(access, **chosen)
    wanted = filters["period"]
    if wanted not in {_period_param(number) for number, _count in periods}:
        wanted = _period_param(periods[0][0]) if periods else ""
    # The filters' menus, and the names the listed themes' drivers and centers show: every
    # driver (a retired one is still named on the themes citing it) and center, read once.
    all_drivers = list(
        SecondaryDriver.objects.filter(
            primary__framework__collaborative=access.collaborative
        ).select_related("primary")
    )
    centers = list(centers_visible_to(access).order_by("name").values_list("pk", "slug", "name"))
    page = None
    if wanted:
        themes = selectors.theme_list(access, period=wanted, **chosen)
        paginator = Paginator(themes, THEMES_PAGE_SIZE)
        # The period's count is already known: the paginator need not count again.
        paginator.count = next(n for number, n in periods if _period_param(number) == wanted)
        page = paginator.get_page(request.GET.get("page"))
        # What each item shows, labels translated once for the page.
        lenses, statuses = dict(Theme.Lens.choices), dict(Theme.Status.choices)
        visibilities = dict(Theme.Visibility.choices)
        tags = selectors.theme_tags(
            page.object_list,
            drivers={d.pk: d for d in all_drivers},
            centers={pk: name for pk, _slug, name in centers},
        )
        for theme in page.object_list:
            theme.lens_label = lenses.get(theme.lens, theme.lens)
            theme.status_label = statuses.get(theme.status, theme.status)
            theme.visibility_label = visibilities.get(theme.visibility, theme.visibility)
            theme.driver_codes, theme.center_names = tags[theme.pk]
            theme.evidence_label = ngettext(
                "%(n)s piece of evidence", "%(n)s pieces of evidence", theme.evidence_count
            ) % {"n": theme.evidence_count}
    drivers = [d for d in all_drivers if d.retired_at is None]
    return render(
        request,
        "metrics/synthesis/themes.html",
        {
            "periods": [(number, _period_param(number), n) for number, n in periods],
            "period": wanted,
            "page": page,
            "count": sum(n for _number, n in periods),
            "filters": filters,
            "lenses": Theme.Lens.choices,
            "statuses": Theme.Status.choices,
            "driver_options": options_html(
                ((d.public_id, f"{d.code} {_shortened(d.text, 50)}") for d in drivers),
                filters["driver"],
            ),
            "center_options": options_html(
                ((slug, name) for _pk, slug, name in centers), filters["center"]
            ),
            "can_manage": access.can("manage_themes"),
            "theme_url": split_link("metrics:theme-detail", access.collaborative.slug, ANY),
        },
    )


@collaborative_view(permission="manage_themes")
def theme_new(request: HttpRequest, access: Access) -> HttpResponse:
    form = _theme_form(request, access)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            theme = services.theme_create(access=access, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(theme)
    return render(request, "metrics/synthesis/theme_form.html", {"form": form})


@collaborative_view()
def theme_detail(request: HttpRequest, access: Access, theme: uuid.UUID) -> HttpResponse:
    item = selectors.get_theme(access, theme)
    return render(
        request,
        "metrics/synthesis/theme.html",
        {
            "theme": item,
            "evidence": selectors.theme_with_evidence(item),
            "drivers": item.drivers.select_related("primary"),
            "centers": item.centers.all(),
            "can_manage": access.can("manage_themes"),
        },
    )


@collaborative_view(permission="manage_themes")
def theme_edit(request: HttpRequest, access: Access, theme: uuid.UUID) -> HttpResponse:
    item = selectors.get_theme(access, theme)
    form = _theme_form(request, access, instance=item)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.theme_update(access=access, theme=item, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(item)
    return render(request, "metrics/synthesis/theme_form.html", {"form": form, "theme": item})


@collaborative_view(permission="manage_themes")
def theme_agenda(request: HttpRequest, access: Access, theme: uuid.UUID) -> HttpResponse:
    """“Add to the agenda of…”: the upcoming calls and Learning Sessions; choosing one puts
    the theme on its agenda and records the theme as acted on with that agenda item."""
    item = selectors.get_theme(access, theme)
    events = {str(e.public_id): e for e in upcoming_agenda_events(access)}
    form = AgendaEventForm(
        posted_data(request),
        events=[
            (key, f"{e.title} · {e.get_kind_display()} · {formatting.moment(e.start)}")
            for key, e in events.items()
        ],
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.theme_add_to_agenda(
                access=access, theme=item, event=events[form.cleaned_data["event"]]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(item)
    return render(
        request,
        "metrics/synthesis/theme_agenda.html",
        {"theme": item, "form": form, "has_events": bool(events)},
    )


@collaborative_view(permission="manage_themes")
@require_POST
def theme_evidence_remove(
    request: HttpRequest, access: Access, theme: uuid.UUID, evidence: uuid.UUID
) -> HttpResponse:
    item = selectors.get_theme(access, theme)
    services.theme_remove_evidence(access=access, theme=item, evidence_id=evidence)
    return redirect(item)


@collaborative_view(permission="manage_themes")
def evidence_add(request: HttpRequest, access: Access) -> HttpResponse:
    """“Add to a theme” from a cycle, post, comment, event, self-assessment or chart."""
    source = request.POST if request.method == "POST" else request.GET
    kind = source.get("kind", "")
    if kind not in ThemeEvidence.Kind.values:
        raise Http404
    cited = evidence_lookup.resolve(access, kind, source.get("ref", ""))
    themes = selectors.themes_visible_to(access).order_by("-updated_at")
    form = AddEvidenceForm(posted_data(request), themes=themes)
    if request.method == "POST" and form.is_valid():
        theme = form.cleaned_data["theme"]
        try:
            if theme is None:
                theme = services.theme_create(
                    access=access,
                    title=form.cleaned_data["new_title"].strip(),
                    lens=form.cleaned_data["new_lens"],
                )
            services.theme_add_evidence(access=access, theme=theme, cited=cited)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(theme)
    return render(
        request,
        "metrics/synthesis/evidence_add.html",
        {
            "form": form,
            "cited": cited,
            "citing": selectors.themes_citing(access, cited.kind, cited.ref),
        },
    )


CYCLES_PER_CELL = 5  # each cell of the all-drivers table
CYCLES_PER_PAGE = 25  # each cell of one driver's table, a page at a time
SIGNALS_PER_METRIC = 5  # each metric's signals on the page
SIGNALS_PER_PAGE = 25  # one metric's signals, a page at a time


@dataclass(frozen=True)
class CycleShown:
    public_id: uuid.UUID
    number: int
    ramp_title: str
    center_name: str


@dataclass(frozen=True)
class CycleCell:
    """One cell of the cycles-per-driver table: how many, the ones listed and how many not."""

    total: int
    shown: list[CycleShown]

    @property
    def more(self) -> int:
        return self.total - len(self.shown)

    @property
    def more_label(self) -> str:
        return _more(self.more)


def _more(n: int) -> str:
    """“and 3 more”: in Python, since a counted `blocktranslate` per cell costs more."""
    return ngettext("and %(n)s more", "and %(n)s more", n) % {"n": n}


@dataclass(frozen=True)
class DriverShown:
    driver: SecondaryDriver | None
    cells: list[CycleCell]

    @property
    def key(self) -> str:
        """How the page names this row in its `?driver=` drill-down."""
        return self.driver.code if self.driver else "none"


@dataclass(frozen=True)
class SignalGroup:
    """One metric's signals: how many appeared and the ones listed."""

    metric_name: str
    metric_slug: str
    total: int
    shown: list[SignalSeen]

    @property
    def more(self) -> int:
        return self.total - len(self.shown)

    @property
    def more_label(self) -> str:
        return _more(self.more)

    @property
    def count_label(self) -> str:
        return ngettext("%(n)s signal", "%(n)s signals", self.total) % {"n": self.total}


def _driver_rows(
    access: Access, table: MonthTable, drivers: dict[int, SecondaryDriver]
) -> list[DriverShown]:
    """The table's rows in the drivers' order, each cycle with its center's name (read here:
    the cached table keeps ids, so a renamed center shows its new name)."""
    ids = {c.center_id for row in table.rows for cycles in row.listed for c in cycles}
    names = dict(
        Center.objects.filter(collaborative=access.collaborative, pk__in=ids).values_list(
            "pk", "name"
        )
    )
    rows = []
    for row in table.rows:
        driver = drivers.get(row.driver_id) if row.driver_id is not None else None
        if row.driver_id is not None and driver is None:
            continue  # a driver outside this collaborative's framework: not this page's
        cells = [
            CycleCell(
                total,
                [
                    CycleShown(c.public_id, c.number, c.ramp_title, names.get(c.center_id, ""))
                    for c in cycles
                ],
            )
            for total, cycles in zip(row.counts, row.listed, strict=True)
        ]
        rows.append(DriverShown(driver, cells))

    def order(row: DriverShown) -> tuple:
        if row.driver is None:
            return (1, 0, 0)
        return (0, row.driver.primary.number, row.driver.number)

    return sorted(rows, key=order)


def _signal_groups(signals: list[SignalSeen], listed: int) -> list[SignalGroup]:
    """The signals by metric, in the catalogue's order, the first `listed` of each (all when
    0); within a metric, in the order they were found (by center)."""
    by_metric: dict[str, list[SignalSeen]] = {}
    for signal in sorted(signals, key=lambda s: s.metric_order):
        by_metric.setdefault(signal.metric_slug, []).append(signal)
    return [
        SignalGroup(found[0].metric_name, slug, len(found), found[:listed] if listed else found)
        for slug, found in by_metric.items()
    ]


@collaborative_view(permission="view_synthesis")
def month_page(request: HttpRequest, access: Access, month: str = "") -> HttpResponse:
    """The month's raw material for synthesis. A large collaborative starts thousands of
    cycles and sees hundreds of chart signals a month: each cell and each metric lists a few,
    with exact counts, and a driver's or a metric's own view lists all of its own, a page at
    a time."""
    today = collaborative_today(access.collaborative)
    if month:
        try:
            chosen = parse_month(month)
        except ValueError as error:
            raise Http404 from error
    else:
        chosen = today.replace(day=1)
    collaborative = access.collaborative
    stamp = month_stamp(collaborative)
    # Read on every request (drivers have no change stamp): codes, texts and their order.
    drivers = {
        d.pk: d
        for d in SecondaryDriver.objects.filter(
            primary__framework__collaborative=collaborative
        ).select_related("primary")
    }
    chosen_driver = request.GET.get("driver", "")
    driver_page = None
    if not chosen_driver:
        table = month_table(collaborative, chosen, stamp=stamp, listed=CYCLES_PER_CELL)
        rows = _driver_rows(access, table, drivers)
    else:
        by_code = {d.code: pk for pk, d in drivers.items()}
        which = None if chosen_driver == "none" else by_code.get(chosen_driver)
        if chosen_driver != "none" and which is None:
            # No such driver: no row, and the month's totals from the all-drivers table.
            table = month_table(collaborative, chosen, stamp=stamp, listed=CYCLES_PER_CELL)
            rows = []
        else:
            page_asked = request.GET.get("page")
            table = month_table(
                collaborative,
                chosen,
                stamp=stamp,
                driver=which,
                listed=CYCLES_PER_PAGE,
                page=page_asked,
            )
            rows = _driver_rows(access, table, drivers)
            if table.rows:
                driver_page = cycles_page(table.rows[0], page_asked, CYCLES_PER_PAGE)
    chosen_metric = request.GET.get("metric", "")
    signals = signals_appeared(collaborative, chosen, stamp=stamp)
    if chosen_metric:
        groups = _signal_groups([s for s in signals if s.metric_slug == chosen_metric], 0)
        signals_page = Paginator(groups[0].shown if groups else [], SIGNALS_PER_PAGE).get_page(
            request.GET.get("signals_page")
        )
        groups = [replace(group, shown=list(signals_page.object_list)) for group in groups]
    else:
        groups = _signal_groups(signals, SIGNALS_PER_METRIC)
        signals_page = None
    ratings_posts = ratings_and_posts(collaborative, chosen)
    lowest = [(drivers[pk], mean, n) for pk, mean, n in ratings_posts.lowest_rated if pk in drivers]
    cycle_url = split_link("pdsa:cycle-detail", collaborative.slug, ANY)
    return render(
        request,
        "metrics/synthesis/month.html",
        {
            "totals": table.totals,
            "rows": rows,
            "chosen_driver": chosen_driver,
            "driver_page": driver_page,
            "listed_per_cell": 0 if chosen_driver else CYCLES_PER_CELL,
            "cycle_url": cycle_url,
            "signal_count": len(signals),
            "signal_groups": groups,
            "chosen_metric": chosen_metric,
            "signals_page": signals_page,
            "listed_per_metric": 0 if chosen_metric else SIGNALS_PER_METRIC,
            "theme_cite_url": reverse("metrics:theme-evidence-add", args=[collaborative.slug]),
            "lowest_rated": lowest,
            "discussed_posts": ratings_posts.discussed_posts,
            "month_label": month_label(chosen),
            "previous": month_label(add_months(chosen, -1)),
            "next": month_label(add_months(chosen, 1)) if chosen < today.replace(day=1) else "",
            "can_manage": access.can("manage_themes"),
        },
    )
