from django.db.models import Count, Q

from bsc.portal import Panel
from bsc.tenancy import Access, members_visible_to

from .models import Membership


def panels(access: Access) -> list[Panel]:
    counts = members_visible_to(access).aggregate(
        it=Count("pk", filter=Q(role=Membership.Role.IMPLEMENTATION_TEAM)),
        faculty=Count("pk", filter=Q(role=Membership.Role.FACULTY)),
        center_members=Count("pk", filter=Q(role=Membership.Role.CENTER_MEMBER)),
    )
    return [Panel("collaboratives/panels/overview.html", {"counts": counts}, order=10)]
