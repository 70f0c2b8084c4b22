from django.urls import reverse
from django.utils.translation import gettext as _

from bsc.portal import NavItem
from bsc.tenancy import Access


def nav_items(access: Access) -> list[NavItem]:
    slug = access.collaborative.slug
    items = []
    if access.center is not None:
        items.append(
            NavItem(
                _("Our metrics"),
                reverse("metrics:entry", args=[slug, access.center.slug]),
                "metrics:entry",
                group="team",
                primary=True,
                order=15,
            )
        )
    items.append(
        NavItem(
            _("Metric charts"),
            reverse("metrics:collaborative-charts", args=[slug]),
            "metrics:collaborative-charts",
            group="measure",
            primary=True,
            order=35,
        )
    )
    if access.can("view_completeness"):
        items.append(
            NavItem(
                _("Completeness"),
                reverse("metrics:completeness", args=[slug]),
                "metrics:completeness",
                group="measure",
                primary=True,
                order=18,
            )
        )
    items.append(
        NavItem(
            _("Reports"),
            reverse("metrics:reports", args=[slug]),
            "metrics:reports",
            group="measure",
        )
    )
    return items
