"""Monthly metric reminders and automatic report builds, found in the database at each run.

For each active collaborative and the month whose values are due next: a reminder to each
center's data point people and team leaders N days before the due day, and one escalation
(also to the senior leaders) a few days after it, each recorded once through
`bsc.notifications.notify`; centers that have submitted every required metric get neither.
Once a month's due day has passed, its metric reports are built (once). Report builds the
broker did not take (Redis down when they were asked for) are handed to it again.
"""

from __future__ import annotations

import datetime

from collaboratives.membership.models import Collaborative
from metrics.completeness.reminders import send_metric_reminders
from metrics.reports.drafts import build_due_reports, build_progress_drafts
from metrics.reports.services import report_build_requests_hand_over


def dispatch(now: datetime.datetime) -> None:
    for collaborative in Collaborative.objects.filter(status=Collaborative.Status.ACTIVE):
        send_metric_reminders(collaborative, now)
        build_due_reports(collaborative, now)
        build_progress_drafts(collaborative, now)
        # Builds asked for while the broker was down (or lost with a worker) go to it now.
        report_build_requests_hand_over(collaborative, now)
