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
                _("Our team"),
                reverse("centers:detail", args=[slug, access.center.slug]),
                "centers:detail",
            )
        )
    items.append(NavItem(_("Centers"), reverse("centers:list", args=[slug]), "centers:list"))
    items.append(
        NavItem(
            _("Self-assessments"),
            reverse("centers:assessments", args=[slug]),
            "centers:assessments",
        )
    )
    if access.can("review_applications", access.collaborative):
        items.append(
            NavItem(_("Selection"), reverse("centers:selection", args=[slug]), "centers:selection")
        )
    return items
