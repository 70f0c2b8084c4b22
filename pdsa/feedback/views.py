from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bsc.form_errors import posted_data
from bsc.tenancy import Access, collaborative_view
from pdsa.board import services
from pdsa.board.forms import BoardSettingsForm
from pdsa.feedback import selectors

QUEUE_PAGE_SIZE = 25


@collaborative_view(permission="view_feedback_queue")
def feedback_queue(request: HttpRequest, access: Access) -> HttpResponse:
    days = selectors.feedback_after_days(access)
    # A line of the queue shows the cycle's ramp, center, stage and wait, not its write-up.
    cycles = selectors.feedback_queue(access, days=days).only(
        "public_id", "number", "stage", "activity_at", "ramp__title", "ramp__center__name"
    )
    # What a coach works through in one sitting; the rest is a page away.
    page = Paginator(cycles, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
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
            "days": days,
            "settings_form": settings_form,
            "discussions": selectors.discussions_awaiting_feedback(access),
        },
    )
