"""The built-in workplan template, made from the Field Guide's Appendices C and D.

Learning Session preparation at 16, 8, 4, 3 and 2 weeks before each session, the faculty
debrief and synthesis after it; for each call an agenda two weeks before, materials one week
before and a synthesis of themes within two weeks after.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from itertools import cycle
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from bsc.audit import record_audit
from collaboratives.membership.models import Collaborative, Membership
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
        gettext_noop("Plan logistics: identify space, media needs, materials"),
        -112,
        gettext_noop("16 weeks before Learning Session"),
    ),
    (
        "ls-draft-agenda",
        gettext_noop("Draft and refine the agenda based on teams' strengths and needs"),
        -56,
        gettext_noop("8 weeks before Learning Session"),
    ),
    (
        "ls-final-agenda",
        gettext_noop("Finalize the agenda"),
        -28,
        gettext_noop("4 weeks before Learning Session"),
    ),
    (
        "ls-draft-guide",
        gettext_noop("Draft faculty guide"),
        -21,
        gettext_noop("3 weeks before Learning Session"),
    ),
    (
        "ls-onsite",
        gettext_noop("Develop onsite logistics plan"),
        -21,
        gettext_noop("3 weeks before Learning Session"),
    ),
    (
        "ls-materials",
        gettext_noop("Finalize materials"),
        -14,
        gettext_noop("2 weeks before Learning Session"),
    ),
    (
        "ls-final-guide",
        gettext_noop("Finalize faculty guide"),
        -14,
        gettext_noop("2 weeks before Learning Session"),
    ),
    (
        "ls-evaluations",
        gettext_noop("Synthesize evaluations and transcribe notes"),
        14,
        gettext_noop("Within two weeks after"),
    ),
    (
        "ls-debrief",
        gettext_noop("Host faculty debrief call"),
        14,
        gettext_noop("Within two weeks after"),
    ),
]


CALL_ACTIVITY = gettext_noop("Host regular conference calls across the BSC")


CALL_DESCRIPTION = gettext_noop(
    "Regular calls support cross-team sharing, learning, support and accountability."
)


CALL_TASKS = [
    (
        "call-agenda",
        gettext_noop("Develop call agenda"),
        -14,
        gettext_noop("2 weeks prior to each call"),
    ),
    (
        "call-materials",
        gettext_noop("Send out agenda and materials to all participants"),
        -7,
        gettext_noop("1 week prior to each call"),
    ),
    (
        "call-synthesis",
        gettext_noop("Share themes and needs with faculty and teams"),
        14,
        gettext_noop("Within two weeks of each call"),
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
    # The tasks become the IT's own editable rows, written in the collaborative's language.
    with translation.override(collaborative.default_language):
        new = _template_tasks(collaborative, events, done, owners)
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


def _template_tasks(
    collaborative: Collaborative, events: list[Event], done: set, owners: Iterator
) -> list[WorkplanTask]:
    new = []
    for event in events:
        day = local_date(event, collaborative.timezone)
        if event.kind == Event.Kind.LEARNING_SESSION:
            activity = _(LS_ACTIVITY) % {"n": event.number or ""}
            description, tasks = LS_DESCRIPTION, LS_TASKS
        else:
            activity, description, tasks = _(CALL_ACTIVITY), CALL_DESCRIPTION, CALL_TASKS
        for key, title, offset, timeframe in tasks:
            if (event.pk, key) in done:
                continue
            new.append(
                WorkplanTask(
                    collaborative=collaborative,
                    key_activity=activity,
                    description=_(description),
                    title=f"{_(title)} — {event.title}",
                    timeframe=_(timeframe),
                    responsibility=_("Implementation Team"),
                    owner_id=next(owners),
                    due_date=day + datetime.timedelta(days=offset),
                    anchor_event=event,
                    offset_days=offset,
                    template_key=key,
                )
            )
    return new
