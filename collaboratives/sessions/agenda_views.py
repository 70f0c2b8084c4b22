"""Agenda pages: the participant agenda and its PDF, the faculty/IT run-of-show, and the
builder where the IT and faculty add, re-time and reorder blocks in place (HTMX)."""

from __future__ import annotations

import hashlib
import zoneinfo
from html import escape
from typing import Any

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bsc.form_errors import add_service_errors
from bsc.links import ANY, link_maker
from bsc.pdf import pdf_response
from bsc.tenancy import Access, centers_visible_to, collaborative_view, members_visible_to
from bsc.uploads import serve_upload
from collaboratives.membership.models import Membership
from collaboratives.schedule.models import Event
from collaboratives.sessions import selectors, services
from collaboratives.sessions.agenda import check_agenda
from collaboratives.sessions.forms import BlockForm, MaterialForm, PlanForm, RsvpForm
from collaboratives.sessions.models import AgendaBlock


def _builder_url(access: Access, event: Event) -> str:
    return reverse(
        "collaboratives:session-agenda-builder",
        kwargs={"slug": access.collaborative.slug, "event": event.public_id},
    )


def _agenda_context(access: Access, event: Event, with_presenters: bool = True) -> dict[str, Any]:
    tz = zoneinfo.ZoneInfo(access.collaborative.timezone)
    blocks = selectors.agenda_blocks(event, with_presenters=with_presenters)
    return {
        "event": event,
        "collaborative": access.collaborative,
        "blocks": blocks,
        "check": check_agenda(blocks),
        "plan": selectors.session_plan(event),
        "event_materials": selectors.event_materials(event),
        "local_start": event.start.astimezone(tz),
        "local_end": event.end.astimezone(tz),
        "can_build": access.can("manage_agenda"),
        "can_run": access.can("view_run_of_show"),
        "old_material_lines": [m for m in event.material_items if not m.startswith("http")],
    }


@collaborative_view(permission="view_schedule")
def agenda_page(request: HttpRequest, access: Access, event: Any) -> HttpResponse:
    """The participant agenda (Appendix G layout), with one's RSVP and check-in state."""
    item = selectors.get_session(access, event)
    context = _agenda_context(access, item)
    rsvp = selectors.own_rsvp(access, item)
    context |= {
        "rsvp": rsvp,
        "rsvp_form": RsvpForm(initial={"answer": rsvp.answer if rsvp else None}),
        "attendance": selectors.own_attendance(access, item),
    }
    return render(request, "collaboratives/sessions/agenda.html", context)


@collaborative_view(permission="view_schedule")
def agenda_pdf(request: HttpRequest, access: Access, event: Any) -> HttpResponse:
    item = selectors.get_session(access, event)
    return pdf_response(
        request,
        "collaboratives/sessions/agenda_pdf.html",
        _agenda_context(access, item),
        f"agenda-{item.public_id}.pdf",
    )


@collaborative_view(permission="view_run_of_show")
def run_of_show(request: HttpRequest, access: Access, event: Any) -> HttpResponse:
    """Every block with its presenters, room and materials, for faculty and IT."""
    item = selectors.get_session(access, event)
    return render(
        request, "collaboratives/sessions/run_of_show.html", _agenda_context(access, item)
    )


def _block_form(access: Access, data: Any = None, **kwargs: Any) -> BlockForm:
    return BlockForm(
        data,
        tz_name=access.collaborative.timezone,
        # Only the IT and faculty present; every center may present.
        # Their names and roles only: IT and faculty are in no center.
        members=list(
            members_visible_to(access)
            .filter(role__in=[Membership.Role.IMPLEMENTATION_TEAM, Membership.Role.FACULTY])
            .select_related(None)
            .select_related("user")
        ),
        centers=list(centers_visible_to(access).order_by("name").values_list("pk", "name")),
        **kwargs,
    )


