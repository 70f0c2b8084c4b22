from __future__ import annotations

import datetime
import zoneinfo

from django.urls import reverse
from django.utils.translation import gettext as _

from bsc import formatting
from bsc.i18n import in_language_of
from bsc.notifications import notify
from collaboratives.membership.models import Collaborative, Membership
from collaboratives.schedule.reminders import DIGEST
from collaboratives.workplan.models import WorkplanTask


def send_workplan_digests(now: datetime.datetime) -> int:
    """Once a week (from Monday 7:00 local), each IT member's tasks due this week and overdue."""
    count = 0
    for collaborative in Collaborative.objects.filter(status=Collaborative.Status.ACTIVE):
        local = now.astimezone(zoneinfo.ZoneInfo(collaborative.timezone))
        if local.weekday() == 0 and local.hour < 7:
            continue
        today = local.date()
        year, week, _day = today.isocalendar()
        sunday = today + datetime.timedelta(days=6 - today.weekday())
        tasks = list(
            WorkplanTask.objects.filter(
                collaborative=collaborative, due_date__lte=sunday, owner__isnull=False
            )
            .exclude(status=WorkplanTask.Status.DONE)
            .order_by("due_date")
        )
        by_owner: dict[int, list[WorkplanTask]] = {}
        for task in tasks:
            by_owner.setdefault(task.owner_id, []).append(task)
        members = Membership.objects.filter(
            collaborative=collaborative,
            role=Membership.Role.IMPLEMENTATION_TEAM,
            user_id__in=list(by_owner),
        ).select_related("user")
        url = reverse("collaboratives:workplan", kwargs={"slug": collaborative.slug})
        for membership in members:
            with in_language_of(membership.user, collaborative):
                mine = by_owner[membership.user_id]
                overdue = [t for t in mine if t.due_date < today]
                due = [t for t in mine if t.due_date >= today]
                lines = []
                if overdue:
                    lines.append(_("Overdue:"))
                    lines += [f"  - {t.title} ({formatting.day(t.due_date)})" for t in overdue]
                if due:
                    lines.append(_("Due this week:"))
                    lines += [f"  - {t.title} ({formatting.day(t.due_date)})" for t in due]
                _row, new = notify(
                    kind=DIGEST,
                    object_key=f"workplan:{collaborative.pk}:{year}-W{week:02d}",
                    recipient=membership.user,
                    subject=_("%(name)s workplan: %(due)s due this week, %(overdue)s overdue")
                    % {"name": collaborative.name, "due": len(due), "overdue": len(overdue)},
                    body="\n".join(lines),
                    url=f"{url}?view=mine",
                    collaborative=collaborative,
                    due_at=now,
                )
                count += new
    return count
