"""Themes (IT writes; shared as the IT chooses) and the month's raw material for synthesis."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import Truncator
from django.views.decorators.http import require_POST

from bsc import formatting
from bsc.form_errors import add_service_errors, posted_data
from bsc.options import options_html
from bsc.tenancy import Access, centers_visible_to, collaborative_view
from collaboratives.schedule.selectors import upcoming_agenda_events
from metrics.synthesis import evidence as evidence_lookup
from metrics.synthesis import selectors, services
from metrics.synthesis.forms import AddEvidenceForm, AgendaEventForm, ThemeForm
from metrics.synthesis.models import Theme, ThemeEvidence
from metrics.synthesis.month import CycleSeen, DriverActivity, month_summary
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
    page = None
    if wanted:
        themes = selectors.theme_list(access, period=wanted, **chosen)
        page = Paginator(themes, THEMES_PAGE_SIZE).get_page(request.GET.get("page"))
    centers = centers_visible_to(access).order_by("name").values_list("slug", "name")
    drivers = drivers_of(access)
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
                ((d.public_id, f"{d.code} {Truncator(d.text).chars(50)}") for d in drivers),
                filters["driver"],
            ),
            "center_options": options_html(centers, filters["center"]),
            "can_manage": access.can("manage_themes"),
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


CYCLES_PER_CELL = 5


@dataclass(frozen=True)
class CycleCell:
    """One cell of the cycles-per-driver table: how many, the ones listed and how many not."""

    total: int
    shown: list[CycleSeen]

    @property
    def more(self) -> int:
        return self.total - len(self.shown)


def _cells(group: DriverActivity, listed: int) -> list[CycleCell]:
    lists = (group.started, group.adopted, group.abandoned)
    return [CycleCell(len(cycles), cycles[:listed] if listed else cycles) for cycles in lists]


@collaborative_view(permission="view_synthesis")
def month_page(request: HttpRequest, access: Access, month: str = "") -> HttpResponse:
    today = collaborative_today(access.collaborative)
    if month:
        try:
            chosen = parse_month(month)
        except ValueError as error:
            raise Http404 from error
    else:
        chosen = today.replace(day=1)
    summary = month_summary(access.collaborative, chosen)
    # A large collaborative starts thousands of cycles a month: each cell lists a few, and a
    # driver's own view lists all of its cycles.
    chosen_driver = request.GET.get("driver", "")
    groups = summary.drivers
    if chosen_driver:
        groups = [g for g in groups if g.key == chosen_driver]
    listed = 0 if chosen_driver else CYCLES_PER_CELL
    return render(
        request,
        "metrics/synthesis/month.html",
        {
            "summary": summary,
            "rows": [(group, _cells(group, listed)) for group in groups],
            "chosen_driver": chosen_driver,
            "listed_per_cell": listed,
            "month_label": month_label(chosen),
            "previous": month_label(add_months(chosen, -1)),
            "next": month_label(add_months(chosen, 1)) if chosen < today.replace(day=1) else "",
            "can_manage": access.can("manage_themes"),
        },
    )