def _block_items(
    access: Access, event: Event, blocks: list[AgendaBlock], flagged: set[int], csrf_token: str
) -> SafeString:
    """The builder's list of blocks, written here rather than by template tags per block
    (an agenda is some twenty blocks of a dozen values each): each block's local times and
    length, whether it overlaps another, and its forms to change, move and remove it, with
    their links from one reversed link per kind."""
    tz = zoneinfo.ZoneInfo(access.collaborative.timezone)
    kwargs = {"slug": access.collaborative.slug, "event": event.public_id, "block": ANY}
    links = [
        link_maker(f"collaboratives:session-block-{name}", **kwargs)
        for name in ("edit", "move", "delete")
    ]
    # The labels in the request's language, looked up once.
    length = _("%(n)s min")
    change, up, down, remove = _("Change or re-time"), _("Move up"), _("Move down"), _("Remove")
    overlaps_label = _("overlaps")
    overlaps = f' <span class="badge bad">{escape(overlaps_label)}</span>'
    question = escape(_("Remove this block?"))
    csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'
    swap = 'hx-target="#agenda-section" hx-swap="outerHTML"'
    items = []
    for n, block in enumerate(blocks):
        start, end = block.start.astimezone(tz), block.end.astimezone(tz)
        span = f"{start.hour}:{start.minute:02d}–{end.hour}:{end.minute:02d}"
        block_id = str(block.public_id)
        edit, move, delete = (link(block_id) for link in links)
        title = escape(block.title)
        named = f'<span class="sr-only"> {title}</span>'
        is_flagged = block.pk in flagged
        description = f"<p><em>{escape(block.description)}</em></p>" if block.description else ""
        moves = ""
        if n > 0:
            moves += (
                '<button type="submit" name="direction" value="up" class="secondary">'
                f"{escape(up)}{named}</button>"
            )
        if n < len(blocks) - 1:
            moves += (
                '<button type="submit" name="direction" value="down" class="secondary">'
                f"{escape(down)}{named}</button>"
            )
        items.append(
            f'<li id="block-{block_id}" class="card{" flagged" if is_flagged else ""}">'
            f"<p><strong>{span}</strong> "
            f'<span class="muted">({escape(length % {"n": block.minutes})})</span> {title} '
            f'<span class="badge">{escape(str(block.get_part_display()))}</span>'
            f"{overlaps if is_flagged else ''}</p>{description}"
            '<p class="actions">'
            f'<a href="{edit}" hx-get="{edit}" hx-target="#block-{block_id}" '
            f'hx-swap="outerHTML">{escape(change)}{named}</a> '
            f'<form method="post" action="{move}" hx-post="{move}" {swap} class="inline">'
            f"{csrf}{moves}</form> "
            f'<form method="post" action="{delete}" hx-post="{delete}" {swap} '
            f'hx-confirm="{question}" class="inline">{csrf}'
            f'<button type="submit" class="secondary">{escape(remove)}{named}</button></form>'
            "</p></li>"
        )
    # Every text in it is escaped; the links are reversed from ids.
    return mark_safe("".join(items))  # noqa: S308


# How long an unbound form's markup is kept. Its key holds everything the markup is made
# of, so no change of data can make a kept one wrong; this bounds only how long markup
# written by an older release of the form templates can outlive it.
FORM_HTML_SECONDS = 60 * 60


def _form_key(form: forms.Form) -> str:
    """A key for an unbound form's markup: its class, the language, and per field what is
    shown of it (label, widget and its attributes, choices, value)."""
    fields = []
    for name, field in form.fields.items():
        choices = [(str(value), str(label)) for value, label in getattr(field, "choices", ())]
        fields.append(
            (
                name,
                str(field.label),
                str(field.help_text),
                field.required,
                type(field.widget).__qualname__,
                repr(sorted(field.widget.attrs.items())),
                choices,
                repr(form[name].value()),
            )
        )
    made_of = (type(form).__module__, type(form).__qualname__, get_language(), form.prefix)
    text = repr((made_of, form.auto_id, fields))
    return "form-html:" + hashlib.sha256(text.encode()).hexdigest()


