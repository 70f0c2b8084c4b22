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
    if access.can("review_center_work"):
        items.append(
            NavItem(
                _("Equity"),
                reverse("metrics:equity-collaborative", args=[slug]),
                "metrics:equity-collaborative",
                group="measure",
            )
        )
    elif access.center is not None and access.can("view_center_reports", access.center):
        items.append(
            NavItem(
                _("Equity"),
                reverse("metrics:equity-center", args=[slug, access.center.slug]),
                "metrics:equity-center",
                group="measure",
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
        NavItem(_("Themes"), reverse("metrics:themes", args=[slug]), "metrics:themes", group="run")
    )
    if access.can("view_engagement"):
        items.append(
            NavItem(
                _("Engagement"),
                reverse("metrics:engagement", args=[slug]),
                "metrics:engagement",
                group="run",
            )
        )
    items.append(
        NavItem(_("Newsletter"), reverse("metrics:newsletters", args=[slug]), "metrics:newsletters")
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
