"""Demo newsletters for BSC-SEL: last month's, sent (as it was sent, to every member; the
demo writes no e-mail rows, so nothing is delivered when a dispatcher runs), and this month's
draft."""

from __future__ import annotations

from django.utils import timezone

from bsc.demo import DemoContext
from collaboratives.membership.models import Membership
from metrics.newsletter.build import build_draft
from metrics.newsletter.models import Newsletter
from metrics.newsletter.services import render_html, render_text
from metrics.values.models import add_months


def load(ctx: DemoContext) -> None:
    sel = ctx.objects["sel"]
    if Newsletter.objects.filter(collaborative=sel).exists():
        return
    this_month = ctx.today.replace(day=1)
    sent, _created = build_draft(sel, add_months(this_month, -1))
    it = (
        Membership.objects.filter(collaborative=sel, role=Membership.Role.IMPLEMENTATION_TEAM)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    sent.sent_html = render_html(sent)
    sent.sent_text = render_text(sent)
    sent.status = Newsletter.Status.SENT
    sent.sent_at = timezone.now()
    sent.sent_by = it.user
    users = {
        m.user_id: m.user
        for m in Membership.objects.filter(collaborative=sel).select_related("user")
    }
    sent.recipients = len(users)
    sent.save()
    build_draft(sel, this_month)
