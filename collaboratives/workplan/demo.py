"""BSC-SEL's timeline from Appendix D, placed around today so the demo is in Action Period 2:
pre-work day, four Learning Sessions, standing calls, the template workplan with its past
tasks done, and notes with decisions from past IT meetings."""

from __future__ import annotations

import datetime
import zoneinfo

from django.utils import timezone

from bsc.demo import DemoContext
from bsc.tenancy import Access
from collaboratives.membership.models import Collaborative, Membership
from collaboratives.schedule.models import Decision, Event, EventAttendance
from collaboratives.schedule.series import series_create
from collaboratives.schedule.services import event_create
from collaboratives.workplan.models import WorkplanTask
from collaboratives.workplan.services import task_create
from collaboratives.workplan.template import template_apply

LS_AGENDA = (
    "Welcome and team introductions\nTopic content: the Pyramid Model\n"
    "CQI methods: PDSA cycles and run charts\nCross-center storyboards\nTeam time: action plans"
)


SERIES = [
    # kind, title, rule, start, end, audience, center role, reminder days, facilitator
    (
        "all_team_call",
        "All-team call",
        "FREQ=MONTHLY;BYDAY=+3FR",
        (11, 0),
        (11, 45),
        "everyone",
        "",
        7,
        "faculty@demo.test",
    ),
    (
        "team_leader_call",
        "Team leaders' call",
        "FREQ=MONTHLY;BYDAY=+2TU",
        (15, 0),
        (15, 45),
        "affinity_group",
        "team_leader",
        7,
        "faculty2@demo.test",
    ),
    (
        "affinity_call",
        "Teachers' affinity call",
        "FREQ=MONTHLY;BYDAY=+2WE",
        (15, 30),
        (16, 15),
        "affinity_group",
        "teacher",
        7,
        "faculty2@demo.test",
    ),
    (
        "family_partner_call",
        "Family partners' call",
        "FREQ=MONTHLY;BYDAY=+4TH",
        (18, 0),
        (18, 45),
        "affinity_group",
        "family_representative",
        7,
        "faculty3@demo.test",
    ),
    (
        "senior_leader_call",
        "Senior leaders' call",
        "FREQ=MONTHLY;INTERVAL=2;BYDAY=+1TU",
        (13, 0),
        (14, 0),
        "affinity_group",
        "senior_leader",
        7,
        "faculty4@demo.test",
    ),
    (
        "it_meeting",
        "IT meeting",
        "FREQ=WEEKLY;BYDAY=MO",
        (10, 0),
        (11, 0),
        "implementation_team",
        "",
        2,
        "it@demo.test",
    ),
]


IT_NOTES = [
    (
        "Reviewed September metric submissions; two centers are late.",
        [
            ("Send a friendly reminder to late centers on Monday", "made"),
            ("Whether to add a fourth affinity group for cooks and drivers", "open"),
        ],
        [("Call Bright Path about their data collection plan", 3)],
    ),
    (
        "Debriefed Learning Session 2 evaluations with faculty.",
        [
            ("Storyboard gallery walk stays in the LS3 agenda", "made"),
            ("Move team time before lunch at LS3", "made"),
        ],
        [("Draft the LS3 storyboard template", 10)],
    ),
    (
        "Planned the next all-team call: a center shares its calm-down corner PDSA ramp.",
        [
            ("Sunrise presents on the next all-team call", "made"),
            ("Record calls for staff who cannot attend", "open"),
        ],
        [("Invite Sunrise to present", 4), ("Check recording consent wording", 12)],
    ),
    (
        "Faculty rotation for Action Period 2 agreed.",
        [("Rotate faculty coaches across centers each Action Period", "made")],
        [("Send faculty their new center assignments", 5)],
    ),
]


class _People(dict):
    """Demo people by e-mail; anyone missing (in a benchmark world) is the IT lead."""

    def __init__(self, people: dict, fallback) -> None:
        super().__init__(people)
        self.fallback = fallback

    def __missing__(self, email: str):
        return self.fallback


def _thursday_on_or_before(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=(day.weekday() - 3) % 7)


def _at(day: datetime.date, hour: int, minute: int, tz: zoneinfo.ZoneInfo) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=tz)


def load_timeline(ctx: DemoContext) -> None:
    build_timeline(ctx.objects["sel"], ctx.today, "it@demo.test")


