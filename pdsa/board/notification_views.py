"""In-app notifications of one collaborative and the person's e-mail choices."""

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bsc.models import Notification
from bsc.tenancy import Access, collaborative_view
from pdsa.board.alerts import KINDS, mark_read, mode_for
from pdsa.board.forms import NotificationSettingsForm
from pdsa.board.models import NotificationSetting
from pdsa.cycles.views import _posted


def _mine(access: Access):
    return Notification.objects.filter(recipient=access.user, collaborative=access.collaborative)


@collaborative_view()
def notification_list(request: HttpRequest, access: Access) -> HttpResponse:
    page = Paginator(_mine(access).order_by("-created_at"), 30).get_page(request.GET.get("page"))
    return render(request, "pdsa/board/notifications.html", {"page": page})


@collaborative_view()
def notification_open(
    request: HttpRequest, access: Access, notification: uuid.UUID
) -> HttpResponse:
    """Mark one notification read and go to what it is about."""
    row = _mine(access).filter(public_id=notification).first()
    if row is None:
        raise Http404
    mark_read(access.user, access.collaborative, str(row.public_id))
    # Only our own paths: a stored URL never sends anyone off-site.
    if row.url.startswith("/") and not row.url.startswith("//"):
        return redirect(row.url)
    return redirect("pdsa:notifications", slug=access.collaborative.slug)


@collaborative_view()
def unread_badge(request: HttpRequest, access: Access) -> HttpResponse:
    count = _mine(access).filter(read_at__isnull=True).count()
    return render(request, "pdsa/board/_notification_badge.html#badge", {"unread": count})


@collaborative_view()
@require_POST
def notifications_read(request: HttpRequest, access: Access) -> HttpResponse:
    mark_read(access.user, access.collaborative, request.POST.get("id") or None)
    return redirect("pdsa:notifications", slug=access.collaborative.slug)


@collaborative_view()
def notification_settings(request: HttpRequest, access: Access) -> HttpResponse:
    current = {kind: mode_for(access.user, kind) for kind in KINDS}
    form = NotificationSettingsForm(_posted(request), current=current)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for kind, mode in form.modes().items():
                NotificationSetting.objects.update_or_create(
                    user=access.user, kind=kind, defaults={"mode": mode}
                )
        messages.success(request, _("Saved."))
        return redirect("pdsa:notifications", slug=access.collaborative.slug)
    return render(request, "pdsa/board/notification_settings.html", {"form": form})
