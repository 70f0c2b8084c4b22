from django.urls import reverse
from django.utils.translation import gettext as _

from bsc.portal import NavItem
from bsc.tenancy import Access


def nav_items(access: Access) -> list[NavItem]:
    slug = access.collaborative.slug

    def item(label: str, name: str) -> NavItem:
        return NavItem(label, reverse(name, args=[slug]), name)

    items = [
        item(_("Home"), "portal:collaborative"),
        item(_("People"), "collaboratives:members"),
        item(_("Change framework"), "collaboratives:framework"),
        item(_("Calendar"), "collaboratives:calendar"),
        item(_("Events"), "collaboratives:events"),
        item(_("Affinity groups"), "collaboratives:affinity-groups"),
    ]
    if access.can("view_evaluation_results"):
        items.append(item(_("Evaluations"), "collaboratives:evaluations"))
    if access.can("manage_workplan"):
        items.append(item(_("Workplan"), "collaboratives:workplan"))
    if access.can("view_participation"):
        items.append(item(_("Participation"), "collaboratives:participation"))
    if access.can("invite_members"):
        items.append(item(_("Invite"), "collaboratives:invite"))
    if access.can("resend_notifications"):
        items.append(item(_("Failed deliveries"), "collaboratives:outbox-failed"))
    return items