def _forms_html(named: dict[str, forms.Form]) -> dict[str, SafeString]:
    """Each form's fields as `as_div` writes them. Django's templates take longer to write a
    form than the rest of the builder's page: an unbound form's markup is kept under a key of
    all it is made from, read in one round trip; a bound one (what was sent, its errors) is
    written anew."""
    keys = {name: _form_key(form) for name, form in named.items() if not form.is_bound}
    kept = cache.get_many(list(keys.values())) if keys else {}
    html: dict[str, SafeString] = {}
    fresh: dict[str, str] = {}
    for name, form in named.items():
        key = keys.get(name)
        if key in kept:
            # Markup this function wrote from the form itself: every value in it is escaped.
            html[name] = mark_safe(kept[key])  # noqa: S308
            continue
        html[name] = form.as_div()
        if key:
            fresh[key] = str(html[name])
    if fresh:
        cache.set_many(fresh, FORM_HTML_SECONDS)
    return html


def _builder(
    request: HttpRequest, access: Access, event: Event, status: int = 200, **extra: Any
) -> HttpResponse:
    # The builder names no presenters in its list: their names are in each block's form.
    context = _agenda_context(access, event, with_presenters=False)
    context["block_items"] = _block_items(
        access, event, context["blocks"], context["check"].flagged, get_token(request)
    )
    plan = context["plan"]
    context |= {
        "block_form": extra.pop("block_form", None)
        or _block_form(access, initial={"start": event.start, "end": event.start}),
        "plan_form": extra.pop("plan_form", None)
        or PlanForm(
            initial={
                "objectives": plan.objectives if plan else "",
                "introduction": plan.introduction if plan else "",
            }
        ),
        "material_form": extra.pop("material_form", None) or MaterialForm(),
        "examples": [(k, v["label"]) for k, v in services.appendix_g().items()],
        # Offered only to start an empty agenda.
        "earlier": []
        if context["blocks"]
        else list(selectors.earlier_sessions(access, event)[:10]),
        **extra,
    }
    template = "collaboratives/sessions/builder.html"
    if request.htmx and not extra.get("full"):
        template += "#agenda-blocks"
    else:
        context["form_html"] = _forms_html(
            {
                "block": context["block_form"],
                "plan": context["plan_form"],
                "material": context["material_form"],
            }
        )
    return render(request, template, context, status=status)


