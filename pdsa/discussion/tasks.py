from celery import shared_task

from bsc.notifications import deliver_pending


@shared_task(name="pdsa.discussion.tasks.deliver_board_notifications", bind=True, max_retries=3)
def deliver_board_notifications(self) -> int:
    """Send pending notifications now rather than at the dispatcher's next run; the
    exactly-once record makes a retry or an overlapping dispatcher harmless."""
    return deliver_pending()
