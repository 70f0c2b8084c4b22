"""The workplan pages: views by phase, by time window, overdue and mine; HTMX check-off."""

from __future__ import annotations

import datetime
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bsc.links import ANY, link_maker
from bsc.portal import workplan_extras
from bsc.redirects import redirect_next
from bsc.tenancy import Access, collaborative_view, get_object_in_collaborative, members_visible_to
from collaboratives.schedule.forms import ActionItemForm
from collaboratives.schedule.models import Event
from collaboratives.schedule.phases import Phase, collaborative_phases, phase_on
from collaboratives.schedule.views import get_event
from collaboratives.workplan import services
from collaboratives.workplan.forms import TaskForm
from collaboratives.workplan.models import WorkplanTask
from collaboratives.workplan.template import template_apply

VIEWS = [
    ("phase", gettext_lazy("By phase")),
    ("week", gettext_lazy("This week")),
    ("two_weeks", gettext_lazy("Next two weeks")),
    ("month", gettext_lazy("This month")),
    ("overdue", gettext_lazy("Overdue")),
    ("mine", gettext_lazy("Mine")),
]


def _today(access: Access) -> datetime.date:
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(access.collaborative.timezone))


def tasks_for(access: Access) -> QuerySet[WorkplanTask]:
    return WorkplanTask.objects.filter(collaborative=access.collaborative).select_related(
        "owner", "anchor_event"
    )


def window(view: str, today: datetime.date, tasks: QuerySet, user: Any) -> QuerySet:
    """The tasks of one view of the workplan (Section 4: a week, two weeks, a month ahead)."""
    if view == "week":
        monday = today - datetime.timedelta(days=today.weekday())
        return tasks.filter(due_date__gte=monday, due_date__lte=monday + datetime.timedelta(6))
    if view == "two_weeks":
        return tasks.filter(due_date__gte=today, due_date__lte=today + datetime.timedelta(13))
    if view == "month":
        first = today.replace(day=1)
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        return tasks.filter(due_date__gte=first, due_date__lt=following)
    if view == "overdue":
        return tasks.filter(due_date__lt=today).exclude(status=WorkplanTask.Status.DONE)
    if view == "mine":
        return tasks.filter(owner=user).exclude(status=WorkplanTask.Status.DONE)
    return tasks


def with_links(access: Access, tasks: list[WorkplanTask]) -> list[WorkplanTask]:
    """Each task's links to check it off and to edit it, from one reversed link per kind
    rather than three reversals per row."""
    toggle = link_maker("collaboratives:task-toggle", slug=access.collaborative.slug, task=ANY)
    edit = link_maker("collaboratives:task-edit", slug=access.collaborative.slug, task=ANY)
    for task in tasks:
        task.toggle_url = toggle(task.public_id)
        task.edit_url = edit(task.public_id)
    return tasks


def get_task(access: Access, public_id: Any) -> WorkplanTask:
    task = get_object_in_collaborative(access, tasks_for(access), public_id=public_id)
    task.collaborative = access.collaborative
    return task


@dataclass
class PhaseGroup:
    """One phase heading of the workplan: its counts always, its tasks only when open."""

    key: str
    label: str
    total: int = 0
    done: int = 0
    overdue: int = 0
    is_open: bool = False
    activities: list[tuple[str, list[WorkplanTask]]] = field(default_factory=list)
    folded_done: int = 0  # done tasks of the open phase not listed, loaded when asked


@collaborative_view(permission="view_workplan")
def workplan(request: HttpRequest, access: Access) -> HttpResponse:
    view = request.GET.get("view", "phase")
    if view not in dict(VIEWS):
        view = "phase"
    today = _today(access)
    context: dict[str, Any] = {
        "view": view,
        "views": VIEWS,
        "today": today,
        "can_manage": access.can("manage_workplan"),
    }
    if view == "phase":
        groups = _phase_groups(
            access, today, request.GET.get("phase", ""), request.GET.get("show", "")
        )
        if request.htmx and request.GET.get("phase"):
            opened = [g for g in groups if g.is_open]
            return render(
                request,
                "collaboratives/workplan/workplan.html#phase-body",
                {**context, "group": opened[0] if opened else PhaseGroup("", "")},
            )
        context["groups"] = groups
    else:
        context["tasks"] = with_links(
            access,
            list(window(view, today, tasks_for(access), access.user).order_by("due_date", "pk")),
        )
    # What other apps keep due (outreach next steps, ...) sits beside the tasks.
    context["extras"] = workplan_extras(access)
    return render(request, "collaboratives/workplan/workplan.html", context)


SHOW = ("all", "open", "done")


