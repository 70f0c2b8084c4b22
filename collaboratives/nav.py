from django.urls import reverse
from django.utils.translation import gettext as _

from bsc.portal import NavItem
from bsc.tenancy import Access


def nav_items(access: Access) -> list[NavItem]:
    slug = access.collaborative.slug
    items = [
        NavItem(_("Home"), reverse("portal:collaborative", args=[slug]), "portal:collaborative"),
        NavItem(
            _("People"), reverse("collaboratives:members", args=[slug]), "collaboratives:members"
        ),
    ]
    items.append(
        NavItem(
            _("Calendar"),
            reverse("collaboratives:calendar", args=[slug]),
            "collaboratives:calendar",
        )
    )
    items.append(
        NavItem(_("Events"), reverse("collaboratives:events", args=[slug]), "collaboratives:events")
    )
    if access.can("manage_workplan"):
        items.append(
            NavItem(
                _("Workplan"),
                reverse("collaboratives:workplan", args=[slug]),
                "collaboratives:workplan",
            )
        )
    if access.can("invite_members"):
        items.append(
            NavItem(
                _("Invite"), reverse("collaboratives:invite", args=[slug]), "collaboratives:invite"
            )
        )
    return items
