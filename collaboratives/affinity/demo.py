"""Demo affinity groups for BSC-SEL: teachers and family partners, each with a faculty and
an IT co-lead and a monthly call (two held, with notes, and one to come)."""

from __future__ import annotations

import datetime
import zoneinfo

from bsc.demo import DemoContext
from collaboratives.affinity.models import AffinityGroup
from collaboratives.membership.models import Membership
from collaboratives.schedule.models import Event

GROUPS = [
    (
        "Teachers' affinity group",
        Membership.CenterRole.TEACHER,
        "Teachers across centers share what they test in classrooms.",
        ["Visual schedules: what children noticed", "Take Five: when it works"],
    ),
    (
        "Family partners' affinity group",
        Membership.CenterRole.FAMILY_REPRESENTATIVE,
        "Family representatives bring the families' view to the changes.",
        ["What families say about the communication log", "Welcoming new families"],
    ),
]


def load(ctx: DemoContext) -> None:
    sel = ctx.objects["sel"]
    if AffinityGroup.objects.filter(collaborative=sel).exists():
        return
    faculty = list(
        Membership.objects.filter(collaborative=sel, role=Membership.Role.FACULTY).order_by("pk")
    )
    it = list(
        Membership.objects.filter(
            collaborative=sel, role=Membership.Role.IMPLEMENTATION_TEAM
        ).order_by("pk")
    )
    tz = zoneinfo.ZoneInfo(sel.timezone)
    for index, (name, role, description, topics) in enumerate(GROUPS):
        AffinityGroup.objects.create(
            collaborative=sel,
            name=name,
            center_role=role,
            description=description,
            faculty_lead=faculty[index % len(faculty)].user if faculty else None,
            it_lead=it[(index + 1) % len(it)].user if it else None,
        )
        for offset, topic in ((-45, topics[0]), (-15, topics[1]), (15, "Next call")):
            day = ctx.today + datetime.timedelta(days=offset + index * 2)
            start = datetime.datetime.combine(day, datetime.time(15, 30), tzinfo=tz)
            Event.objects.create(
                collaborative=sel,
                kind=Event.Kind.AFFINITY_CALL,
                title=f"{name}: {topic}",
                start=start,
                end=start + datetime.timedelta(minutes=45),
                audience=Event.Audience.AFFINITY_GROUP,
                audience_center_role=role,
                notes=f"Discussed: {topic}. Each center brings one example next time."
                if offset < 0
                else "",
            )