@collaborative_view(permission="manage_agenda")
def agenda_builder(request: HttpRequest, access: Access, event: Any) -> HttpResponse:
    """The builder page; a POST adds a block (refused with errors in place)."""
    item = selectors.get_session(access, event)
    if request.method != "POST":
        return _builder(request, access, item, full=True)
    form = _block_form(access, request.POST)
    if form.is_valid():
        try:
            services.block_create(access=access, event=item, **form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The block is added."))
            return redirect(_builder_url(access, item))
    return _builder(request, access, item, status=400, block_form=form, full=True)


@collaborative_view(permission="manage_agenda")
def block_edit(request: HttpRequest, access: Access, event: Any, block: Any) -> HttpResponse:
    """Re-time or change one block; for HTMX the agenda list comes back in place."""
    item = selectors.get_session(access, event)
    found = selectors.get_block(access, item, block)
    if request.method != "POST":
        form = _block_form(access, initial=BlockForm.initial_from(found))
        return render(
            request,
            "collaboratives/sessions/builder.html#block-edit",
            {"event": item, "collaborative": access.collaborative, "block": found, "form": form},
        )
    form = _block_form(access, request.POST)
    if form.is_valid():
        try:
            services.block_update(access=access, block=found, **form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if request.htmx:
                return _builder(request, access, item)
            messages.success(request, _("The block is saved."))
            return redirect(_builder_url(access, item))
    # A refused change is shown in place, in the block's own form (409 is swapped by htmx).
    response = render(
        request,
        "collaboratives/sessions/builder.html#block-edit",
        {"event": item, "collaborative": access.collaborative, "block": found, "form": form},
        status=409 if request.htmx else 400,
    )
    if request.htmx:
        response["HX-Retarget"] = f"#block-{found.public_id}"
        response["HX-Reswap"] = "outerHTML"
    return response


@collaborative_view(permission="manage_agenda")
@require_POST
def block_move(request: HttpRequest, access: Access, event: Any, block: Any) -> HttpResponse:
    item = selectors.get_session(access, event)
    found = selectors.get_block(access, item, block)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, _("Move a block up or down."))
    else:
        services.block_move(access=access, block=found, direction=direction)
    if request.htmx:
        return _builder(request, access, item)
    return redirect(_builder_url(access, item))


@collaborative_view(permission="manage_agenda")
@require_POST
def block_delete(request: HttpRequest, access: Access, event: Any, block: Any) -> HttpResponse:
    item = selectors.get_session(access, event)
    services.block_delete(access=access, block=selectors.get_block(access, item, block))
    if request.htmx:
        return _builder(request, access, item)
    messages.success(request, _("The block is removed."))
    return redirect(_builder_url(access, item))


@collaborative_view(permission="manage_agenda")
@require_POST
def agenda_start(request: HttpRequest, access: Access, event: Any) -> HttpResponse:
    """Fill an empty agenda from an Appendix G example or an earlier session."""
    item = selectors.get_session(access, event)
    try:
        made, left_out = services.agenda_start_from(
            access=access, event=item, source=request.POST.get("source", "")
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _builder(request, access, item, status=400, full=True)
    messages.success(request, _("%(n)s blocks copied; adjust them to this session.") % {"n": made})
    if left_out:
        messages.warning(
            request,
            _("%(n)s blocks fell outside this event's times and were left out.") % {"n": left_out},
        )
    return redirect(_builder_url(access, item))


@collaborative_view(permission="manage_agenda")
@require_POST
def plan_edit(request: HttpRequest, access: Access, event: Any) -> HttpResponse:
    item = selectors.get_session(access, event)
    form = PlanForm(request.POST)
    if not form.is_valid():
        return _builder(request, access, item, status=400, plan_form=form, full=True)
    services.plan_update(access=access, event=item, **form.cleaned_data)
    messages.success(request, _("The objectives are saved."))
    return redirect(_builder_url(access, item))


@collaborative_view(permission="manage_agenda")
def material_add(request: HttpRequest, access: Access, event: Any) -> HttpResponse:
    """Upload a file, or add a link, to an event or one of its blocks."""
    item = selectors.get_event(access, event)
    if request.method != "POST":
        return render(
            request,
            "collaboratives/sessions/material_form.html",
            {"event": item, "collaborative": access.collaborative, "form": MaterialForm()},
        )
    block_id = request.POST.get("block") or ""
    block: AgendaBlock | None = selectors.get_block(access, item, block_id) if block_id else None
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            if form.cleaned_data.get("file"):
                services.material_upload(
                    access=access,
                    event=item,
                    block=block,
                    upload=form.cleaned_data["file"],
                    title=form.cleaned_data["title"],
                )
            else:
                services.material_link(
                    access=access,
                    event=item,
                    block=block,
                    url=form.cleaned_data["url"],
                    title=form.cleaned_data["title"],
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The material is added."))
            if request.POST.get("next_page") == "builder":
                return redirect(_builder_url(access, item))
            return redirect(item.get_absolute_url())
    if item.kind in services.SESSION_KINDS:
        return _builder(request, access, item, status=400, material_form=form, full=True)
    return render(
        request,
        "collaboratives/sessions/material_form.html",
        {"event": item, "collaborative": access.collaborative, "form": form},
        status=400,
    )


@collaborative_view(permission="view_schedule")
def material_download(request: HttpRequest, access: Access, material: Any) -> HttpResponse:
    found = selectors.get_material(access, material)
    if found.is_link:
        return redirect(found.url)
    return serve_upload(
        found.file.open("rb"),
        content_type=found.content_type,
        filename=found.original_name or f"material.{found.file_type}",
        as_attachment=found.file_type != "pdf",
    )


@collaborative_view(permission="manage_agenda")
@require_POST
def material_delete(request: HttpRequest, access: Access, material: Any) -> HttpResponse:
    found = selectors.get_material(access, material)
    event = found.event
    services.material_delete(access=access, material=found)
    messages.success(request, _("The material is removed."))
    if event.kind in services.SESSION_KINDS:
        return redirect(_builder_url(access, event))
    return redirect(event.get_absolute_url())
