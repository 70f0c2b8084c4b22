"""RSVP, check-in by QR code or short link, the IT's attendance list, the participation
matrix (page and CSV) and the individual team consultations."""

from __future__ import annotations

import datetime
import hashlib
import zoneinfo
from collections import Counter
from collections.abc import Iterator
from html import escape
from typing import Any
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bsc.exports import csv_writer
from bsc.options import options_html
from bsc.tenancy import Access, centers_visible_to, collaborative_view
from collaboratives.schedule.models import Event, EventAttendance
from collaboratives.schedule.selectors import events_visible_to
from collaboratives.sessions import selectors, services
from collaboratives.sessions.forms import RsvpForm
from collaboratives.sessions.models import Rsvp

# An e-mailed answer link works until a month after the event could have been announced.
RSVP_LINK_AGE = datetime.timedelta(days=120)


def _back(access: Access, event: Event) -> str:
    if event.kind in services.SESSION_KINDS:
        return reverse(
            "collaboratives:session-agenda",
            kwargs={"slug": access.collaborative.slug, "event": event.public_id},
        )
    return event.get_absolute_url()


@collaborative_view(permission="view_schedule")
@require_POST
def rsvp(request: HttpRequest, access: Access, event: Any) -> HttpResponse:
    item = selectors.get_event(access, event)
    form = RsvpForm(request.POST)
    if form.is_valid():
        try:
            services.rsvp_set(access=access, event=item, answer=form.cleaned_data["answer"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Thank you: your answer is saved."))
    else:
        messages.error(request, _("Answer yes, no or maybe."))
    return redirect(_back(access, item))


@collaborative_view(permission="view_schedule")
def rsvp_link(request: HttpRequest, access: Access, event: Any, rsvp_token: str) -> HttpResponse:
    """The one-click answer from the invitation e-mail; the link is signed for one person,
    event and answer, and only that person (signed in) can use it."""
    item = selectors.get_event(access, event)
    read = services.rsvp_token_read(rsvp_token, max_age=RSVP_LINK_AGE)
    if read is None or read[0] != str(item.public_id) or read[1] != access.user.pk:
        raise Http404
    error = ""
    try:
        services.rsvp_set(access=access, event=item, answer=read[2])
    except ValidationError as refused:
        error = " ".join(refused.messages)
    return render(
        request,
        "collaboratives/sessions/rsvp_done.html",
        {
            "event": item,
            "answer": dict(Rsvp.Answer.choices).get(read[2], ""),
            "error": error,
            "back": _back(access, item),
            "rsvp_form": RsvpForm(initial={"answer": read[2]}),
        },
        status=400 if error else 200,
    )


@collaborative_view(permission="manage_schedule")
@require_POST
def rsvp_invite(request: HttpRequest, access: Access, event: Any) -> HttpResponse:
    item = selectors.get_event(access, event)
    try:
        sent = services.rsvp_invite(
            access=access, event=item, base_url=request.build_absolute_uri("/").rstrip("/")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Invitations queued: %(n)s people.") % {"n": sent})
    return redirect(_attendance_url(access, item))


def _attendance_url(access: Access, event: Event) -> str:
    return reverse(
        "collaboratives:session-attendance",
        kwargs={"slug": access.collaborative.slug, "event": event.public_id},
    )


@collaborative_view(permission="view_schedule")
def check_in(request: HttpRequest, access: Access, code: str) -> HttpResponse:
    """Opened from the QR code or short link on a phone: marks the signed-in person present."""
    item = selectors.get_event_by_code(access, code)
    if not events_visible_to(access).filter(pk=item.pk).exists():
        raise Http404
    error = ""
    try:
        services.check_in(access=access, event=item)
    except ValidationError as refused:
        error = " ".join(refused.messages)
    return render(
        request,
        "collaboratives/sessions/check_in.html",
        {
            "event": item,
            "error": error,
            "back": _back(access, item),
            "rsvp": selectors.own_rsvp(access, item),
            "rsvp_form": RsvpForm(),
        },
        status=400 if error else 200,
    )


def _check_in_qr(link: str) -> SafeString:
    """The check-in link's QR code as inline SVG. Drawing it takes longer than the rest of the
    page and a link's code never changes, so it is kept in the cache under the link and the
    language of its title."""
    title = _("Check-in code")
    key = "check-in-qr:" + hashlib.sha256(f"{link}\n{title}".encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = segno.make(link, error="m").svg_inline(scale=6, title=title)
        cache.set(key, svg, timeout=60 * 60 * 24 * 30)
    # segno writes the SVG itself from the link: no user text reaches it unescaped.
    return mark_safe(svg)  # noqa: S308


@collaborative_view(permission="manage_schedule")
def attendance(request: HttpRequest, access: Access, event: Any) -> HttpResponse:
    """The IT's view of one event: the check-in QR code and short link, who said they would
    come (per center and role, and who changed from yes to no), and attendance per person."""
    item = selectors.get_event(access, event, with_related=("check_in_code",))
    code = services.check_in_code(item)
    link = request.build_absolute_uri(
        reverse(
            "collaboratives:session-check-in",
            kwargs={"slug": access.collaborative.slug, "code": code.code},
        )
    )
    held = item.start - services.CHECK_IN_OPENS <= timezone.now()
    # One center's people at a time: a large audience is hundreds of rows, each with its own
    # control; the per-center table says how many answered and opens each center's list.
    center = None
    center_slug = request.GET.get("center", "")
    if center_slug:
        center = (
            centers_visible_to(access).filter(slug=center_slug).only("pk", "name", "slug").first()
        )
        if center is None:
            raise Http404
    overview = selectors.rsvp_overview(item, center.pk if center else None)
    mark_url = reverse(
        "collaboratives:session-attendance-mark",
        kwargs={"slug": access.collaborative.slug, "event": item.public_id},
    )
    context = {
        "event": item,
        "collaborative": access.collaborative,
        "overview": overview,
        "center": center,
        "center_options": options_html(
            [(place["slug"], place["name"]) for place, _counts in overview.by_center],
            center_slug if center else "",
        ),
        "center_rows": _center_answer_rows(overview.by_center, center.slug if center else None),
        "mark_url": mark_url,
        "check_in_link": link,
        "check_in_code": code.code,
        "qr_svg": _check_in_qr(link),
        "held": held,
        "statuses": EventAttendance.Status.choices,
        "back": _back(access, item),
    }
    template = "collaboratives/sessions/attendance.html"
    return render(request, template, context)


def _center_answer_rows(
    by_center: list[tuple[dict[str, Any], Counter]], current: str | None
) -> SafeString:
    """The per-center table's rows, written here rather than by template tags per row: a
    large audience is 160 centers. Each name opens that center's people in place (HTMX),
    or as a page without scripts; the open one is marked current."""
    parts = []
    for place, answers in by_center:
        slug = escape(place["slug"])
        mark = ' aria-current="true"' if place["slug"] == current else ""
        counts = "".join(
            f"<td>{answers[answer] or 0}</td>" for answer in ("yes", "maybe", "no", "none")
        )
        parts.append(
            f'<tr><th scope="row"><a href="?center={slug}#people" hx-get="?center={slug}" '
            'hx-select="#people" hx-target="#people" hx-swap="outerHTML show:#people:top" '
            f'hx-push-url="true"{mark}>{escape(place["name"])}</a></th>{counts}</tr>'
        )
    return mark_safe("".join(parts))  # noqa: S308 - names and slugs escaped, the rest numbers


@collaborative_view(permission="manage_schedule")
@require_POST
def attendance_mark(request: HttpRequest, access: Access, event: Any) -> HttpResponse:
    item = selectors.get_event(access, event)
    user_id = request.POST.get("user", "")
    status = request.POST.get("status", "")
    try:
        if not user_id.isdigit():
            raise ValidationError({"user": _("Choose a person.")})
        services.attendance_mark(access=access, event=item, user_id=int(user_id), status=status)
    except ValidationError as error:
        if request.htmx:
            return HttpResponse(" ".join(error.messages), status=409)
        messages.error(request, " ".join(error.messages))
        return redirect(_attendance_url(access, item))
    if request.htmx:
        label = dict(EventAttendance.Status.choices).get(status, _("Not there"))
        return HttpResponse(_("Saved: %(status)s") % {"status": label})
    messages.success(request, _("Attendance saved."))
    return redirect(_attendance_url(access, item))


# Centers a person compares on one screen; the rest are a page or a search away.
CENTERS_PAGE_SIZE = 25


def _centers_page(request: HttpRequest, access: Access) -> tuple[Page, str]:
    """The page of centers asked for (`page`), among those whose name has the search (`q`)."""
    query = request.GET.get("q", "").strip()[:100]
    centers = centers_visible_to(access).order_by("name", "pk").only("pk", "name", "slug")
    if query:
        centers = centers.filter(name__icontains=query)
    return Paginator(centers, CENTERS_PAGE_SIZE).get_page(request.GET.get("page")), query


@collaborative_view(permission="view_participation")
def participation(request: HttpRequest, access: Access) -> HttpResponse:
    """Attended / missed / excused per center and month (or one center's people per event of
    a month)."""
    center_slug = request.GET.get("center", "")
    if center_slug:
        center = centers_visible_to(access).filter(slug=center_slug).first()
        if center is None:
            raise Http404
        return _center_participation(request, access, center)
    page, query = _centers_page(request, access)
    matrix = selectors.participation_by_center(access, list(page.object_list))
    for row in matrix.rows:
        row.cells_html = _month_cells_html(row.cells)
    return render(
        request,
        "collaboratives/sessions/participation.html",
        {
            "matrix": matrix,
            "page": page,
            "query": query,
            "pager_query": urlencode({"q": query}) if query else "",
            "collaborative": access.collaborative,
        },
    )


def _month_cells_html(cells: list[selectors.MonthCell]) -> SafeString:
    """A center's month cells as table cells, written here rather than by a template tag
    per cell: 25 centers × 24 months is 600 cells. They hold only numbers, an E and a dot."""
    parts = []
    for cell in cells:
        if cell.expected:
            text = f"{cell.attended}/{cell.expected}"
        elif cell.excused:
            text = "E"
        elif cell.upcoming:
            text = '<span class="muted">·</span>'
        else:
            text = ""
        parts.append(f'<td class="cell {cell.tone}">{text}</td>')
    return mark_safe("".join(parts))  # noqa: S308 - numbers and fixed markup only


def _chosen_month(
    months: list[datetime.date], asked: str, today: datetime.date
) -> datetime.date | None:
    """The month asked for (YYYY-MM) if it has events, else this month or the last one
    before it that has, else the first."""
    try:
        wanted = datetime.date.fromisoformat(f"{asked}-01")
    except ValueError:
        wanted = None
    if wanted in months:
        return wanted
    started = [m for m in months if m <= today]
    return started[-1] if started else (months[0] if months else None)


def _center_participation(request: HttpRequest, access: Access, center: Any) -> HttpResponse:
    tz = zoneinfo.ZoneInfo(access.collaborative.timezone)
    events = selectors.matrix_events(access)
    event_months = [selectors.month_of(e, tz) for e in events]
    months = sorted(set(event_months))
    month = _chosen_month(months, request.GET.get("month", ""), timezone.localdate(timezone=tz))
    columns = [n for n, m in enumerate(event_months) if m == month]
    rows = list(selectors.participation_rows(access, events, center.pk))
    for row in rows:
        row["month_cells"] = [row["cells"][n] for n in columns]
    position = months.index(month) if month else 0
    shown = [events[n] for n in columns]
    links = {
        e.pk: reverse(
            "collaboratives:event-detail",
            kwargs={"slug": access.collaborative.slug, "event": e.public_id},
        )
        for e in shown
    }
    return render(
        request,
        "collaboratives/sessions/participation_center.html",
        {
            "center": center,
            "events": [{"title": e.title, "start": e.start, "url": links[e.pk]} for e in shown],
            "rows": rows,
            "month": month,
            "months": months,
            "previous": months[position - 1] if month and position > 0 else None,
            "next": months[position + 1] if month and position + 1 < len(months) else None,
            "collaborative": access.collaborative,
        },
    )


# Rows of the participation CSV sent at once: a few hundred kilobytes at most.
CSV_BATCH_ROWS = 200


@collaborative_view(permission="view_participation")
def participation_csv(request: HttpRequest, access: Access) -> StreamingHttpResponse:
    """Every center member and event: one row a person, one column an event. Streamed as
    the rows are read, so a large collaborative's file starts at once and is never held
    whole in memory."""
    events = selectors.matrix_events(access)
    tz_name = access.collaborative.timezone
    header = [
        _("Center"),
        _("Person"),
        _("Role"),
        _("Attended"),
        _("Missed"),
        _("Excused"),
        _("Rate %"),
    ] + [f"{selectors.local_day(e, tz_name)} {e.title}" for e in events]

    def lines() -> Iterator[str]:
        buffer = _Echo()
        writer = csv_writer(buffer)
        yield writer.writerow(header)
        # Sent a batch of rows at a time: the response encodes and hands on each piece it is
        # given, and a piece per row costs as much as writing the row.
        batch = []
        for row in selectors.participation_rows(access, events):
            batch.append(
                writer.writerow(
                    [
                        row["center__name"] or "",
                        row["user__full_name"] or row["user__email"],
                        row["role_label"],
                        row["attended"],
                        row["missed"],
                        row["excused"],
                        "" if row["rate"] is None else row["rate"],
                    ],
                    codes=row["cells"],
                )
            )
            if len(batch) == CSV_BATCH_ROWS:
                yield "".join(batch)
                batch = []
        if batch:
            yield "".join(batch)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{access.collaborative.slug}-participation.csv"'
    )
    return response


class _Echo:
    """A file-like object whose `write` hands back the line: the csv writer formats a row,
    the response streams it."""

    def write(self, value: str) -> str:
        return value


@collaborative_view(permission="view_participation")
def consultation_list(request: HttpRequest, access: Access) -> HttpResponse:
    """Which centers have had their individual consultation in each Action Period."""
    page, query = _centers_page(request, access)
    phases, rows = selectors.consultations(access, list(page.object_list))
    return render(
        request,
        "collaboratives/sessions/consultations.html",
        {
            "phases": phases,
            "rows": rows,
            "page": page,
            "query": query,
            "pager_query": urlencode({"q": query}) if query else "",
            "collaborative": access.collaborative,
        },
    )
