from django.db.models import Count, Q

from bsc.portal import Panel
from bsc.tenancy import Access, members_visible_to
from collaboratives.membership.models import Membership


def panels(access: Access) -> list[Panel]:
    counts = members_visible_to(access).aggregate(
        it=Count("pk", filter=Q(role=Membership.Role.IMPLEMENTATION_TEAM)),
        faculty=Count("pk", filter=Q(role=Membership.Role.FACULTY)),
        center_members=Count("pk", filter=Q(role=Membership.Role.CENTER_MEMBER)),
    )
    from collaboratives.workplan.selectors import it_task_counts, upcoming_for

    timeline = {
        "upcoming": upcoming_for(access),
        "counts": it_task_counts(access) if access.can("manage_workplan") else None,
    }
    from collaboratives.affinity.selectors import my_groups

    panels = [
        Panel("collaboratives/panels/overview.html", {"counts": counts}, order=10),
        Panel("collaboratives/panels/timeline.html", timeline, order=15),
    ]
    # The IT reaches every group from the navigation; members and faculty co-leads see theirs.
    groups = [] if access.is_it else my_groups(access)
    if groups:
        panels.append(Panel("collaboratives/panels/affinity.html", {"groups": groups}, order=20))
    if access.is_it:
        from collaboratives.membership.selectors import competency_holders

        holders = competency_holders(access.collaborative)
        missing = [label for _value, label, members in holders if not members]
        panels.append(
            Panel(
                "collaboratives/panels/competencies.html",
                {"holders": holders, "missing": missing},
                order=16,
            )
        )
    return panels
