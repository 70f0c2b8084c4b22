from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from bsc.form_errors import add_service_errors
from bsc.tenancy import (
    Access,
    collaborative_view,
    get_object_in_collaborative,
)
from collaboratives.schedule import recurrence, rule_words
from collaboratives.schedule import series as series_services
from collaboratives.schedule.clashes import Candidate, find_clashes
from collaboratives.schedule.forms import (
    SeriesForm,
)
from collaboratives.schedule.models import CallSeries
from collaboratives.schedule.moved import recall_moved, remember_moved
from collaboratives.schedule.views import _form_context, _tz


def get_series(access: Access, public_id: Any) -> CallSeries:
    series = get_object_in_collaborative(
        access, CallSeries.objects.all(), permission="manage_schedule", public_id=public_id
    )
    series.collaborative = access.collaborative
    return series


def _series_clashes(access: Access, data: dict[str, Any], found: list, series_id=None) -> list:
    candidates = [
        Candidate(
            title=data["title"],
            kind=data["kind"],
            start=start,
            end=end,
            audience=data["audience"],
            audience_center_role=data.get("audience_center_role", ""),
            audience_center_id=data["audience_center"].pk if data.get("audience_center") else None,
            facilitator_ids=frozenset(u.pk for u in data.get("facilitators", [])),
            series_id=series_id,
        )
        for _key, start, end in found
    ]
    return find_clashes(access.collaborative, candidates)


@collaborative_view(permission="manage_schedule")
def series_create(request: HttpRequest, access: Access) -> HttpResponse:
    context = _form_context(access)
    form = SeriesForm(request.POST or None, **context)
    clashes: list = []
    preview: list = []
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        try:
            found = recurrence.series_occurrences(access.collaborative, data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            tz = _tz(access)
            preview = [start.astimezone(tz) for _k, start, _e in found]
            clashes = _series_clashes(access, data, found)
            if not clashes or form.cleaned_data.get("confirm_clashes"):
                try:
                    series, events = series_services.series_create(access=access, **data)
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, _("%(n)s calls are scheduled.") % {"n": len(events)})
                    return redirect(series)
    return render(
        request,
        "collaboratives/schedule/series_form.html",
        {"form": form, "clashes": clashes, "preview": preview, "series": None},
    )


@collaborative_view(permission="manage_schedule")
def series_preview(request: HttpRequest, access: Access) -> HttpResponse:
    """The rule chosen on the series form, read back in a sentence (asked for on each change)."""
    form = SeriesForm(request.POST or None, **_form_context(access))
    calls = None
    if form.is_bound and form.is_valid():
        try:
            calls = len(recurrence.series_occurrences(access.collaborative, form.service_data()))
        except ValidationError:
            calls = None
    return render(
        request,
        "collaboratives/schedule/_rule_sentence.html",
        {"form": form, "sentence": form.rule_sentence(), "calls": calls},
    )


@collaborative_view(permission="manage_schedule")
def series_detail(request: HttpRequest, access: Access, series: Any) -> HttpResponse:
    item = get_series(access, series)
    tz = _tz(access)
    events = list(
        item.events.order_by("start").prefetch_related(
            Prefetch("facilitators"),
        )
    )
    for event in events:
        event.collaborative = access.collaborative
        event.local = event.start.astimezone(tz)
    now = timezone.now()
    upcoming = [e for e in events if e.start >= now and not e.cancelled]
    clashes = find_clashes(
        access.collaborative,
        [Candidate.of(e, frozenset(u.pk for u in e.facilitators.all())) for e in upcoming],
    )
    return render(
        request,
        "collaboratives/schedule/series_detail.html",
        {
            "series": item,
            "events": events,
            "clashes": clashes,
            "now": now,
            "sentence": rule_words.sentence(item.rule, item.until, access.collaborative.end_date),
        },
    )


@collaborative_view(permission="manage_schedule")
def series_edit(request: HttpRequest, access: Access, series: Any) -> HttpResponse:
    """Editing a series asks what happens to its future calls."""
    item = get_series(access, series)
    context = _form_context(access)
    form = SeriesForm(
        request.POST or None,
        initial=SeriesForm.initial_from(item) | {"scope": "unchanged"},
        with_scope=True,
        **context,
    )
    if request.method == "POST" and form.is_valid():
        try:
            change = series_services.series_update(
                access=access, series=item, scope=form.cleaned_data["scope"], **form.service_data()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Series saved: %(updated)s calls changed, %(created)s added, %(removed)s "
                    "removed, %(kept)s changed one by one left as they were."
                )
                % {
                    "updated": change.updated,
                    "created": change.created,
                    "removed": change.removed,
                    "kept": change.kept,
                },
            )
            if change.moved_tasks:
                remember_moved(request, str(item.public_id), change.moved_tasks)
                return redirect(
                    "collaboratives:series-moved",
                    slug=access.collaborative.slug,
                    series=item.public_id,
                )
            return redirect(item)
    return render(
        request,
        "collaboratives/schedule/series_form.html",
        {"form": form, "clashes": [], "preview": [], "series": item},
    )


@collaborative_view(permission="manage_schedule")
def series_moved(request: HttpRequest, access: Access, series: Any) -> HttpResponse:
    """What the last change of the series moved (reached by redirect after the edit)."""
    item = get_series(access, series)
    moved = recall_moved(request, str(item.public_id))
    if moved is None:
        return redirect(item)
    return render(
        request,
        "collaboratives/schedule/event_moved.html",
        {"event": None, "series": item, "moved": moved},
    )
