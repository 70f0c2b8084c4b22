from django.urls import reverse
from django.utils.translation import gettext as _

from bsc.portal import NavItem
from bsc.tenancy import Access


def nav_items(access: Access) -> list[NavItem]:
    slug = access.collaborative.slug

    def item(label: str, name: str, **where: object) -> NavItem:
        return NavItem(label, reverse(name, args=[slug]), name, **where)

    items = [
        item(_("Home"), "portal:collaborative", group="today", primary=True, order=0),
        item(_("Calendar"), "collaboratives:calendar", primary=True, order=60),
        item(_("Events"), "collaboratives:events"),
        item(_("People"), "collaboratives:members"),
        item(_("Change framework"), "collaboratives:framework"),
        item(_("Affinity groups"), "collaboratives:affinity-groups"),
    ]
    if access.can("view_evaluation_results"):
        items.append(item(_("Evaluations"), "collaboratives:evaluations", group="run"))
    if access.can("manage_workplan"):
        items.append(
            item(_("Workplan"), "collaboratives:workplan", group="run", primary=True, order=40)
        )
    if access.can("view_participation"):
        items.append(item(_("Participation"), "collaboratives:participation", group="run"))
    if access.can("invite_members"):
        items.append(item(_("Invite"), "collaboratives:invite", group="run"))
    if access.can("resend_notifications"):
        items.append(item(_("Failed deliveries"), "collaboratives:outbox-failed", group="run"))
    return items
