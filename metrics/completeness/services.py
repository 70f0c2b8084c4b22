from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from bsc import formatting
from bsc.audit import record_audit
from bsc.i18n import in_language_of
from bsc.notifications import notify
from bsc.tenancy import Access
from centers.teams.models import Center
from collaboratives.membership.models import Membership
from metrics.values.models import (
    month_label,
)


def reminder_recipients(center: Center) -> list[Any]:
    """The center's data point people and team leaders: who hears about a missing month."""
    memberships = Membership.objects.filter(center=center).select_related("user")
    chosen = [
        m.user
        for m in memberships
        if m.data_point_person or m.center_role == Membership.CenterRole.TEAM_LEADER
    ]
    return list({user.pk: user for user in chosen}.values())


def reminder_send_now(
    *, access: Access, center: Center, month: datetime.date, today: datetime.date
) -> int:
    """IT's one-click reminder for one center and month: at most one a day per person."""
    access.require("remind_centers", center)
    url = reverse("metrics:entry", args=[access.collaborative.slug, center.slug])
    sent = 0
    for user in reminder_recipients(center):
        with in_language_of(user, access.collaborative):
            subject = _("Please submit %(center)s's metrics for %(month)s") % {
                "center": center.name,
                "month": formatting.month(month),
            }
            body = _("The Implementation Team is waiting for this month's values.")
        _row, created = notify(
            kind="metric_reminder_manual",
            object_key=f"{center.public_id}:{month_label(month)}:{today.isoformat()}",
            recipient=user,
            subject=subject,
            body=body,
            url=url,
            collaborative=access.collaborative,
        )
        sent += created
    record_audit(
        actor=access.user,
        collaborative=access.collaborative,
        action="metric_reminder.send",
        obj=center,
        changes={"month": month_label(month), "recipients": sent},
    )
    return sent
