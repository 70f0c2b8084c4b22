from django.urls import reverse
from django.utils.translation import gettext as _

from bsc.portal import NavItem
from bsc.tenancy import Access


def nav_items(access: Access) -> list[NavItem]:
    slug = access.collaborative.slug
    items = [
        NavItem(
            _("PDSA"),
            reverse("pdsa:home", args=[slug]),
            "pdsa:home",
            group="improve",
            primary=True,
            order=20,
        ),
        NavItem(_("Board"), reverse("pdsa:board", args=[slug]), "pdsa:board", group="improve"),
    ]
    if access.can("view_feedback_queue"):
        items.append(
            NavItem(
                _("Feedback queue"),
                reverse("pdsa:feedback-queue", args=[slug]),
                "pdsa:feedback-queue",
                group="improve",
                primary=access.center is None,
                order=12,
            )
        )
    items.append(
        NavItem(
            _("Action Plans"),
            reverse("pdsa:action-plans", args=[slug]),
            "pdsa:action-plans",
            group="improve",
        )
    )
    items.append(
        NavItem(
            _("Resources"),
            reverse("pdsa:library", args=[slug]),
            "pdsa:library",
            group="improve",
        )
    )
    return items