def _phase_groups(
    access: Access, today: datetime.date, asked: str, show: str = ""
) -> list[PhaseGroup]:
    """Every phase with its counts; the tasks of one phase only: the one asked for, else
    the phase of today (else the first). A collaborative's workplan runs to hundreds of
    tasks; a person works in the phase at hand and opens another when needed.

    `show` picks the opened phase's tasks: all, those left to do or those done. Today's
    phase, opened by default, lists what is left and folds its done tasks.
    """
    phases = collaborative_phases(access.collaborative)
    groups: dict[str, PhaseGroup] = {}
    task_phase: dict[int, tuple[str, bool]] = {}
    rows = (
        WorkplanTask.objects.filter(collaborative=access.collaborative)
        .order_by("due_date", "pk")
        .values_list("pk", "due_date", "status")
    )
    for pk, due, status in rows:
        key, label = _phase_of(access, phases, due)
        group = groups.setdefault(key, PhaseGroup(key, label))
        group.total += 1
        if status == WorkplanTask.Status.DONE:
            group.done += 1
        elif due < today:
            group.overdue += 1
        task_phase[pk] = (key, status == WorkplanTask.Status.DONE)
    if not groups:
        return []
    current = phase_on(phases, today)
    if asked in groups:
        opened = groups[asked]
        show = show if show in SHOW else "all"
    else:
        if current is not None and current.key in groups:
            opened = groups[current.key]
        else:
            opened = next(iter(groups.values()))
        show = "open"
    opened.is_open = True
    if show == "open":
        opened.folded_done = opened.done
    ids = [
        pk
        for pk, (key, done) in task_phase.items()
        if key == opened.key and (show == "all" or done == (show == "done"))
    ]
    by_activity: dict[str, list[WorkplanTask]] = defaultdict(list)
    shown = list(tasks_for(access).filter(pk__in=ids).order_by("due_date", "pk"))
    for task in with_links(access, shown):
        by_activity[task.key_activity].append(task)
    opened.activities = list(by_activity.items())
    return list(groups.values())


def _phase_of(access: Access, phases: list[Phase], due: datetime.date) -> tuple[str, str]:
    """The phase heading (key, label) a task due on `due` goes under.

    A day outside every phase is before the first one or after the last one: a task due after
    the collaborative ends must not be filed under its start.
    """
    phase = phase_on(phases, due)
    if phase is not None:
        return phase.key, phase.label
    first = phases[0].start if phases else access.collaborative.start_date
    last = phases[-1].end if phases else access.collaborative.end_date
    if due < first:
        return "before", _("Before the collaborative starts")
    if due > last:
        return "after", _("After the collaborative ends")
    return "during", _("During the collaborative")


@collaborative_view(permission="manage_workplan")
@require_POST
def task_toggle(request: HttpRequest, access: Access, task: Any) -> HttpResponse:
    """Check a task off (or back on) in place."""
    item = with_links(access, [get_task(access, task)])[0]
    status = request.POST.get("status") or (
        WorkplanTask.Status.TODO if item.is_done else WorkplanTask.Status.DONE
    )
    try:
        services.task_set_status(access=access, task=item, status=status)
    except ValidationError as error:
        if request.htmx:  # htmx swaps only 2xx answers: the row comes back with the error.
            return render(
                request,
                "collaboratives/workplan/workplan.html#task-row",
                {
                    "task": item,
                    "today": _today(access),
                    "can_manage": True,
                    "row_error": " ".join(error.messages),
                },
            )
        return HttpResponse(_("Unknown status."), status=400)
    if request.htmx:
        return render(
            request,
            "collaboratives/workplan/workplan.html#task-row",
            {"task": item, "today": _today(access), "can_manage": True},
        )
    return redirect_next(request, "collaboratives:workplan", slug=access.collaborative.slug)


def _task_form(access: Access, data=None, **kwargs: Any) -> TaskForm:
    events = Event.objects.filter(collaborative=access.collaborative, cancelled=False).order_by(
        "start"
    )
    return TaskForm(data, members=list(members_visible_to(access)), events=events, **kwargs)


@collaborative_view(permission="manage_workplan")
def task_create(request: HttpRequest, access: Access) -> HttpResponse:
    form = _task_form(access, request.POST or None, initial={"status": "todo"})
    if request.method == "POST" and form.is_valid():
        try:
            services.task_create(access=access, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The task is on the workplan."))
            return redirect("collaboratives:workplan", slug=access.collaborative.slug)
    return render(request, "collaboratives/workplan/task_form.html", {"form": form, "task": None})


@collaborative_view(permission="manage_workplan")
def task_edit(request: HttpRequest, access: Access, task: Any) -> HttpResponse:
    item = get_task(access, task)
    form = _task_form(access, request.POST or None, initial=TaskForm.initial_from(item))
    if request.method == "POST" and form.is_valid():
        try:
            services.task_update(access=access, task=item, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The task is saved."))
            return redirect("collaboratives:workplan", slug=access.collaborative.slug)
    return render(request, "collaboratives/workplan/task_form.html", {"form": form, "task": item})


@collaborative_view(permission="manage_workplan")
@require_POST
def workplan_template(request: HttpRequest, access: Access) -> HttpResponse:
    count = template_apply(access=access)
    messages.success(
        request, _("%(n)s tasks from the template were added to the workplan.") % {"n": count}
    )
    return redirect("collaboratives:workplan", slug=access.collaborative.slug)


@collaborative_view(permission="manage_schedule")
@require_POST
def action_item_add(request: HttpRequest, access: Access, event: Any) -> HttpResponse:
    """An action item from an event's notes becomes a workplan task with its owner and date."""
    item = get_event(access, event)
    form = ActionItemForm(request.POST, members=list(members_visible_to(access)))
    if form.is_valid():
        try:
            services.task_create(
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
    return redirect(item)
