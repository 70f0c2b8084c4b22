"""Contract between `manage.py bench` and the apps.

Each app may have `<app>/bench.py` with:
- `seed(world: BenchWorld) -> None`: add the app's data to the large collaborative (and to the
  small one, same code, so query counts can be compared between 8 and 160 centers);
- `pages(world: BenchWorld) -> list[BenchPage]`: the pages and API endpoints to measure.
"""

from dataclasses import dataclass, field
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
