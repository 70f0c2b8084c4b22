from django.db.models import Count, Q

from bsc.portal import DueItem, Panel
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
    from collaboratives.evaluations.selectors import evaluations_to_answer

    to_answer = evaluations_to_answer(access)
    if to_answer:
        panels.append(
            Panel("collaboratives/panels/evaluations.html", {"to_answer": to_answer}, order=12)
        )
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


def due(access: Access) -> list[DueItem]:
    """The person's next call with the questions to think about before it; for the
    Implementation Team, the workplan tasks past their date."""
    from django.urls import reverse
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from collaboratives.workplan.selectors import it_task_counts, upcoming_for

    slug = access.collaborative.slug
    items = []
    if access.can("manage_workplan"):
        overdue = it_task_counts(access)["overdue"]
        if overdue:
            items.append(
                DueItem(
                    title=ngettext(
                        "%(count)s workplan task is overdue",
                        "%(count)s workplan tasks are overdue",
                        overdue,
                    )
                    % {"count": overdue},
                    url=reverse("collaboratives:workplan", args=[slug]) + "?view=overdue",
                    action=_("Open the workplan"),
                    overdue=True,
                    order=5,
                )
            )
    for event in upcoming_for(access)[:1]:
        items.append(
            DueItem(
                title=_("Next: %(title)s") % {"title": event.title},
                url=reverse("collaboratives:event-detail", args=[slug, event.public_id]),
                action=_("See the call"),
                detail=date_format(event.local, "l j F, H:i"),
                points=tuple(event.question_items),
                order=60,
            )
        )
    return items