def build_timeline(sel: Collaborative, today: datetime.date, it_email: str) -> None:
    """The Appendix D timeline around `today` (also used to seed the benchmark)."""
    if sel.events.filter(kind=Event.Kind.LEARNING_SESSION).exists():
        return
    tz = zoneinfo.ZoneInfo(sel.timezone)
    lead = Membership.objects.select_related("user").get(collaborative=sel, user__email=it_email)
    access = Access(user=lead.user, collaborative=sel, membership=lead)
    users = _People(
        {m.user.email: m.user for m in sel.memberships.select_related("user")}, lead.user
    )

    ls2 = _thursday_on_or_before(today - datetime.timedelta(days=33))
    sessions = [
        ls2 - datetime.timedelta(weeks=16),
        ls2,
        ls2 + datetime.timedelta(weeks=14),
        ls2 + datetime.timedelta(weeks=30),
    ]
    pre_work = sessions[0] - datetime.timedelta(weeks=6)
    event_create(
        access=access,
        kind=Event.Kind.PRE_WORK,
        title="Pre-work day",
        start=_at(pre_work, 9, 0, tz),
        end=_at(pre_work, 15, 0, tz),
        location="Springfield Community College, Room 204",
        audience=Event.Audience.EVERYONE,
        agenda="Welcome packet and expectations\nSelf-assessment walkthrough\n"
        "Data collection plans",
        facilitators=[users["it@demo.test"], users["faculty@demo.test"]],
    )
    for number, first_day in enumerate(sessions, start=1):
        event_create(
            access=access,
            kind=Event.Kind.LEARNING_SESSION,
            number=number,
            title=f"Learning Session {number}",
            start=_at(first_day, 9, 0, tz),
            end=_at(first_day + datetime.timedelta(days=1), 16, 0, tz),
            location="Springfield Conference Center",
            audience=Event.Audience.EVERYONE,
            agenda=LS_AGENDA,
            discussion_questions="What did your team test since the last session?\n"
            "What will you test next?",
            reminder_days=14,
            facilitators=[users["it@demo.test"], users["faculty@demo.test"]],
        )
    for kind, title, rule, start, end, audience, role, days, leader in SERIES:
        series_create(
            access=access,
            kind=kind,
            title=title,
            rule=rule,
            first_date=pre_work,
            until=None,
            start_time=datetime.time(*start),
            end_time=datetime.time(*end),
            video_url="https://video.example.org/bsc-sel",
            audience=audience,
            audience_center_role=role,
            audience_center=None,
            agenda="Check-in\nCenter spotlight\nQuestions and next steps",
            discussion_questions="What is one change your team tested this month?\n"
            "What got in the way?",
            reminder_days=days,
            facilitators=[users[leader]],
        )
    template_apply(access=access)
    _fixed_tasks(access, sel, pre_work, users)
    _mark_progress(sel, today)
    _it_meeting_notes(access, sel, today, users)


def _fixed_tasks(access: Access, sel: Collaborative, pre_work: datetime.date, users) -> None:
    fixed = [
        (
            "Finalize content / topic selection",
            "Finalize selection of content area and model",
            -120,
            "it@demo.test",
        ),
        (
            "Draft initial driver diagram and Collaborative Change Framework",
            "Prepare draft of driver diagram to share for feedback",
            -100,
            "it2@demo.test",
        ),
        ("Select faculty", "Select and invite faculty", -80, "it@demo.test"),
        ("Select 6-8 teams", "Finalize up to 8 selected teams", -40, "it4@demo.test"),
        (
            "Prepare teams for Learning Session 1",
            "Develop Welcome Packet with call and Learning Session dates",
            -20,
            "it@demo.test",
        ),
    ]
    for activity, title, offset, owner in fixed:
        task_create(
            access=access,
            key_activity=activity,
            title=title,
            due_date=pre_work + datetime.timedelta(days=offset),
            owner=users[owner],
            responsibility="Implementation Team",
        )


def _mark_progress(sel: Collaborative, today: datetime.date) -> None:
    """Past tasks are done, except a few left overdue so the IT has something to chase."""
    now = timezone.now()
    past = WorkplanTask.objects.filter(collaborative=sel, due_date__lt=today)
    overdue = list(past.order_by("-due_date").values_list("pk", flat=True)[:3])
    past.exclude(pk__in=overdue).update(status=WorkplanTask.Status.DONE, completed_at=now)
    soon = WorkplanTask.objects.filter(
        collaborative=sel,
        due_date__gte=today,
        due_date__lte=today + datetime.timedelta(days=7),
    ).order_by("due_date")[:2]
    WorkplanTask.objects.filter(pk__in=[t.pk for t in soon]).update(
        status=WorkplanTask.Status.IN_PROGRESS
    )


def _it_meeting_notes(access: Access, sel: Collaborative, today: datetime.date, users) -> None:
    meetings = list(
        sel.events.filter(kind=Event.Kind.IT_MEETING, start__date__lt=today).order_by("-start")[
            : len(IT_NOTES)
        ]
    )
    it_people = list(
        {users[e] for e in ("it@demo.test", "it2@demo.test", "it3@demo.test", "it4@demo.test")}
    )
    owners = [users["it@demo.test"], users["it2@demo.test"], users["it3@demo.test"]]
    for meeting, (summary, decisions, actions) in zip(meetings, IT_NOTES, strict=False):
        meeting.notes = summary
        meeting.save(update_fields=["notes"])
        for text, status in decisions:
            Decision.objects.create(event=meeting, text=text, status=status, created_by=access.user)
        EventAttendance.objects.bulk_create(
            [EventAttendance(event=meeting, user=person) for person in it_people[:3]]
        )
        day = meeting.start.date()
        for index, (title, days) in enumerate(actions):
            due = day + datetime.timedelta(days=days)
            task = task_create(
                access=access,
                key_activity="Action items from IT meetings",
                title=title,
                due_date=due,
                owner=owners[index % len(owners)],
                source_event=meeting,
                responsibility="Implementation Team",
            )
            if due < today:
                task.status = WorkplanTask.Status.DONE
                task.completed_at = timezone.now()
                task.save(update_fields=["status", "completed_at"])
