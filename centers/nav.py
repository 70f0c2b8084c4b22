from django.urls import reverse
from django.utils.translation import gettext as _

from bsc.portal import NavItem
from bsc.tenancy import Access


def nav_items(access: Access) -> list[NavItem]:
    slug = access.collaborative.slug
    items = []
    has_team = access.center is not None
    if has_team:
        items.append(
            NavItem(
                _("Our team"),
                reverse("centers:detail", args=[slug, access.center.slug]),
                "centers:detail",
                group="team",
                primary=True,
                order=10,
            )
        )
    # A team's own page comes first for its members; the others look across centers.
    items.append(
        NavItem(
            _("Centers"),
            reverse("centers:list", args=[slug]),
            "centers:list",
            primary=not has_team,
            order=30,
        )
    )
    items.append(
        NavItem(
            _("Self-assessments"),
            reverse("centers:assessments", args=[slug]),
            "centers:assessments",
            group="measure",
            primary=has_team,
            order=25,
        )
    )
    if access.can("review_applications", access.collaborative):
        items.append(
            NavItem(_("Selection"), reverse("centers:selection", args=[slug]), "centers:selection")
        )
    return items
