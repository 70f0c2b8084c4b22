"""Where a collaborative is in its timeline, shown on every page."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from collaboratives.models import Collaborative


def current_phase_label(collaborative: Collaborative, today: datetime.date | None = None) -> str:
    """A short label such as "Month 5 of 18"; Learning Session phases refine it."""
    today = today or timezone.localdate()
    if today < collaborative.start_date:
        return _("Starts %(date)s") % {"date": collaborative.start_date.isoformat()}
    if today > collaborative.end_date:
        return _("Completed")
    months_total = (
        (collaborative.end_date.year - collaborative.start_date.year) * 12
        + collaborative.end_date.month
        - collaborative.start_date.month
        + 1
    )
    month = (
        (today.year - collaborative.start_date.year) * 12
        + today.month
        - collaborative.start_date.month
        + 1
    )
    return _("Month %(month)s of %(total)s") % {"month": month, "total": months_total}
