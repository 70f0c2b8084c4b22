"""Benchmark data for the Action Plans: every center's plan after Learning Session 2, four
items each, two of them turned into the center's ramps."""

from __future__ import annotations

from bsc.bench import BenchPage, BenchWorld
from collaboratives.schedule.models import Event
from pdsa.action_plans.models import ActionPlan, ActionPlanItem
from pdsa.cycles.models import Ramp


def _session(world: BenchWorld) -> Event | None:
    return Event.objects.filter(
        collaborative=world.collaborative, kind=Event.Kind.LEARNING_SESSION, number=2
    ).first()


def seed(world: BenchWorld) -> None:
    event = _session(world)
    if event is None or ActionPlan.objects.filter(event=event).exists():
        return
    plans = ActionPlan.objects.bulk_create(
        ActionPlan(center=center, event=event, support_wanted="A coaching visit")
        for center in world.centers
    )
    ramps: dict[int, list[int]] = {}
    for ramp_id, center_id in Ramp.objects.filter(center__in=world.centers).values_list(
        "pk", "center_id"
    ):
        ramps.setdefault(center_id, []).append(ramp_id)
    ActionPlanItem.objects.bulk_create(
        ActionPlanItem(
            plan=plan,
            kind=ActionPlanItem.Kind.TEST,
            text=f"Planned change {number + 1}",
            who="Team leader",
            ramp_id=(ramps.get(plan.center_id) or [None] * 4)[number]
            if number < min(2, len(ramps.get(plan.center_id, [])))
            else None,
        )
        for plan in plans
        for number in range(4)
    )


def pages(world: BenchWorld) -> list[BenchPage]:
    event = _session(world)
    if event is None:
        return []
    slug = world.collaborative.slug
    center = world.centers[0].slug
    return [
        BenchPage(
            "Action Plans of a session",
            f"/c/{slug}/pdsa/action-plans/?session={event.public_id}",
            world.it_email,
        ),
        BenchPage(
            "Action Plan of a center",
            f"/c/{slug}/pdsa/action-plans/{event.public_id}/{center}/",
            world.center_email,
        ),
    ]
