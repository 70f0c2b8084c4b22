from django.db.models import QuerySet

from bsc.portal import DueItem, Panel
from bsc.stamps import counts_row, stamped
from bsc.tenancy import Access
from pdsa.cycles import selectors as cycles_selectors
from pdsa.cycles.models import Cycle
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
        queue = _feedback_queue(access)
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
    return access.once("feedback_count", lambda: _feedback_queue(access).count())


def _feedback_queue(access: Access) -> QuerySet[Cycle]:
    """The queue's query, built once: building it reads the collaborative's settings and
    current period, which the panel's list and its count share."""
    return access.once("feedback_queue", lambda: feedback_selectors.feedback_queue(access))


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
        return stamped(
            "pdsa-center-due",
            (access.collaborative.pk, slug, access.center.pk, _center_due_stamp(access)),
            lambda: _center_due(access),
        )
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


# What a team's cycles and comments due depend on: its cycles and ramps (saving a stage or a
# status touches updated_at), the collaborative's comments (a reply answers one; an edit
# changes its text) and the team's members (who counts as an answer).
CENTER_DUE_STAMP = """
SELECT
  (SELECT COUNT(*) FROM pdsa_cycle c JOIN pdsa_ramp r ON r.id = c.ramp_id
    WHERE r.center_id = %(center)s),
  (SELECT MAX(c.updated_at) FROM pdsa_cycle c JOIN pdsa_ramp r ON r.id = c.ramp_id
    WHERE r.center_id = %(center)s),
  (SELECT COUNT(*) FROM pdsa_ramp WHERE center_id = %(center)s),
  (SELECT MAX(updated_at) FROM pdsa_ramp WHERE center_id = %(center)s),
  (SELECT COUNT(*) FROM pdsa_comment WHERE collaborative_id = %(collaborative)s),
  (SELECT MAX(id) FROM pdsa_comment WHERE collaborative_id = %(collaborative)s),
  (SELECT MAX(edited_at) FROM pdsa_comment WHERE collaborative_id = %(collaborative)s),
  (SELECT COUNT(*) FROM collaboratives_membership
    WHERE collaborative_id = %(collaborative)s AND center_id = %(center)s),
  (SELECT MAX(id) FROM collaboratives_membership
    WHERE collaborative_id = %(collaborative)s AND center_id = %(center)s)
"""


def _center_due_stamp(access: Access) -> tuple:
    return counts_row(
        CENTER_DUE_STAMP, {"center": access.center_id, "collaborative": access.collaborative.pk}
    )


def _center_due(access: Access) -> list[DueItem]:
    """A team's cycles waiting for their Study or Act and the coaches' comments it has not
    answered, oldest first."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    slug = access.collaborative.slug
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
