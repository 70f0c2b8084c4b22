"""Pages of the timeline: calendar, events, standing call series and calendar feeds."""

from __future__ import annotations

import datetime
import zoneinfo
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bsc.form_errors import add_service_errors
from bsc.tenancy import (
    Access,
    centers_visible_to,
    collaborative_view,
    get_object_in_collaborative,
    members_visible_to,
)
from collaboratives.membership.models import Membership
from collaboratives.schedule import services as schedule_services
from collaboratives.schedule.clashes import Candidate, find_clashes
from collaboratives.schedule.forms import (
    ActionItemForm,
    DecisionForm,
    EventForm,
    NotesForm,
)
from collaboratives.schedule.models import CallSeries, Event
from collaboratives.schedule.moved import recall_moved, remember_moved
from collaboratives.schedule.selectors import audience_members, events_visible_to


def _tz(access: Access) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(access.collaborative.timezone)


def _today(access: Access) -> datetime.date:
    return timezone.localdate(timezone=_tz(access))


def get_event(access: Access, public_id: Any, permission: str | None = None) -> Event:
    """An event the person may see (invited, or the IT), else 404."""
    event = get_object_in_collaborative(
        access, events_visible_to(access).select_related("series"), public_id=public_id
    )
    event.collaborative = access.collaborative
    if permission:
        access.require(permission, event)
    return event


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
    # The labels in the request's language, looked up once rather than once a row.
    kind_labels = {value: str(label) for value, label in Event.Kind.choices}
    audience_labels = {value: str(label) for value, label in Event.Audience.choices}
    role_labels = {value: str(label) for value, label in Membership.CenterRole.choices}
    events = list(events)
    for event in events:
        event.kind_label = kind_labels.get(event.kind, event.kind)
        event.audience_label = audience_labels.get(event.audience, event.audience)
        if event.audience_center_role:
            event.audience_label += ": " + role_labels.get(
                event.audience_center_role, event.audience_center_role
            )
    series = CallSeries.objects.filter(collaborative=access.collaborative) if access.is_it else []
    return render(
        request,
        "collaboratives/schedule/events.html",
        {"events": events, "show": show, "leaders": leaders, "series_list": series},
    )


def _form_context(access: Access) -> dict[str, Any]:
    return {
        "collaborative": access.collaborative,
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
                event = schedule_services.event_create(access=access, **data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The event is scheduled."))
                return redirect(event)
    return render(
        request,
        "collaboratives/schedule/event_form.html",
        {"form": form, "clashes": clashes, "event": None},
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
                moved = schedule_services.event_update(access=access, event=item, **data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The event is saved."))
                if moved:
                    remember_moved(request, str(item.public_id), moved)
                    return redirect(
                        "collaboratives:event-moved",
                        slug=access.collaborative.slug,
                        event=item.public_id,
                    )
                return redirect(item)
    return render(
        request,
        "collaboratives/schedule/event_form.html",
        {"form": form, "clashes": clashes, "event": item},
    )


@collaborative_view(permission="manage_schedule")
def event_moved(request: HttpRequest, access: Access, event: Any) -> HttpResponse:
    """What the last move of the event changed (reached by redirect after the edit)."""
    item = get_event(access, event)
    moved = recall_moved(request, str(item.public_id))
    if moved is None:
        return redirect(item)
    reminder_at = (item.start - datetime.timedelta(days=item.reminder_days)).astimezone(_tz(access))
    return render(
        request,
        "collaboratives/schedule/event_moved.html",
        {
            "event": item,
            "moved": moved,
            "reminder_at": reminder_at,
            "update_due": item.reminded_start is not None,
        },
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
        # Excused people are not ticked as present (the sessions room records them).
        attended = set(item.attendance.filter(status="attended").values_list("user_id", flat=True))
        centers: dict[str, list[bool]] = defaultdict(list)
        for membership in invited:
            if membership.center_id:
                centers[membership.center.name].append(membership.user_id in attended)
        members = list(members_visible_to(access))
        context |= {
            "invited": invited,
            "attended": attended,
            # Nobody can have missed an event that has not happened yet.
            "not_yet_held": item.start > timezone.now(),
            "center_attendance": sorted((name, any(flags)) for name, flags in centers.items()),
            "anchored": list(item.anchored_tasks.select_related("owner")),
            # The IT's themes this agenda takes up (a reverse relation: no import of metrics).
            "agenda_themes": list(item.agenda_themes.order_by("title")),
            "decision_form": DecisionForm(),
            "action_form": ActionItemForm(members=members),
            "notes_form": NotesForm(initial={"notes": item.notes}),
        }
    return render(request, "collaboratives/schedule/event_detail.html", context)


@collaborative_view(permission="manage_schedule")
@require_POST
def event_cancel(request: HttpRequest, access: Access, event: Any) -> HttpResponse:
    item = get_event(access, event)
    schedule_services.event_cancel(access=access, event=item)
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
            converted = schedule_services.event_delete(
                access=access, event=item, convert_tasks=request.POST.get("convert") == "1"
            )
        except schedule_services.AnchoredTasksExist as error:
            return render(
                request,
                "collaboratives/schedule/event_delete.html",
                {"event": item, "tasks": error.tasks, "refused": True},
                status=409,
            )
        messages.success(
            request,
            _("The event is deleted; %(n)s anchored tasks keep their dates as fixed dates.")
            % {"n": converted},
        )
        return redirect("collaboratives:events", slug=access.collaborative.slug)
    return render(
        request, "collaboratives/schedule/event_delete.html", {"event": item, "tasks": tasks}
    )


@collaborative_view(permission="manage_schedule")
@require_POST
def event_notes(request: HttpRequest, access: Access, event: Any) -> HttpResponse:
    item = get_event(access, event)
    what = request.POST.get("what")
    if what == "decision":
        form = DecisionForm(request.POST)
        if form.is_valid():
            schedule_services.decision_add(access=access, event=item, **form.cleaned_data)
            messages.success(request, _("The decision is recorded."))
        else:
            messages.error(request, _("Write the decision and choose its status."))
    elif what == "attendance":
        count = schedule_services.attendance_set(
            access=access,
            event=item,
            user_ids=[int(v) for v in request.POST.getlist("attended") if v.isdigit()],
        )
        messages.success(request, _("Attendance saved: %(n)s people.") % {"n": count})
    elif what == "notes":
        form = NotesForm(request.POST)
        if form.is_valid():
            schedule_services.event_update(
                access=access, event=item, notes=form.cleaned_data["notes"]
            )
            messages.success(request, _("Notes saved."))
    return redirect(item)
