"""Monthly metric reminders and automatic report builds, found in the database at each run.

For each active collaborative and the month whose values are due next: a reminder to each
center's data point people and team leaders N days before the due day, and one escalation
(also to the senior leaders) a few days after it, each recorded once through
`bsc.notifications.notify`; centers that have submitted every required metric get neither.
Once a month's due day has passed, its metric reports are built (once).
"""

from __future__ import annotations

import datetime

from collaboratives.membership.models import Collaborative
from metrics.completeness.reminders import send_metric_reminders
from metrics.reports.drafts import build_due_reports, build_progress_drafts


def dispatch(now: datetime.datetime) -> None:
    for collaborative in Collaborative.objects.filter(status=Collaborative.Status.ACTIVE):
        send_metric_reminders(collaborative, now)
        build_due_reports(collaborative, now)
        build_progress_drafts(collaborative, now)
