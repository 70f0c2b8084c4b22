import datetime

from pdsa.discussion.alerts import record_daily_digests


def dispatch(now: datetime.datetime) -> None:
    record_daily_digests(now)
