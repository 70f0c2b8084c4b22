from __future__ import annotations

import calendar as calendar_lib
import datetime
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bsc.tenancy import (
    Access,
    collaborative_view,
)
from collaboratives.membership.dates import allowed_range, date_error_message
from collaboratives.schedule import services
from collaboratives.schedule.ics import event_ics, feed_ics
from collaboratives.schedule.models import CalendarFeed, Event
from collaboratives.schedule.selectors import events_invited
from collaboratives.schedule.views import _today, _tz, get_event


def _month_from(
    request: HttpRequest, today: datetime.date, bounds: tuple[datetime.date, datetime.date]
) -> tuple[datetime.date, str]:
    """The month asked for in `?month=YYYY-MM`, or this month with the reason it was refused."""
    first, last = bounds
    current = min(max(today, first), last).replace(day=1)
    asked = request.GET.get("month", "")
    if not asked:
        return current, ""
    try:
        year, month = (int(part) for part in asked.split("-"))
        chosen = datetime.date(year, month, 1)
    except ValueError:
        return current, _("Give the month as YYYY-MM, such as %(example)s.") % {
            "example": f"{today:%Y-%m}"
        }
    if not first.replace(day=1) <= chosen <= last:
        return current, date_error_message(first, last)
    return chosen, ""


@collaborative_view(permission="view_schedule")
def calendar_page(request: HttpRequest, access: Access) -> HttpResponse:
    """The person's calendar: the events they are invited to, as a month grid or a list."""
    tz = _tz(access)
    today = _today(access)
    bounds = allowed_range(access.collaborative)
    month, month_error = _month_from(request, today, bounds)
    view = "list" if request.GET.get("view") == "list" else "month"
    weeks = calendar_lib.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    first, last = weeks[0][0], weeks[-1][-1]
    low = datetime.datetime.combine(first, datetime.time.min, tzinfo=tz)
    high = datetime.datetime.combine(
        last + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    events = list(events_invited(access).filter(start__lt=high, end__gt=low).order_by("start"))
    by_day: dict[datetime.date, list[Event]] = defaultdict(list)
    for event in events:
        event.collaborative = access.collaborative
        event.local = event.start.astimezone(tz)
        by_day[event.local.date()].append(event)
    grid = [[(day, by_day.get(day, [])) for day in week] for week in weeks]
    in_month = [e for e in events if e.local.month == month.month]
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    feed = services.feed_for(access=access)
    feed_url = (
        request.build_absolute_uri(
            reverse(
                "collaboratives:calendar-feed",
                kwargs={"slug": access.collaborative.slug, "feed_token": feed.token},
            )
        )
        if feed
        else ""
    )
    return render(
        request,
        "collaboratives/schedule/calendar.html",
        {
            "month": month,
            "view": view,
            "grid": grid,
            "events": in_month,
            "today": today,
            "previous": f"{previous:%Y-%m}" if previous >= bounds[0].replace(day=1) else "",
            "following": f"{following:%Y-%m}" if following <= bounds[1] else "",
            "month_error": month_error,
            "weekdays": [calendar_lib.day_abbr[i] for i in range(7)],
            "feed_url": feed_url,
            "tz_name": access.collaborative.timezone,
        },
    )


@collaborative_view(permission="view_schedule")
@require_POST
def feed_renew(request: HttpRequest, access: Access) -> HttpResponse:
    services.feed_renew(access=access)
    messages.success(request, _("Your calendar feed has a new secret address."))
    return redirect("collaboratives:calendar", slug=access.collaborative.slug)


@collaborative_view(permission="view_schedule")
@require_POST
def feed_revoke(request: HttpRequest, access: Access) -> HttpResponse:
    services.feed_revoke(access=access)
    messages.success(request, _("Your calendar feed address no longer works."))
    return redirect("collaboratives:calendar", slug=access.collaborative.slug)


def calendar_feed(request: HttpRequest, slug: str, feed_token: str) -> HttpResponse:
    """The personal feed: the secret token stands for the person (calendar apps cannot sign
    in); a revoked or unknown token, or one of another collaborative, is a 404."""
    from bsc.tenancy import get_access

    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token=feed_token, revoked_at__isnull=True, collaborative__slug=slug)
        .first()
    )
    if feed is None:
        raise Http404
    access = get_access(feed.user, slug)
    horizon = timezone.now() - datetime.timedelta(days=90)
    events = events_invited(access).filter(end__gte=horizon).order_by("start")
    response = HttpResponse(
        feed_ics(access.collaborative, events), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, max-age=300"
    return response


@collaborative_view(permission="view_schedule")
def event_ics_download(request: HttpRequest, access: Access, event: Any) -> HttpResponse:
    item = get_event(access, event)
    response = HttpResponse(event_ics(item), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{item.public_id}.ics"'
    return response
