"""What a theme can cite, found in the collaborative by its public identifier.

Each kind resolves its reference (the identifier its page uses) to a label, a link and the
center it belongs to, or 404: another collaborative's work cannot be cited.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from bsc.tenancy import Access
from centers.assessments.models import Rating
from centers.teams.models import Center
from collaboratives.schedule.models import Event
from metrics.synthesis.models import ThemeEvidence
from pdsa.board.models import Post
from pdsa.cycles.models import Cycle, Ramp
from pdsa.discussion.models import Comment

Kind = ThemeEvidence.Kind


@dataclass(frozen=True)
class Cited:
    kind: str
    ref: str
    label: str
    url: str
    center: Center | None


def _uuid(ref: str) -> uuid.UUID:
    try:
        return uuid.UUID(ref)
    except ValueError as error:
        raise Http404 from error


def _one(queryset):  # noqa: ANN001, ANN202 - any model's queryset
    obj = queryset.first()
    if obj is None:
        raise Http404
    return obj


def resolve(access: Access, kind: str, ref: str) -> Cited:
    """The work `ref` of `kind` in the access's collaborative, or 404."""
    slug = access.collaborative.slug
    collab = access.collaborative
    if kind == Kind.CYCLE:
        cycle = _one(
            Cycle.objects.select_related("ramp__center").filter(
                ramp__center__collaborative=collab, public_id=_uuid(ref)
            )
        )
        label = _("%(center)s: %(ramp)s, cycle %(n)s") % {
            "center": cycle.ramp.center.name,
            "ramp": cycle.ramp.title,
            "n": cycle.number,
        }
        url = reverse("pdsa:cycle-detail", args=[slug, cycle.public_id])
        return Cited(kind, ref, label, url, cycle.ramp.center)
    if kind == Kind.RAMP:
        ramp = _one(
            Ramp.objects.select_related("center").filter(
                center__collaborative=collab, public_id=_uuid(ref)
            )
        )
        label = f"{ramp.center.name}: {ramp.title}"
        return Cited(
            kind, ref, label, reverse("pdsa:ramp-detail", args=[slug, ramp.public_id]), ramp.center
        )
    if kind == Kind.POST:
        post = _one(
            Post.objects.select_related("center").filter(collaborative=collab, public_id=_uuid(ref))
        )
        return Cited(
            kind,
            ref,
            post.title,
            reverse("pdsa:post-detail", args=[slug, post.public_id]),
            post.center,
        )
    if kind == Kind.COMMENT:
        comment = _one(
            Comment.objects.select_related(
                "cycle__ramp__center", "ramp__center", "post", "author"
            ).filter(collaborative=collab, public_id=_uuid(ref))
        )
        target = comment.target
        if comment.cycle_id:
            url = reverse("pdsa:cycle-detail", args=[slug, comment.cycle.public_id])
            center = comment.cycle.ramp.center
        elif comment.ramp_id:
            url = reverse("pdsa:ramp-detail", args=[slug, comment.ramp.public_id])
            center = comment.ramp.center
        else:
            url = reverse("pdsa:post-detail", args=[slug, comment.post.public_id])
            center = None
        author = comment.author.get_full_name() if comment.author else _("someone")
        label = _("%(author)s on %(target)s: “%(text)s”") % {
            "author": author,
            "target": target,
            "text": comment.body[:80],
        }
        return Cited(kind, ref, label[:300], f"{url}#comment-{comment.public_id}", center)
    if kind == Kind.EVENT:
        event = _one(Event.objects.filter(collaborative=collab, public_id=_uuid(ref)))
        label = _("Notes of %(event)s") % {"event": event.title}
        return Cited(kind, ref, label, event.get_absolute_url(), None)
    if kind == Kind.SELF_ASSESSMENT:
        assessment_id, _sep, driver_id = ref.partition("/")
        rating = _one(
            Rating.objects.select_related(
                "assessment__center", "assessment__round", "driver"
            ).filter(
                assessment__center__collaborative=collab,
                assessment__public_id=_uuid(assessment_id),
                driver__public_id=_uuid(driver_id),
            )
        )
        center = rating.assessment.center
        label = _("%(center)s, self-assessment round %(round)s, %(driver)s: “%(text)s”") % {
            "center": center.name,
            "round": rating.assessment.round.number,
            "driver": rating.driver.text[:60],
            "text": rating.comment[:80],
        }
        url = reverse(
            "centers:assessment", args=[slug, center.slug, rating.assessment.round.number]
        )
        return Cited(kind, ref, label[:300], url, center)
    if kind == Kind.CHART_SIGNAL:
        return _chart_signal(access, ref)
    raise Http404


def _chart_signal(access: Access, ref: str) -> Cited:
    """`ref` is "<center>/<metric>/<YYYY-MM>": the month a signal showed on a center's chart."""
    parts = ref.split("/")
    if len(parts) != 3:
        raise Http404
    center_slug, metric_slug, month_text = parts
    try:
        month = datetime.datetime.strptime(month_text, "%Y-%m").date()
    except ValueError as error:
        raise Http404 from error
    center = _one(Center.objects.filter(collaborative=access.collaborative, slug=center_slug))
    metric = _one(access.collaborative.metrics.filter(slug=metric_slug))
    label = _("%(center)s: signal on %(metric)s in %(month)s") % {
        "center": center.name,
        "metric": metric.name,
        "month": month.strftime("%Y-%m"),
    }
    url = reverse("metrics:center-charts", args=[access.collaborative.slug, center.slug])
    return Cited(ThemeEvidence.Kind.CHART_SIGNAL, ref, label, f"{url}#c-{metric.slug}", center)
