from bsc.portal import DueItem, Panel
from bsc.tenancy import Access
from pdsa.cycles import selectors as cycles_selectors
from pdsa.feedback import selectors as feedback_selectors


def panels(access: Access) -> list[Panel]:
    if access.center is not None:
        ramps = (
            cycles_selectors.ramps_visible_to(access)
            .filter(center=access.center)
            .order_by("-updated_at")[:5]
        )
        return [Panel("pdsa/panels/my_ramps.html", {"ramps": ramps}, order=30)]
    if access.can("view_feedback_queue"):
        queue = feedback_selectors.feedback_queue(access)
        return [
            Panel(
                "pdsa/panels/feedback.html",
                {"cycles": queue[:5], "count": _feedback_count(access)},
                order=30,
            )
        ]
    return []


def _feedback_count(access: Access) -> int:
    """The length of the faculty's feedback queue: the panel and What to do now both say it."""
    return access.once("feedback_count", lambda: feedback_selectors.feedback_queue(access).count())


# A home lists a few of each; the full lists are one tap away.
DUE_SHOWN = 3


def due(access: Access) -> list[DueItem]:
    """A team's cycles waiting for their Study or Act and the coaches' comments it has not
    answered; for faculty and the Implementation Team, the cycles waiting for feedback."""
    from django.urls import reverse
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    slug = access.collaborative.slug
    if access.center is not None:
        from django.db.models import Exists, OuterRef, Q

        from collaboratives.membership.models import Membership
        from pdsa.cycles.models import Cycle, Ramp
        from pdsa.discussion.models import Comment

        items = []
        cycles = (
            cycles_selectors.cycles_visible_to(access)
            .filter(ramp__center=access.center, act_saved_at__isnull=True)
            .exclude(ramp__status=Ramp.Status.ABANDONED)
            .filter(Q(study_saved_at__isnull=False) | Q(do_saved_at__isnull=False))
            .select_related("ramp")
            .order_by("do_saved_at")[:DUE_SHOWN]
        )
        for cycle in cycles:
            needs = Cycle.Stage.ACT if cycle.study_saved_at else Cycle.Stage.STUDY
            items.append(
                DueItem(
                    title=_("%(ramp)s, cycle %(number)s: record the %(stage)s")
                    % {"ramp": cycle.ramp.title, "number": cycle.number, "stage": needs.label},
                    url=reverse("pdsa:cycle-stage", args=[slug, cycle.public_id, needs.value]),
                    action=_("Record the %(stage)s") % {"stage": needs.label},
                    order=30,
                )
            )
        team = Membership.objects.filter(
            collaborative=access.collaborative, center=access.center
        ).values("user_id")
        answered = Comment.objects.filter(parent=OuterRef("pk"), author_id__in=team)
        unanswered = (
            Comment.objects.filter(collaborative=access.collaborative, parent__isnull=True)
            .filter(Q(cycle__ramp__center=access.center) | Q(ramp__center=access.center))
            .exclude(author_id__in=team)
            .exclude(author__isnull=True)
            .filter(~Exists(answered))
            .select_related("author", "cycle__ramp", "ramp")
            .order_by("created_at")
        )
        for comment in unanswered[:DUE_SHOWN]:
            if comment.cycle_id:
                url = reverse("pdsa:cycle-detail", args=[slug, comment.cycle.public_id])
                on = _("%(ramp)s, cycle %(number)s") % {
                    "ramp": comment.cycle.ramp.title,
                    "number": comment.cycle.number,
                }
            else:
                url = reverse("pdsa:ramp-detail", args=[slug, comment.ramp.public_id])
                on = comment.ramp.title
            items.append(
                DueItem(
                    title=_("Answer %(name)s on %(target)s")
                    % {"name": comment.author.get_full_name(), "target": on},
                    url=f"{url}#comment-{comment.public_id}",
                    action=_("Reply"),
                    detail=comment.body[:140],
                    order=40,
                )
            )
        return items
    if access.can("view_feedback_queue"):
        count = _feedback_count(access)
        if not count:
            return []
        return [
            DueItem(
                title=ngettext(
                    "%(count)s cycle waits for your feedback",
                    "%(count)s cycles wait for your feedback",
                    count,
                )
                % {"count": count},
                url=reverse("pdsa:feedback-queue", args=[slug]),
                action=_("Open the feedback queue"),
                order=10,
            )
        ]
    return []
