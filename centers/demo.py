"""Demo centers: eight BSC-SEL cross-role teams (child care and Head Start programs)."""

from bsc.demo import DemoContext
from centers.teams.models import Center
from collaboratives.membership.models import Membership

SEL_CENTERS = [
    (
        "sunrise",
        "Sunrise Child Development Center",
        "stand_alone",
        ["toddlers", "preschool"],
        "The Sunrisers",
        "Every feeling is welcome here",
    ),
    (
        "maple-street",
        "Maple Street Head Start",
        "head_start",
        ["preschool"],
        "Maple Leaves",
        "Growing together, one day at a time",
    ),
    (
        "little-oaks",
        "Little Oaks Early Learning",
        "stand_alone",
        ["infants", "toddlers"],
        "Little Oaks",
        "Big hearts, small steps",
    ),
    (
        "harbor-view",
        "Harbor View Early Head Start",
        "early_head_start",
        ["infants", "toddlers"],
        "Harbor Helpers",
        "Safe harbor for every family",
    ),
    (
        "cedar-grove",
        "Cedar Grove Children's Center",
        "multi_site",
        ["toddlers", "preschool"],
        "Cedar Crew",
        "Calm, connected, curious",
    ),
    (
        "bright-path",
        "Bright Path Head Start",
        "head_start",
        ["preschool"],
        "Path Finders",
        "Lighting the way together",
    ),
    (
        "willow-creek",
        "Willow Creek Child Care",
        "stand_alone",
        ["infants", "toddlers", "preschool"],
        "Willow Wonders",
        "Bend, don't break",
    ),
    (
        "riverbend",
        "Riverbend Family Learning Center",
        "multi_site",
        ["preschool", "school_age"],
        "Riverbend Rockets",
        "Families first",
    ),
]
FIRST_NAMES = [
    "Ana",
    "Ben",
    "Carla",
    "Derek",
    "Elena",
    "Farah",
    "Gabe",
    "Hana",
    "Ivan",
    "Jada",
    "Kofi",
    "Lucia",
    "Marcus",
    "Nia",
    "Owen",
    "Paula",
    "Quinn",
    "Rosa",
    "Sam",
    "Tia",
]
LAST_NAMES = ["Garcia", "Nguyen", "Johnson", "Patel", "Kim", "Williams", "Lopez", "Davis"]
TEAM_ROLES = [
    ("senior_leader", "director"),
    ("team_leader", "lead"),
    ("teacher", "teacher1"),
    ("teacher", "teacher2"),
    ("family_representative", "family"),
]


def load(ctx: DemoContext) -> None:
    sel = ctx.objects["sel"]
    centers = []
    for index, (slug, name, kind, ages, team, motto) in enumerate(SEL_CENTERS):
        center, _ = Center.objects.get_or_create(
            collaborative=sel,
            slug=slug,
            defaults={
                "name": name,
                "center_type": kind,
                "age_groups": ages,
                "address": f"{100 + index * 12} Main Street\nSpringfield",
                "director_name": "",
                "team_name": team,
                "motto": motto,
                "status": Center.Status.ACTIVE,
            },
        )
        centers.append(center)
        for position, (center_role, suffix) in enumerate(TEAM_ROLES):
            if index == 0 and center_role == "team_leader":
                email, full_name = "center@demo.test", "Carmen Diaz"
            elif index == 0 and center_role == "senior_leader":
                email, full_name = "leader@demo.test", "Lorraine Whitaker"
            else:
                email = f"{slug}-{suffix}@demo.test"
                first = FIRST_NAMES[(index * 5 + position) % len(FIRST_NAMES)]
                last = LAST_NAMES[(index + position) % len(LAST_NAMES)]
                full_name = f"{first} {last}"
            Membership.objects.get_or_create(
                user=ctx.user(email, full_name),
                collaborative=sel,
                defaults={
                    "role": Membership.Role.CENTER_MEMBER,
                    "center": center,
                    "center_role": center_role,
                    "data_point_person": center_role == "team_leader",
                },
            )
        if not center.director_name:
            director = center.memberships.filter(center_role="senior_leader").first()
            if director:
                center.director_name = director.user.full_name
                center.save(update_fields=["director_name"])

    riverside = ctx.objects["riverside"]
    for slug, name in [("bluebird", "Bluebird Infant Care"), ("tall-pines", "Tall Pines EHS")]:
        center, _ = Center.objects.get_or_create(
            collaborative=riverside,
            slug=slug,
            defaults={"name": name, "center_type": "early_head_start", "age_groups": ["infants"]},
        )
        Membership.objects.get_or_create(
            user=ctx.user(f"{slug}-lead@demo.test", f"{name} Lead"),
            collaborative=riverside,
            defaults={
                "role": Membership.Role.CENTER_MEMBER,
                "center": center,
                "center_role": "team_leader",
                "data_point_person": True,
            },
        )
    ctx.objects["sel_centers"] = centers
    from centers.assessments.demo import load_assessments

    load_assessments(ctx)
    from centers.selection.demo import load as load_selection

    load_selection(ctx)
    from collaboratives.sessions.demo import load_sessions

    load_sessions(ctx)
