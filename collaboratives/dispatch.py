"""What the periodic dispatcher records for this app: event reminders (and updates when an
event moved, cancellations) and the weekly IT workplan digest."""

import datetime

from collaboratives.schedule.reminders import send_event_reminders
from collaboratives.workplan.digests import send_workplan_digests


def dispatch(now: datetime.datetime) -> None:
    send_event_reminders(now)
    send_workplan_digests(now)
