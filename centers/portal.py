from django.db.models import Count

from bsc.portal import Panel
from bsc.tenancy import Access, centers_visible_to

# A home shows a glimpse; the centers page lists them all (160 in a large collaborative).
HOME_CENTERS = 12


def panels(access: Access) -> list[Panel]:
    if access.center is not None:
        center = access.center
        members = center.memberships.select_related("user").order_by("center_role")
        from centers.assessments.selectors import priority_drivers

        return [
            Panel("centers/panels/my_team.html", {"center": center, "members": members}, 20),
            Panel(
                "centers/panels/priority_drivers.html",
                {"center": center, "priorities": priority_drivers(access, center)},
                25,
            ),
        ]
    visible = centers_visible_to(access)
    centers = visible.annotate(member_count=Count("memberships")).order_by("name")[:HOME_CENTERS]
    from centers.assessments.selectors import assessment_round_status

    return [
        Panel(
            "centers/panels/centers.html",
            {"centers": centers, "total": visible.count(), "shown": HOME_CENTERS},
            order=20,
        ),
        Panel(
            "centers/panels/assessment_rounds.html",
            {"rows": assessment_round_status(access.collaborative)},
            order=22,
        ),
    ]
