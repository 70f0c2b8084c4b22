"""The failed-delivery page of the IT, and its Resend buttons."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from bsc.tenancy import Access, collaborative_view
from collaboratives.outbox import services
from collaboratives.outbox.selectors import failed_deliveries, get_failed_delivery


@collaborative_view("resend_notifications")
def failed_list(request: HttpRequest, access: Access) -> HttpResponse:
    return render(
        request,
        "collaboratives/outbox/failed.html",
        {"failed": failed_deliveries(access)},
    )


def _queued_message(request: HttpRequest, count: int) -> None:
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)s notification is queued to be sent again.",
                "%(count)s notifications are queued to be sent again.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.info(request, _("Nothing to resend."))


@collaborative_view("resend_notifications")
@require_POST
def resend_one(request: HttpRequest, access: Access, notification: str) -> HttpResponse:
    row = get_failed_delivery(access, notification)
    _queued_message(request, services.resend_failed(access, row))
    return redirect("collaboratives:outbox-failed", access.collaborative.slug)


@collaborative_view("resend_notifications")
@require_POST
def resend_all(request: HttpRequest, access: Access) -> HttpResponse:
    _queued_message(request, services.resend_failed(access))
    return redirect("collaboratives:outbox-failed", access.collaborative.slug)
