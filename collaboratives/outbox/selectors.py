from __future__ import annotations

from django.db.models import QuerySet

from bsc.models import Notification
from bsc.tenancy import Access, get_object_in_collaborative


def failed_deliveries(access: Access) -> QuerySet[Notification]:
    """This collaborative's e-mail notifications that could not be delivered, newest first."""
    return (
        Notification.objects.filter(
            collaborative=access.collaborative, status=Notification.Status.FAILED
        )
        .select_related("recipient")
        .order_by("-due_at", "-pk")
    )


def get_failed_delivery(access: Access, public_id: str) -> Notification:
    """One failed notification of this collaborative; another tenant's, or one that did not
    fail, is a 404."""
    return get_object_in_collaborative(
        access, failed_deliveries(access), "resend_notifications", public_id=public_id
    )
