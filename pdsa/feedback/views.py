from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bsc.form_errors import posted_data
from bsc.formatting import day
from bsc.links import ANY, link_maker
from bsc.tenancy import Access, collaborative_view
from pdsa.board import services
from pdsa.board.forms import BoardSettingsForm
from pdsa.cycles.models import Cycle
from pdsa.feedback import selectors

QUEUE_PAGE_SIZE = 25


@dataclass(frozen=True)
class QueueLine:
    """A row of the queue with its words and link worked out once in Python, not through a
    template tag per row."""

    href: str
    title: str
    center: str
    stage: str
    waiting_since: str
    assigned_to_me: bool


def queue_lines(cycles: Iterable[Cycle], slug: str) -> list[QueueLine]:
    cycle_href = link_maker("pdsa:cycle-detail", slug=slug, cycle=ANY)
    stages = {value: str(label) for value, label in Cycle.Stage.choices}
    return [
        QueueLine(
            href=cycle_href(cycle.public_id),
            title=f"{cycle.ramp.title} — " + _("cycle %(n)s") % {"n": cycle.number},
            center=cycle.ramp.center.name,
            stage=stages.get(cycle.stage, cycle.stage),
            waiting_since=day(cycle.activity_at),
            assigned_to_me=getattr(cycle, "assigned_to_me", False),
        )
        for cycle in cycles
    ]


@collaborative_view(permission="view_feedback_queue")
def feedback_queue(request: HttpRequest, access: Access) -> HttpResponse:
    days = selectors.feedback_after_days(access)
    # A line of the queue shows the cycle's ramp, center, stage and wait, not its write-up.
    cycles = selectors.feedback_queue(access, days=days).only(
        "public_id", "number", "stage", "activity_at", "ramp__title", "ramp__center__name"
    )
    # What a coach works through in one sitting; the rest is a page away.
    page = Paginator(cycles, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = queue_lines(page.object_list, access.collaborative.slug)
    settings_form = None
    if access.can("manage_collaborative"):
        settings_form = BoardSettingsForm(
            posted_data(request),
            initial={"feedback_after_days": days},
        )
        if request.method == "POST" and settings_form.is_valid():
            services.board_settings_update(
                access=access,
                feedback_after_days=settings_form.cleaned_data["feedback_after_days"],
            )
            messages.success(request, _("Saved."))
            return redirect("pdsa:feedback-queue", slug=access.collaborative.slug)
    return render(
        request,
        "pdsa/feedback/feedback_queue.html",
        {
            "page": page,
            "your_center_label": _("Your center"),
            "days": days,
            "settings_form": settings_form,
            "discussions": selectors.discussions_awaiting_feedback(access),
        },
    )
