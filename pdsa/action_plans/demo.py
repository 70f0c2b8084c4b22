"""Each BSC-SEL center's Action Plan for Action Period 2, written at Learning Session 2, with
some planned changes already turned into ramps."""

from __future__ import annotations

import datetime

from bsc.tenancy import Access
from centers.teams.models import Center
from collaboratives.membership.models import Collaborative, Membership
from collaboratives.schedule.models import Event
from pdsa.action_plans import services
from pdsa.action_plans.models import ActionPlan, ActionPlanItem
from pdsa.action_plans.selectors import driver_choices
from pdsa.cycles.models import Cycle, Ramp
from pdsa.discussion.services import comment_create

CHANGES = [
    ("Greet each child by name at the door every morning", "Lead teacher, toddler room"),
    ("Post a picture schedule at child height in one classroom", "Teacher 1"),
    ("Send one positive note home each day for one child", "Family partner"),
    ("Try a two-minute calm-down corner visit before nap", "Teacher 2"),
]
SUPPORT = [
    "A faculty visit to watch a transition and coach us.",
    "Examples of family communication logs from other centers.",
    "Help setting up our run chart.",
]


def load_action_plans(sel: Collaborative, centers: list[Center]) -> None:
    ls2 = Event.objects.filter(
        collaborative=sel, kind=Event.Kind.LEARNING_SESSION, number=2
    ).first()
    if ls2 is None or ActionPlan.objects.filter(event=ls2).exists():
        return
    ls2.collaborative = sel
    after = ls2.local_start().date()
    for index, center in enumerate(centers):
        leader = (
            Membership.objects.select_related("user", "collaborative", "center")
            .filter(collaborative=sel, center=center, center_role="team_leader")
            .first()
        )
        if leader is None:
            continue
        access = Access(user=leader.user, collaborative=sel, membership=leader)
        choices = driver_choices(access, center)
        focus = [driver for driver, _priority in choices[:2]]
        services.action_plan_save(
            access=access,
            center=center,
            event=ls2,
            focus_drivers=focus,
            support_wanted=SUPPORT[index % len(SUPPORT)],
        )
        for number in range(2):
            text, who = CHANGES[(index + number) % len(CHANGES)]
            item = services.action_plan_item_add(
                access=access,
                center=center,
                event=ls2,
                kind="test",
                text=text,
                who=who,
                by_when=after + datetime.timedelta(days=7 * (number + 1)),
                drivers=focus[:1],
            )
            if number == 0 and index % 2 == 0 and center.ramps.count() < 4:
                _started(services.action_plan_item_start_ramp(access=access, item=item), item)
        existing = (
            Ramp.objects.filter(center=center, plan_items__isnull=True).order_by("title").first()
        )
        if existing is not None:
            services.action_plan_item_add(
                access=access,
                center=center,
                event=ls2,
                kind="expand",
                text=f"Take “{existing.title}” to a second classroom",
                who="Team leader",
                by_when=after + datetime.timedelta(days=28),
                ramp=existing,
            )
        services.action_plan_item_add(
            access=access,
            center=center,
            event=ls2,
            kind="sustain",
            text="Add the practices that work to the new-staff orientation",
            who="Director",
        )
        if index == 0:
            # One team asks its coach about the plan: the thread waits in the feedback queue.
            comment_create(
                access=access,
                body="Is two changes at once too many for our toddler room this period?",
                action_plan=ActionPlan.objects.get(center=center, event=ls2),
            )


def _started(ramp: Ramp, item) -> None:
    """The team planned the ramp's first cycle the week after the session; the ramp dates
    from then, not from the demo's loading."""
    when = datetime.datetime.combine(
        item.plan.event.local_start().date() + datetime.timedelta(days=2),
        datetime.time(15, 0),
        tzinfo=datetime.UTC,
    )
    Cycle.objects.create(
        ramp=ramp,
        number=1,
        objective=item.text,
        who=item.who,
        plan_saved_at=when,
        activity_at=when,
        created_by=ramp.created_by,
    )
    Ramp.objects.filter(pk=ramp.pk).update(created_at=when, updated_at=when)
    ActionPlanItem.objects.filter(pk=item.pk).update(moved_at=when)
