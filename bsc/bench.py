"""Contract between `manage.py bench` and the apps.

Each app may have `<app>/bench.py` with:
- `seed(world: BenchWorld) -> None`: add the app's data to the large collaborative (and to the
  small one, same code, so query counts can be compared between 8 and 160 centers);
- `pages(world: BenchWorld) -> list[BenchPage]`: the pages and API endpoints to measure;
- `seed_loadtest(world: BenchWorld, centers: int) -> None`: what `manage.py loadtest` needs on
  top of `seed` for its journeys in the first `centers` centers (e.g. built report PDFs).

Every name a world shows (organization, collaborative, centers, teams, e-mail addresses) carries
its key, so the load test can tell one tenant's data from another's in any page.
"""

import datetime
from dataclasses import dataclass, field
from importlib import import_module
from types import ModuleType
from typing import Any


@dataclass(frozen=True)
class BenchPage:
    name: str  # e.g. "IT dashboard"
    url: str
    email: str  # who requests it


@dataclass
class BenchWorld:
    """One seeded collaborative: its objects and the e-mails of named people in it."""

    collaborative: Any
    centers: list[Any]
    months: int
    it_email: str
    faculty_email: str
    center_email: str  # a team leader of centers[0]
    leader_email: str  # the senior leader of centers[0]
    extra: dict[str, Any] = field(default_factory=dict)
    key: str = ""  # what its names and e-mail domain carry, e.g. "large"


BENCH_PASSWORD = "bench-pass-2026"
TEAM = ["senior_leader", "team_leader", "teacher", "teacher", "family_representative"]


def member_email(key: str, center_slug: str, position: int) -> str:
    """The e-mail of the member at `position` in TEAM (0: senior leader, 1: team leader) of a
    center in the world `key`."""
    return f"{center_slug}-{position}@{key}.bench"


def _first_of_month(day: datetime.date, months_back: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - months_back
    return datetime.date(index // 12, index % 12 + 1, 1)


def build_world(*, key: str, centers: int, months: int, today: datetime.date) -> BenchWorld:
    """The people and centers every app's `seed` starts from: one organization and collaborative
    with 4 IT members, 5 faculty and `centers` centers of 5 members each, `months` long and
    ending this month."""
    from django.contrib.auth.hashers import make_password

    from bsc.models import User
    from centers.teams.models import Center
    from collaboratives.membership.models import Collaborative, Membership, Organization

    organization = Organization.objects.create(name=f"Bench {key}", slug=f"bench-{key}")
    start = _first_of_month(today, months - 1)
    end = _first_of_month(today, -1) - datetime.timedelta(days=1)
    collaborative = Collaborative.objects.create(
        organization=organization,
        name=f"Bench {key} ({centers} centers)",
        slug=f"bench-{key}",
        topic="Benchmark",
        timezone="America/New_York",
        start_date=start,
        end_date=end,
        status=Collaborative.Status.ACTIVE,
    )
    password = make_password(BENCH_PASSWORD)

    def person(email: str, name: str) -> User:
        return User(email=email, full_name=name, password=password)

    Center.objects.bulk_create(
        Center(
            collaborative=collaborative,
            slug=f"center-{n:03d}",
            name=f"{key.capitalize()} center {n:03d}",
            center_type=Center.CenterType.STAND_ALONE if n % 2 else Center.CenterType.HEAD_START,
            age_groups=["toddlers", "preschool"],
            team_name=f"{key.capitalize()} team {n:03d}",
            motto="Growing together",
            director_name=f"Director {n:03d}",
        )
        for n in range(centers)
    )
    center_rows = list(Center.objects.filter(collaborative=collaborative).order_by("slug"))
    people: list[tuple[User, dict[str, Any]]] = []
    for n in range(4):
        people.append(
            (
                person(f"it{n}@{key}.bench", f"IT member {n}"),
                {"role": Membership.Role.IMPLEMENTATION_TEAM, "is_it_senior_leader": n == 0},
            )
        )
    for n in range(5):
        people.append(
            (person(f"faculty{n}@{key}.bench", f"Faculty {n}"), {"role": Membership.Role.FACULTY})
        )
    for center in center_rows:
        for position, center_role in enumerate(TEAM):
            people.append(
                (
                    person(
                        member_email(key, center.slug, position), f"{center.name} {center_role}"
                    ),
                    {
                        "role": Membership.Role.CENTER_MEMBER,
                        "center": center,
                        "center_role": center_role,
                        "data_point_person": center_role == "team_leader",
                    },
                )
            )
    User.objects.bulk_create([user for user, _ in people])
    users = {u.email: u for u in User.objects.filter(email__endswith=f"@{key}.bench")}
    Membership.objects.bulk_create(
        Membership(user=users[user.email], collaborative=collaborative, **fields)
        for user, fields in people
    )
    first = center_rows[0].slug
    return BenchWorld(
        collaborative=collaborative,
        centers=center_rows,
        months=months,
        it_email=f"it0@{key}.bench",
        faculty_email=f"faculty0@{key}.bench",
        center_email=member_email(key, first, 1),
        leader_email=member_email(key, first, 0),
        key=key,
    )


def bench_modules() -> list[ModuleType]:
    """Each app's `bench` module, for the apps that have one."""
    from django.conf import settings

    modules = []
    for app in settings.BSC_APPS:
        try:
            modules.append(import_module(f"{app}.bench"))
        except ModuleNotFoundError as error:
            if error.name != f"{app}.bench":
                raise
    return modules


def seed_world(
    modules: list[ModuleType], *, key: str, centers: int, months: int, today: datetime.date
) -> BenchWorld:
    """A world with every app's data, in one transaction."""
    from django.db import transaction

    with transaction.atomic():
        world = build_world(key=key, centers=centers, months=months, today=today)
        for module in modules:
            if hasattr(module, "seed"):
                module.seed(world)
    return world


def rebuild_database() -> None:
    """Drop and create the configured database (empty): only ever the bench's or the load
    test's own, which their settings name apart from the one in use."""
    from pathlib import Path

    from django.conf import settings
    from django.db import connection

    if not (settings.BENCH or settings.LOADTEST):
        raise RuntimeError("Only the bench's or the load test's database is ever rebuilt.")
    database = settings.DATABASES["default"]
    connection.close()
    if connection.vendor == "sqlite":
        Path(database["NAME"]).unlink(missing_ok=True)
        return
    # The server's maintenance database, as Django's test runner does to create test DBs.
    with connection._nodb_cursor() as cursor:
        name = connection.ops.quote_name(database["NAME"])
        cursor.execute(f"DROP DATABASE IF EXISTS {name}")
        cursor.execute(f"CREATE DATABASE {name}")
