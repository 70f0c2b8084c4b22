"""What the periodic dispatcher records for this app: event reminders (and updates when an
event moved, cancellations), the weekly IT workplan digest and the invitations to
evaluate an event that has ended."""

import datetime

from collaboratives.evaluations.services import send_evaluation_invitations
from collaboratives.schedule.reminders import send_event_reminders
from collaboratives.workplan.digests import send_workplan_digests


def dispatch(now: datetime.datetime) -> None:
    send_event_reminders(now)
    send_workplan_digests(now)
    send_evaluation_invitations(now)
