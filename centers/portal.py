from django.db.models import Count

from bsc.portal import DueItem, Panel, WorkplanExtra
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

    total = visible.count()
    panels_ = []
    if access.can("manage_selection", access.collaborative):
        panels_.append(_outreach_panel(access))
    return [
        *panels_,
        Panel(
            "centers/panels/centers.html",
            {"centers": centers, "total": total, "shown": HOME_CENTERS},
            order=20,
        ),
        Panel(
            "centers/panels/assessment_rounds.html",
            # The panels count the same centers: one query.
            {"rows": assessment_round_status(access.collaborative, total)},
            order=22,
        ),
    ]


def _outreach_panel(access: Access) -> Panel:
    """Outreach next steps due within a week, so no prospective center falls through."""
    import datetime

    from centers.selection.selectors import next_steps_due
    from collaboratives.membership.dates import local_today

    today = local_today(access.collaborative)
    steps = next_steps_due(access, today + datetime.timedelta(days=7))
    return Panel("centers/panels/outreach_due.html", {"steps": steps, "today": today}, order=21)


# The workplan looks further ahead than the home: a fortnight of outreach next steps.
WORKPLAN_OUTREACH_DAYS = 14


def workplan_extras(access: Access) -> list[WorkplanExtra]:
    """Open outreach next steps, overdue or due within a fortnight, for the IT's workplan."""
    if not access.can("manage_selection", access.collaborative):
        return []
    import datetime

    from django.urls import reverse
    from django.utils.translation import gettext as _

    from centers.selection.selectors import next_steps_due
    from collaboratives.membership.dates import local_today

    today = local_today(access.collaborative)
    url = reverse("centers:selection-outreach", kwargs={"slug": access.collaborative.slug})
    return [
        WorkplanExtra(
            source=_("Outreach"),
            title=step.next_step,
            url=url,
            due=step.next_step_due,
            detail=step.prospect,
            overdue=step.next_step_due < today,
        )
        for step in next_steps_due(access, today + datetime.timedelta(days=WORKPLAN_OUTREACH_DAYS))
    ]


def due(access: Access) -> list[DueItem]:
    """An open self-assessment round the team has not submitted yet."""
    if access.center is None:
        return []
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from centers.assessments.models import SelfAssessment
    from centers.assessments.selectors import local_today, rounds_of

    today = local_today(access.collaborative)
    open_rounds = [r for r in rounds_of(access.collaborative) if r.opens_on <= today <= r.due_on]
    if not open_rounds:
        return []
    submitted = set(
        SelfAssessment.objects.filter(
            center=access.center, round__in=open_rounds, status=SelfAssessment.Status.SUBMITTED
        ).values_list("round_id", flat=True)
    )
    return [
        DueItem(
            title=_("Rate your practice: %(round)s") % {"round": round_.name},
            url=reverse(
                "centers:assessment",
                args=[access.collaborative.slug, access.center.slug, round_.number],
            ),
            action=_("Open the self-assessment"),
            due=round_.due_on,
            order=20,
        )
        for round_ in open_rounds
        if round_.pk not in submitted
    ]
