"""The built-in workplan template, made from the Field Guide's Appendices C and D.

Learning Session preparation at 16, 8, 4, 3 and 2 weeks before each session, the faculty
debrief and synthesis after it; for each call an agenda two weeks before, materials one week
before and a synthesis of themes within two weeks after.
"""

from __future__ import annotations

import datetime
from itertools import cycle
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext_noop

from bsc.audit import record_audit
from collaboratives.membership.models import Membership
from collaboratives.schedule.models import Event
from collaboratives.schedule.services import local_date
from collaboratives.workplan.models import WorkplanTask

if TYPE_CHECKING:
    from bsc.tenancy import Access


LS_ACTIVITY = gettext_noop("Plan for and conduct Learning Session %(n)s")


LS_DESCRIPTION = gettext_noop(
    "Each Learning Session is a dynamic and multi-faceted experience that requires a great "
    "deal of thought, intentionality, and preparation."
)


# (key, task, offset in days from the session's first day, timeframe as worded)
LS_TASKS = [
    (
        "ls-logistics",
        "Plan logistics: identify space, media needs, materials",
        -112,
        "16 weeks before Learning Session",
    ),
    (
        "ls-draft-agenda",
        "Draft and refine the agenda based on teams' strengths and needs",
        -56,
        "8 weeks before Learning Session",
    ),
    ("ls-final-agenda", "Finalize the agenda", -28, "4 weeks before Learning Session"),
    ("ls-draft-guide", "Draft faculty guide", -21, "3 weeks before Learning Session"),
    ("ls-onsite", "Develop onsite logistics plan", -21, "3 weeks before Learning Session"),
    ("ls-materials", "Finalize materials", -14, "2 weeks before Learning Session"),
    ("ls-final-guide", "Finalize faculty guide", -14, "2 weeks before Learning Session"),
    ("ls-evaluations", "Synthesize evaluations and transcribe notes", 14, "Within two weeks after"),
    ("ls-debrief", "Host faculty debrief call", 14, "Within two weeks after"),
]


CALL_ACTIVITY = gettext_noop("Host regular conference calls across the BSC")


CALL_DESCRIPTION = gettext_noop(
    "Regular calls support cross-team sharing, learning, support and accountability."
)


CALL_TASKS = [
    ("call-agenda", "Develop call agenda", -14, "2 weeks prior to each call"),
    (
        "call-materials",
        "Send out agenda and materials to all participants",
        -7,
        "1 week prior to each call",
    ),
    (
        "call-synthesis",
        "Share themes and needs with faculty and teams",
        14,
        "Within two weeks of each call",
    ),
]


TEMPLATE_CALL_KINDS = [
    Event.Kind.ALL_TEAM_CALL,
    Event.Kind.AFFINITY_CALL,
    Event.Kind.SENIOR_LEADER_CALL,
    Event.Kind.TEAM_LEADER_CALL,
    Event.Kind.FAMILY_PARTNER_CALL,
]


def template_apply(*, access: Access) -> int:
    """Add the template's tasks for every Learning Session and call not yet covered; tasks are
    anchored to their event and shared round the IT. Running it again adds nothing twice."""
    access.require("manage_workplan", access.collaborative)
    collaborative = access.collaborative
    owners = cycle(
        list(
            Membership.objects.filter(
                collaborative=collaborative, role=Membership.Role.IMPLEMENTATION_TEAM
            )
            .order_by("pk")
            .values_list("user_id", flat=True)
        )
        or [None]
    )
    events = list(
        Event.objects.filter(collaborative=collaborative, cancelled=False)
        .filter(kind__in=[Event.Kind.LEARNING_SESSION, *TEMPLATE_CALL_KINDS])
        .order_by("start")
    )
    done = set(
        WorkplanTask.objects.filter(collaborative=collaborative, anchor_event__in=events)
        .exclude(template_key="")
        .values_list("anchor_event_id", "template_key")
    )
    new = []
    for event in events:
        day = local_date(event, collaborative.timezone)
        if event.kind == Event.Kind.LEARNING_SESSION:
            activity = LS_ACTIVITY % {"n": event.number or ""}
            description, tasks = LS_DESCRIPTION, LS_TASKS
        else:
            activity, description, tasks = CALL_ACTIVITY, CALL_DESCRIPTION, CALL_TASKS
        for key, title, offset, timeframe in tasks:
            if (event.pk, key) in done:
                continue
            new.append(
                WorkplanTask(
                    collaborative=collaborative,
                    key_activity=activity,
                    description=description,
                    title=f"{title} — {event.title}",
                    timeframe=timeframe,
                    responsibility="Implementation Team",
                    owner_id=next(owners),
                    due_date=day + datetime.timedelta(days=offset),
                    anchor_event=event,
                    offset_days=offset,
                    template_key=key,
                )
            )
    with transaction.atomic():
        WorkplanTask.objects.bulk_create(new)
        record_audit(
            actor=access.user,
            collaborative=collaborative,
            action="workplan.template",
            obj=collaborative,
            changes={"tasks": len(new)},
        )
    return len(new)
