from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import Http404

from bsc.tenancy import Access
from metrics.newsletter.models import Newsletter


def newsletters_visible_to(access: Access) -> QuerySet[Newsletter]:
    """Sent newsletters for every member; drafts for the IT only."""
    newsletters = Newsletter.objects.filter(collaborative=access.collaborative)
    if access.can("manage_newsletter"):
        return newsletters
    return newsletters.filter(status=Newsletter.Status.SENT)


def get_newsletter(access: Access, public_id: uuid.UUID | str) -> Newsletter:
    newsletter = newsletters_visible_to(access).filter(public_id=public_id).first()
    if newsletter is None:
        raise Http404
    newsletter.collaborative = access.collaborative
    return newsletter
