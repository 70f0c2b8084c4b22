"""Reads for Action Plans: the sessions that have them, each plan with its items' progress."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import (
    BigIntegerField,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.http import Http404

from bsc.tenancy import centers_visible_to
from centers.assessments.selectors import priority_ratings
from collaboratives.framework.models import SecondaryDriver
from collaboratives.schedule.models import Event
from pdsa.action_plans.models import ActionPlan, ActionPlanItem
from pdsa.cycles.models import Cycle
from pdsa.cycles.selectors import drivers_of

if TYPE_CHECKING:
    from bsc.tenancy import Access
    from centers.teams.models import Center


def learning_sessions(access: Access) -> QuerySet[Event]:
    return Event.objects.filter(
        collaborative=access.collaborative, kind=Event.Kind.LEARNING_SESSION, cancelled=False
    ).order_by("start")


def get_session(access: Access, public_id: Any) -> Event:
    event = learning_sessions(access).filter(public_id=public_id).first()
    if event is None:
        raise Http404
    event.collaborative = access.collaborative
    return event


def _item_rows() -> QuerySet[ActionPlanItem]:
    # The progress line needs the ramp's number of cycles and its latest stage only: counted
    # and picked by the database beside each item, not read as whole cycles.
    cycles = Cycle.objects.filter(ramp=OuterRef("ramp_id")).order_by()
    return (
        ActionPlanItem.objects.select_related("ramp__center__collaborative")
        .annotate(
            ramp_cycle_count=Subquery(
                cycles.values("ramp_id").annotate(n=Count("pk")).values("n")[:1]
            ),
            ramp_latest_stage=Subquery(cycles.order_by("-number").values("stage")[:1]),
        )
        .order_by("created_at", "pk")
    )


def _items() -> Prefetch:
    return Prefetch(
        "items",
        queryset=_item_rows().prefetch_related(
            Prefetch("drivers", queryset=SecondaryDriver.objects.select_related("primary")),
        ),
    )


def _focus_drivers() -> Prefetch:
    # Drivers and their primary driver in one query, not one each.
    return Prefetch("focus_drivers", queryset=SecondaryDriver.objects.select_related("primary"))


def plan_counts_of_session(access: Access, event: Event) -> dict[int, dict[str, int]]:
    """Per center with a plan for the session: how many items it has and how many of them
    became ramps, counted by the database (the list shows the counts, never the items)."""
    rows = (
        ActionPlan.objects.filter(event=event, center__collaborative=access.collaborative)
        .annotate(
            item_count=Count("items"),
            ramp_count=Count("items", filter=Q(items__ramp__isnull=False)),
        )
        .values("center_id", "item_count", "ramp_count")
    )
    return {row["center_id"]: row for row in rows}


def plan_of(center: Center, event: Event) -> ActionPlan | None:
    return (
        ActionPlan.objects.filter(center=center, event=event)
        .select_related("center", "event")
        .prefetch_related(_focus_drivers(), _items())
        .first()
    )


def get_plan_item(access: Access, public_id: Any, permission: str | None = None) -> ActionPlanItem:
    item = (
        ActionPlanItem.objects.filter(
            public_id=public_id, plan__center__collaborative=access.collaborative
        )
        .select_related("plan__center", "plan__event", "ramp")
        .first()
    )
    if item is None:
        raise Http404
    if permission:
        access.require(permission, item)
    return item


def _drivers_flagged(access: Access, center: Center, *, retired: bool) -> list[SecondaryDriver]:
    # Whether each driver is a priority is asked within the drivers' query, not in one more.
    drivers = (
        SecondaryDriver.objects.filter(primary__framework__collaborative=access.collaborative)
        if retired
        else drivers_of(access)
    )
    return list(
        drivers.select_related("primary")
        .annotate(
            is_priority=Exists(priority_ratings(access, center).filter(driver=OuterRef("pk")))
        )
        .order_by("primary__number", "number")
    )


def _choices(drivers: list[SecondaryDriver]) -> list[tuple[SecondaryDriver, bool]]:
    return sorted(
        ((driver, driver.is_priority) for driver in drivers if driver.retired_at is None),
        key=lambda pair: not pair[1],
    )


def driver_choices(access: Access, center: Center) -> list[tuple[SecondaryDriver, bool]]:
    """Every secondary driver, the team's self-assessment priorities first (flagged)."""
    return _choices(_drivers_flagged(access, center, retired=False))


