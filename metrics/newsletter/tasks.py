from celery import shared_task

from metrics.newsletter.build import build_due_newsletters


@shared_task(name="metrics.newsletter.tasks.build_monthly_newsletters")
def build_monthly_newsletters() -> int:
    """Periodic (Celery beat): on each collaborative's first working day of the month, build
    the month's draft once."""
    return build_due_newsletters()
