"""Demo organizations, collaboratives and people (Field Guide: the BSC-SEL collaborative)."""

import datetime

from bsc.demo import DEMO_TIMEZONE, DemoContext
from collaboratives.membership.models import Collaborative, Membership, Organization
from collaboratives.workplan.demo import load_timeline

IT_MEMBERS = [
    (
        "it@demo.test",
        "Maria Alvarez",
        True,
        ["project_management", "center_progress", "center_communication"],
    ),
    ("it2@demo.test", "James Okafor", False, ["content_expertise", "shared_learning"]),
    ("it3@demo.test", "Priya Raman", False, ["data_capacity", "qi_coaching"]),
    ("it4@demo.test", "Dana Whitfield", False, ["relationship_management"]),
]
FACULTY = [
    ("faculty@demo.test", "Lena Brooks", "Pyramid Model trainer"),
    ("faculty2@demo.test", "Tomás Rivera", "Preschool teacher"),
    ("faculty3@demo.test", "Angela Moore", "Parent and family advocate"),
    ("faculty4@demo.test", "Robert Chen", "Center director"),
    ("faculty5@demo.test", "Senator (ret.) Joan Hale", "Early childhood policymaker"),
]


def _months_before(day: datetime.date, months: int) -> datetime.date:
    month_index = day.year * 12 + day.month - 1 - months
    return datetime.date(month_index // 12, month_index % 12 + 1, 1)


def load(ctx: DemoContext) -> None:
    culture, _ = Organization.objects.get_or_create(
        slug="culture-of-continuous-learning",
        defaults={"name": "Culture of Continuous Learning"},
    )
    # The demo is always mid-collaborative: started eight months ago, 18 months long.
    start = _months_before(ctx.today, 8)
    end = _months_before(start, -18) - datetime.timedelta(days=1)
    sel, _ = Collaborative.objects.get_or_create(
        slug="bsc-sel",
        defaults={
            "organization": culture,
            "name": "BSC-SEL",
            "topic": "Supporting children's social and emotional learning through the "
            "Pyramid Model, family partnerships and staff well-being",
            "timezone": DEMO_TIMEZONE,
            "start_date": start,
            "end_date": end,
            "status": Collaborative.Status.ACTIVE,
        },
    )
    for email, name, senior, competencies in IT_MEMBERS:
        Membership.objects.get_or_create(
            user=ctx.user(email, name),
            collaborative=sel,
            defaults={
                "role": Membership.Role.IMPLEMENTATION_TEAM,
                "is_it_senior_leader": senior,
                "competencies": competencies,
            },
        )
    for email, name, title in FACULTY:
        Membership.objects.get_or_create(
            user=ctx.user(email, name),
            collaborative=sel,
            defaults={"role": Membership.Role.FACULTY, "title": title},
        )

    riverside_org, _ = Organization.objects.get_or_create(
        slug="riverside-early-learning-network",
        defaults={"name": "Riverside Early Learning Network"},
    )
    riverside, _ = Collaborative.objects.get_or_create(
        slug="riverside-families",
        defaults={
            "organization": riverside_org,
            "name": "Riverside Family Engagement Collaborative",
            "topic": "Strengthening family engagement in infant and toddler programs",
            "timezone": "America/Chicago",
            "start_date": _months_before(ctx.today, 3),
            "end_date": _months_before(ctx.today, -12),
            "status": Collaborative.Status.ACTIVE,
        },
    )
    Membership.objects.get_or_create(
        user=ctx.user("other@demo.test", "Grace Lindqvist"),
        collaborative=riverside,
        defaults={"role": Membership.Role.IMPLEMENTATION_TEAM, "is_it_senior_leader": True},
    )
    Membership.objects.get_or_create(
        user=ctx.user("riverside-faculty@demo.test", "Omar Haddad"),
        collaborative=riverside,
        defaults={"role": Membership.Role.FACULTY},
    )
    ctx.objects.update({"sel": sel, "riverside": riverside})
    from collaboratives.framework.demo import load_framework

    load_framework(ctx)
    # Before the timeline: the workplan template plans tasks for the groups' calls too.
    from collaboratives.affinity.demo import load as load_affinity_groups

    load_affinity_groups(ctx)
    load_timeline(ctx)
