"""Pages of the timeline: calendar, events, standing call series and calendar feeds."""

from __future__ import annotations

import calendar as calendar_lib
import datetime
import zoneinfo
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bsc.tenancy import (
    Access,
    centers_visible_to,
    collaborative_view,
    get_object_in_collaborative,
    members_visible_to,
)

from . import schedule
from .ics import event_ics, feed_ics
from .models import CalendarFeed, CallSeries, Event, WorkplanTask
from .schedule_forms import ActionItemForm, DecisionForm, EventForm, NotesForm, SeriesForm
from .timeline import (
    Candidate,
    audience_members,
    events_invited,
    events_visible_to,
    find_clashes,
)


def _tz(access: Access) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(access.collaborative.timezone)


def _today(access: Access) -> datetime.date:
    return timezone.localdate(timezone=_tz(access))


def _apply_errors(form: Any, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def get_event(access: Access, public_id: Any, permission: str | None = None) -> Event:
    """An event the person may see (invited, or the IT), else 404."""
    event = get_object_in_collaborative(
        access, events_visible_to(access).select_related("series"), public_id=public_id
    )
    event.collaborative = access.collaborative
    if permission:
        access.require(permission, event)
    return event


# --- Calendar -------------------------------------------------------------------------------


def _month_from(request: HttpRequest, today: datetime.date) -> datetime.date:
    try:
        year, month = (int(part) for part in request.GET.get("month", "").split("-"))
        return datetime.date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


@collaborative_view(permission="view_schedule")
def calendar_page(request: HttpRequest, access: Access) -> HttpResponse:
    """The person's calendar: the events they are invited to, as a month grid or a list."""
    tz = _tz(access)
    today = _today(access)
    month = _month_from(request, today)
    view = "list" if request.GET.get("view") == "list" else "month"
    weeks = calendar_lib.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    first, last = weeks[0][0], weeks[-1][-1]
    low = datetime.datetime.combine(first, datetime.time.min, tzinfo=tz)
    high = datetime.datetime.combine(
        last + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    events = list(events_invited(access).filter(start__lt=high, end__gt=low).order_by("start"))
    by_day: dict[datetime.date, list[Event]] = defaultdict(list)
    for event in events:
        event.collaborative = access.collaborative
        event.local = event.start.astimezone(tz)
        by_day[event.local.date()].append(event)
    grid = [[(day, by_day.get(day, [])) for day in week] for week in weeks]
    in_month = [e for e in events if e.local.month == month.month]
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    feed = schedule.feed_for(access=access)
    feed_url = (
        request.build_absolute_uri(
            reverse(
                "collaboratives:calendar-feed",
                kwargs={"slug": access.collaborative.slug, "feed_token": feed.token},
            )
        )
        if feed
        else ""
    )
    return render(
        request,
        "collaboratives/calendar.html",
        {
            "month": month,
            "view": view,
            "grid": grid,
            "events": in_month,
            "today": today,
            "previous": f"{previous:%Y-%m}",
            "following": f"{following:%Y-%m}",
            "weekdays": [calendar_lib.day_abbr[i] for i in range(7)],
            "feed_url": feed_url,
            "tz_name": access.collaborative.timezone,
        },
    )


@collaborative_view(permission="view_schedule")
@require_POST
def feed_renew(request: HttpRequest, access: Access) -> HttpResponse:
    schedule.feed_renew(access=access)
    messages.success(request, _("Your calendar feed has a new secret address."))
    return redirect("collaboratives:calendar", slug=access.collaborative.slug)


@collaborative_view(permission="view_schedule")
@require_POST
def feed_revoke(request: HttpRequest, access: Access) -> HttpResponse:
    schedule.feed_revoke(access=access)
    messages.success(request, _("Your calendar feed address no longer works."))
    return redirect("collaboratives:calendar", slug=access.collaborative.slug)


def calendar_feed(request: HttpRequest, slug: str, feed_token: str) -> HttpResponse:
    """The personal feed: the secret token stands for the person (calendar apps cannot sign
    in); a revoked or unknown token, or one of another collaborative, is a 404."""
    from bsc.tenancy import get_access

    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token=feed_token, revoked_at__isnull=True, collaborative__slug=slug)
        .first()
    )
    if feed is None:
        raise Http404
    access = get_access(feed.user, slug)
    horizon = timezone.now() - datetime.timedelta(days=90)
    events = events_invited(access).filter(end__gte=horizon).order_by("start")
    response = HttpResponse(
        feed_ics(access.collaborative, events), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, max-age=300"
    return response


@collaborative_view(permission="view_schedule")
def event_ics_download(request: HttpRequest, access: Access, event: Any) -> HttpResponse:
    item = get_event(access, event)
    response = HttpResponse(event_ics(item), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{item.public_id}.ics"'
    return response


# --- Events ---------------------------------------------------------------------------------


@collaborative_view(permission="view_schedule")
def event_list(request: HttpRequest, access: Access) -> HttpResponse:
    """Upcoming and recent events; for the IT, who has led which calls (to rotate voices)."""
    now = timezone.now()
    show = request.GET.get("show", "upcoming")
    events = events_visible_to(access).prefetch_related("facilitators")
    if show == "past":
        events = events.filter(start__lt=now).order_by("-start")[:100]
    else:
        events = events.filter(start__gte=now).order_by("start")[:100]
    leaders = []
    if access.is_it:
        leaders = list(
            Event.facilitators.through.objects.filter(
                event__collaborative=access.collaborative,
                event__start__lt=now,
                event__cancelled=False,
            )
            .values("user__full_name", "user__email", "event__kind")
            .annotate(led=Count("pk"))
            .order_by("user__full_name", "event__kind")
        )
        kinds = dict(Event.Kind.choices)
        for row in leaders:
            row["kind_label"] = kinds.get(row["event__kind"], row["event__kind"])
    series = CallSeries.objects.filter(collaborative=access.collaborative) if access.is_it else []
    return render(
        request,
        "collaboratives/events.html",
        {"events": events, "show": show, "leaders": leaders, "series_list": series},
    )


def _form_context(access: Access) -> dict[str, Any]:
    return {
        "tz_name": access.collaborative.timezone,
        "centers": list(centers_visible_to(access)),
        "members": list(members_visible_to(access)),
    }


def _event_clashes(access: Access, data: dict[str, Any], pk: int | None = None) -> list:
    candidate = Candidate(
        title=data["title"],
        kind=data["kind"],
        start=data["start"],
        end=data["end"],
        audience=data["audience"],
        audience_center_role=data.get("audience_center_role", ""),
        audience_center_id=data["audience_center"].pk if data.get("audience_center") else None,
        facilitator_ids=frozenset(u.pk for u in data.get("facilitators", [])),
        pk=pk,
    )
    return find_clashes(access.collaborative, [candidate])


@collaborative_view(permission="manage_schedule")
def event_create(request: HttpRequest, access: Access) -> HttpResponse:
    form = EventForm(request.POST or None, **_form_context(access))
    clashes: list = []
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        clashes = _event_clashes(access, data)
        if not clashes or form.cleaned_data.get("confirm_clashes"):
            try:
                event = schedule.event_create(access=access, **data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The event is scheduled."))
                return redirect(event)
    return render(
        request, "collaboratives/event_form.html", {"form": form, "clashes": clashes, "event": None}
    )


@collaborative_view(permission="manage_schedule")
def event_edit(request: HttpRequest, access: Access, event: Any) -> HttpResponse:
    """Change or move one event (one occurrence of a series is changed apart from it)."""
    item = get_event(access, event)
    form = EventForm(
        request.POST or None, initial=EventForm.initial_from(item), **_form_context(access)
    )
    clashes: list = []
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        moved_time = data["start"] != item.start or data["end"] != item.end
        clashes = _event_clashes(access, data, pk=item.pk) if moved_time else []
        if not clashes or form.cleaned_data.get("confirm_clashes"):
            try:
                moved = schedule.event_update(access=access, event=item, **data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The event is saved."))
                if moved:
                    reminder_at = (
                        item.start - datetime.timedelta(days=item.reminder_days)
                    ).astimezone(_tz(access))
                    return render(
                        request,
                        "collaboratives/event_moved.html",
                        {
                            "event": item,
                            "moved": moved,
                            "reminder_at": reminder_at,
                            "update_due": item.reminded_start is not None,
                        },
                    )
                return redirect(item)
    return render(
        request, "collaboratives/event_form.html", {"form": form, "clashes": clashes, "event": item}
    )


@collaborative_view(permission="view_schedule")
def event_detail(request: HttpRequest, access: Access, event: Any) -> HttpResponse:
    item = get_event(access, event)
    context: dict[str, Any] = {
        "event": item,
        "local_start": item.start.astimezone(_tz(access)),
        "local_end": item.end.astimezone(_tz(access)),
        "facilitators": list(item.facilitators.all()),
        "decisions": list(item.decisions.all()),
        "action_items": list(item.action_items.select_related("owner")),
    }
    if access.is_it:
        invited = list(audience_members(item))
        attended = set(item.attendance.values_list("user_id", flat=True))
        centers: dict[str, list[bool]] = defaultdict(list)
        for membership in invited:
            if membership.center_id:
                centers[membership.center.name].append(membership.user_id in attended)
        members = list(members_visible_to(access))
        context |= {
            "invited": invited,
            "attended": attended,
            "center_attendance": sorted((name, any(flags)) for name, flags in centers.items()),
            "anchored": list(item.anchored_tasks.select_related("owner")),
            "decision_form": DecisionForm(),
            "action_form": ActionItemForm(members=members),
            "notes_form": NotesForm(initial={"notes": item.notes}),
        }
    return render(request, "collaboratives/event_detail.html", context)


@collaborative_view(permission="manage_schedule")
@require_POST
def event_cancel(request: HttpRequest, access: Access, event: Any) -> HttpResponse:
    item = get_event(access, event)
    schedule.event_cancel(access=access, event=item)
    messages.success(request, _("The event is cancelled."))
    return redirect(item)


@collaborative_view(permission="manage_schedule")
def event_delete(request: HttpRequest, access: Access, event: Any) -> HttpResponse:
    """Deleting an event never loses its anchored tasks: they are listed, and kept on their
    current dates if the IT goes ahead."""
    item = get_event(access, event)
    tasks = list(item.anchored_tasks.select_related("owner"))
    if request.method == "POST":
        try:
            converted = schedule.event_delete(
                access=access, event=item, convert_tasks=request.POST.get("convert") == "1"
            )
        except schedule.AnchoredTasksExist as error:
            return render(
                request,
                "collaboratives/event_delete.html",
                {"event": item, "tasks": error.tasks, "refused": True},
                status=409,
            )
        messages.success(
            request,
            _("The event is deleted; %(n)s anchored tasks keep their dates as fixed dates.")
            % {"n": converted},
        )
        return redirect("collaboratives:events", slug=access.collaborative.slug)
    return render(request, "collaboratives/event_delete.html", {"event": item, "tasks": tasks})


@collaborative_view(permission="manage_schedule")
@require_POST
def event_notes(request: HttpRequest, access: Access, event: Any) -> HttpResponse:
    item = get_event(access, event)
    what = request.POST.get("what")
    if what == "decision":
        form = DecisionForm(request.POST)
        if form.is_valid():
            schedule.decision_add(access=access, event=item, **form.cleaned_data)
            messages.success(request, _("The decision is recorded."))
        else:
            messages.error(request, _("Write the decision and choose its status."))
    elif what == "action":
        form = ActionItemForm(request.POST, members=list(members_visible_to(access)))
        if form.is_valid():
            try:
                schedule.task_create(
                    access=access,
                    key_activity=_("Action items from %(event)s") % {"event": item.title},
                    title=form.cleaned_data["title"],
                    owner=form.cleaned_data["owner"],
                    due_date=form.cleaned_data["due_date"],
                    source_event=item,
                    responsibility=str(form.cleaned_data["owner"]),
                )
            except ValidationError as error:
                messages.error(request, " ".join(sum(error.message_dict.values(), [])))
            else:
                messages.success(request, _("The action item is on the workplan."))
        else:
            messages.error(request, _("An action item needs a title, an owner and a due date."))
    elif what == "attendance":
        count = schedule.attendance_set(
            access=access,
            event=item,
            user_ids=[int(v) for v in request.POST.getlist("attended") if v.isdigit()],
        )
        messages.success(request, _("Attendance saved: %(n)s people.") % {"n": count})
    elif what == "notes":
        form = NotesForm(request.POST)
        if form.is_valid():
            schedule.event_update(access=access, event=item, notes=form.cleaned_data["notes"])
            messages.success(request, _("Notes saved."))
    return redirect(item)


# --- Call series ----------------------------------------------------------------------------


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
    context.pop("tz_name")
    form = SeriesForm(request.POST or None, **context)
    clashes: list = []
    preview: list = []
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        try:
            found = schedule.series_occurrences(access.collaborative, data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            tz = _tz(access)
            preview = [start.astimezone(tz) for _k, start, _e in found]
            clashes = _series_clashes(access, data, found)
            if not clashes or form.cleaned_data.get("confirm_clashes"):
                try:
                    series, events = schedule.series_create(access=access, **data)
                except ValidationError as error:
                    _apply_errors(form, error)
                else:
                    messages.success(request, _("%(n)s calls are scheduled.") % {"n": len(events)})
                    return redirect(series)
    return render(
        request,
        "collaboratives/series_form.html",
        {"form": form, "clashes": clashes, "preview": preview, "series": None},
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
        "collaboratives/series_detail.html",
        {"series": item, "events": events, "clashes": clashes, "now": now},
    )


@collaborative_view(permission="manage_schedule")
def series_edit(request: HttpRequest, access: Access, series: Any) -> HttpResponse:
    """Editing a series asks what happens to its future calls."""
    item = get_series(access, series)
    context = _form_context(access)
    context.pop("tz_name")
    form = SeriesForm(
        request.POST or None,
        initial=SeriesForm.initial_from(item) | {"scope": "unchanged"},
        with_scope=True,
        **context,
    )
    if request.method == "POST" and form.is_valid():
        try:
            change = schedule.series_update(
                access=access, series=item, scope=form.cleaned_data["scope"], **form.service_data()
            )
        except ValidationError as error:
            _apply_errors(form, error)
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
                return render(
                    request,
                    "collaboratives/event_moved.html",
                    {"event": None, "series": item, "moved": change.moved_tasks},
                )
            return redirect(item)
    return render(
        request,
        "collaboratives/series_form.html",
        {"form": form, "clashes": [], "preview": [], "series": item},
    )


def upcoming_for(access: Access, limit: int = 5) -> list[Event]:
    """The person's next events (home panel)."""
    events = list(
        events_invited(access)
        .filter(start__gte=timezone.now(), cancelled=False)
        .order_by("start")[:limit]
    )
    tz = _tz(access)
    for event in events:
        event.collaborative = access.collaborative
        event.local = event.start.astimezone(tz)
    return events


def it_task_counts(access: Access) -> dict[str, int]:
    today = _today(access)
    tasks = WorkplanTask.objects.filter(collaborative=access.collaborative).exclude(
        status=WorkplanTask.Status.DONE
    )
    from django.db.models import Q

    return tasks.aggregate(
        overdue=Count("pk", filter=Q(due_date__lt=today)),
        week=Count(
            "pk",
            filter=Q(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=6)),
        ),
        mine=Count("pk", filter=Q(owner=access.user)),
    )
