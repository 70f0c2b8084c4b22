"""Shared pieces of the demo data: each app's `demo.py` adds its part through `load(ctx)`."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password

from bsc.models import User

DEMO_PASSWORD = "demo-pass-2026"

# The demo collaborative's time zone: the demo's "today" is its local date, the date its pages
# count from (overdue tasks, due metrics), whatever the hour in UTC.
DEMO_TIMEZONE = "America/New_York"

DEMO_LOGINS = [
    ("it@demo.test", "Implementation Team, BSC-SEL"),
    ("faculty@demo.test", "Faculty coach, BSC-SEL"),
    ("center@demo.test", "Team leader of the first BSC-SEL center"),
    ("leader@demo.test", "Senior leader of the first BSC-SEL center"),
    ("other@demo.test", "Implementation Team of the Riverside collaborative only"),
]


@dataclass
class DemoContext:
    """What the apps' demo loaders share: today's date and the objects made so far."""

    today: datetime.date
    objects: dict[str, Any] = field(default_factory=dict)
    _password_hash: str = ""

    def user(self, email: str, full_name: str) -> User:
        """The demo person with this e-mail, created once with the demo password."""
        if not self._password_hash:
            self._password_hash = make_password(DEMO_PASSWORD)
        user, created = User.objects.get_or_create(
            email=email, defaults={"full_name": full_name, "password": self._password_hash}
        )
        return user