@dataclass
class PlanPage:
    """What a center's Action Plan page shows and offers: the plan (or None), its focus
    drivers, its items (each with `driver_list`) and the drivers to choose from."""

    plan: ActionPlan | None
    focus_drivers: list[SecondaryDriver]
    items: list[ActionPlanItem]
    choices: list[tuple[SecondaryDriver, bool]]


def plan_page(access: Access, center: Center, event: Event) -> PlanPage:
    """`plan_of` and `driver_choices` for the page, in four queries: every driver of the
    framework is read once (retired ones too, a plan may still name them), and the plan's
    and its items' drivers are read as ids from their link tables in one query."""
    drivers = _drivers_flagged(access, center, retired=True)
    choices = _choices(drivers)
    plan = ActionPlan.objects.filter(center=center, event=event).first()
    if plan is None:
        return PlanPage(plan=None, focus_drivers=[], items=[], choices=choices)
    plan.center, plan.event = center, event
    # An item's ramp is one of the plan's center (the services refuse another's): it is given
    # the center already read, not joined to it and its collaborative again.
    items = list(
        _item_rows()
        .filter(plan=plan)
        .select_related(None)
        .select_related("ramp")
        .only(
            "public_id",
            "plan",
            "kind",
            "text",
            "who",
            "by_when",
            "created_at",
            "ramp__public_id",
            "ramp__title",
            "ramp__status",
            "ramp__center",
        )
    )
    focus_links = ActionPlan.focus_drivers.through.objects.filter(actionplan=plan).values_list(
        Value(0, output_field=BigIntegerField()), "secondarydriver_id"
    )
    item_links = ActionPlanItem.drivers.through.objects.filter(
        actionplanitem__plan=plan
    ).values_list("actionplanitem_id", "secondarydriver_id")
    by_pk = {driver.pk: driver for driver in drivers}
    linked: dict[int, list[SecondaryDriver]] = {}
    for owner, driver_id in focus_links.union(item_links, all=True):
        linked.setdefault(owner, []).append(by_pk[driver_id])
    for group in linked.values():
        group.sort(key=lambda d: (d.primary.number, d.number))
    for item in items:
        item.plan = plan
        item.driver_list = linked.get(item.pk, [])
        if item.ramp is not None and item.ramp.center_id == center.pk:
            item.ramp.center = center
    return PlanPage(plan=plan, focus_drivers=linked.get(0, []), items=items, choices=choices)


@dataclass
class Progress:
    """Where a planned item stands, from the ramp it became."""

    label: str
    cycles: int
    stage: str
    tone: str


def item_progress(item: ActionPlanItem) -> Progress | None:
    if item.ramp is None:
        return None
    # Read with `_items()`: the count and latest stage come annotated on the item.
    cycles = item.ramp_cycle_count or 0
    tone = ""
    if cycles:
        tone = {"testing": "warn", "abandoned": "bad"}.get(item.ramp.status, "ok")
    stage = item.ramp_latest_stage
    return Progress(
        label=item.ramp.get_status_display(),
        cycles=cycles,
        stage=str(Cycle.Stage(stage).label) if cycles and stage else "",
        tone=tone,
    )


def plans_for_report(center: Center) -> list[dict[str, Any]]:
    """The center's Action Plans, newest session first, with each item's progress: the
    progress report's section."""
    plans = (
        ActionPlan.objects.filter(center=center)
        .select_related("event")
        .prefetch_related("focus_drivers", _items())
        .order_by("-event__start")
    )
    return [
        {
            "plan": plan,
            "items": [(item, item_progress(item)) for item in plan.items.all()],
        }
        for plan in plans
    ]


def get_plan(access: Access, public_id: Any) -> ActionPlan:
    """A plan of a center the person may see, in this collaborative (else 404)."""
    plan = (
        ActionPlan.objects.select_related("center__collaborative", "event")
        .filter(center__in=centers_visible_to(access), public_id=public_id)
        .first()
    )
    if plan is None:
        raise Http404
    return plan
