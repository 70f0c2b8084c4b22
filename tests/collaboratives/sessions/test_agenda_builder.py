"""The agenda builder: blocks within the event, time per part, overlaps and gaps, reorder and
re-time in place, starting from Appendix G or an earlier session, participant page and PDF."""

import datetime
import re
import zoneinfo

import pytest
from django.urls import reverse

from collaboratives.schedule.models import Event
from collaboratives.sessions.agenda import check_agenda
from collaboratives.sessions.models import AgendaBlock, SessionPlan

pytestmark = pytest.mark.django_db


def _session(demo, number):
    return demo.events.get(kind=Event.Kind.LEARNING_SESSION, number=number)


def _url(name, demo, event, **extra):
    return reverse(
        f"collaboratives:{name}", kwargs={"slug": demo.slug, "event": event.public_id, **extra}
    )


def _local(demo, event, hour, minute=0):
    tz = zoneinfo.ZoneInfo(demo.timezone)
    day = event.start.astimezone(tz).date()
    return datetime.datetime.combine(day, datetime.time(hour, minute)).strftime("%Y-%m-%dT%H:%M")


def _block_data(demo, event, start, end, **extra):
    return {
        "start": _local(demo, event, *start),
        "end": _local(demo, event, *end),
        "title": "Storyboard walk",
        "part": "sharing",
        **extra,
    }


def test_demo_agendas_have_four_parts_from_appendix_g(demo):
    ls1 = _session(demo, 1)
    blocks = list(ls1.agenda_blocks.all())
    titles = [b.title for b in blocks]
    assert "Team Meeting: What Can We Test by Next Tuesday? (Planning for Action!)" in titles
    check = check_agenda(blocks)
    minutes = {p.part: p.minutes for p in check.parts}
    assert all(minutes[p] > 0 for p in ("topic", "cqi", "sharing", "team_time"))
    assert check.overlaps == []
    plan = SessionPlan.objects.get(event=ls1)
    assert plan.objective_items[0].startswith("Deepen your knowledge")


def test_participant_agenda_shows_appendix_g_layout(center_client, demo):
    ls1 = _session(demo, 1)
    response = center_client.get(_url("session-agenda", demo, ls1))
    body = response.content.decode()
    assert response.status_code == 200
    assert "8:00–9:00" in body
    assert "<em>Teach and model PDSAs and tests of change" in body
    assert "Objectives for the day" in body


def test_agenda_pdf_is_a_pdf(center_client, demo):
    response = center_client.get(_url("session-agenda-pdf", demo, _session(demo, 2)))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_run_of_show_lists_presenters_for_faculty_not_centers(faculty_client, center_client, demo):
    ls1 = _session(demo, 1)
    presenter = ls1.agenda_blocks.filter(presenters__isnull=False).first().presenters.first()
    response = faculty_client.get(_url("session-run-of-show", demo, ls1))
    assert response.status_code == 200
    assert presenter.full_name in response.content.decode()
    assert center_client.get(_url("session-run-of-show", demo, ls1)).status_code == 403


def test_builder_adds_a_block_and_flags_the_overlap(it_client, demo):
    ls2 = _session(demo, 2)
    before = ls2.agenda_blocks.count()
    response = it_client.post(
        _url("session-agenda-builder", demo, ls2), _block_data(demo, ls2, (9, 0), (9, 30))
    )
    assert response.status_code == 302
    assert ls2.agenda_blocks.count() == before + 1
    page = it_client.get(_url("session-agenda-builder", demo, ls2)).content.decode()
    assert "Overlapping blocks" in page
    assert "Storyboard walk (9:00–9:30)" in page


def test_block_outside_the_event_is_refused_in_place(it_client, demo):
    ls2 = _session(demo, 2)
    before = ls2.agenda_blocks.count()
    response = it_client.post(
        _url("session-agenda-builder", demo, ls2), _block_data(demo, ls2, (6, 0), (7, 0))
    )
    assert response.status_code == 400
    assert "The block must lie within the event" in response.content.decode()
    assert ls2.agenda_blocks.count() == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": ""}, "This field is required."),
        ({"part": "picnic"}, "Select a valid choice."),
        ({"end": "not a time"}, "Enter a valid date/time."),
    ],
)
def test_bad_block_input_gets_field_errors(it_client, demo, change, message):
    ls2 = _session(demo, 2)
    data = _block_data(demo, ls2, (10, 0), (10, 30)) | change
    response = it_client.post(_url("session-agenda-builder", demo, ls2), data)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_end_before_start_is_refused(it_client, demo):
    ls2 = _session(demo, 2)
    data = _block_data(demo, ls2, (10, 30), (10, 0))
    response = it_client.post(_url("session-agenda-builder", demo, ls2), data)
    assert response.status_code == 400
    assert "The end must be after the start." in response.content.decode()


def test_retime_in_place_with_htmx_returns_the_agenda(it_client, demo):
    ls2 = _session(demo, 2)
    block = ls2.agenda_blocks.get(title="Team Meeting: Taking Stock")
    url = _url("session-block-edit", demo, ls2, block=block.public_id)
    data = _block_data(demo, ls2, (10, 0), (10, 20), title=block.title, part="team_time")
    response = it_client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="agenda-section"' in body and "<html" not in body
    block.refresh_from_db()
    assert block.minutes == 20
    assert "10:20–10:30" in body  # the gap left behind is flagged


def test_retime_outside_the_event_keeps_the_form_in_place(it_client, demo):
    ls2 = _session(demo, 2)
    block = ls2.agenda_blocks.get(title="Team Meeting: Taking Stock")
    url = _url("session-block-edit", demo, ls2, block=block.public_id)
    data = _block_data(demo, ls2, (6, 0), (7, 0), title=block.title, part="team_time")
    response = it_client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 409
    assert response["HX-Retarget"] == f"#block-{block.public_id}"
    assert "The block must lie within the event" in response.content.decode()
    block.refresh_from_db()
    assert block.minutes == 30


def test_move_up_swaps_with_the_neighbour_keeping_lengths(it_client, demo):
    ls2 = _session(demo, 2)
    blocks = list(ls2.agenda_blocks.all())
    first, second = blocks[1], blocks[2]  # 9:00–9:15 welcome, 9:15–10:00 highlights
    url = _url("session-block-move", demo, ls2, block=second.public_id)
    response = it_client.post(url, {"direction": "up"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.start < first.start
    assert (second.minutes, first.minutes) == (45, 15)
    assert first.end == blocks[3].start


def test_start_from_appendix_g_and_from_an_earlier_session(it_client, demo):
    ls3 = _session(demo, 3)
    url = _url("session-agenda-start", demo, ls3)
    assert it_client.post(url, {"source": "ls3"}).status_code == 302
    assert ls3.agenda_blocks.filter(title__startswith="A Deeper Dive").exists()
    # A second copy onto a filled agenda is refused with a message.
    response = it_client.post(url, {"source": "ls3"})
    assert response.status_code == 400
    assert "already has blocks" in response.content.decode()
    ls4 = _session(demo, 4)
    ls2 = _session(demo, 2)
    response = it_client.post(
        _url("session-agenda-start", demo, ls4), {"source": str(ls2.public_id)}, follow=True
    )
    # LS4 starts at 9:00: the 8:00 registration of LS2 falls outside and is left out, said so.
    assert ls4.agenda_blocks.count() == ls2.agenda_blocks.count() - 1
    assert "1 blocks fell outside this event" in response.content.decode()


def test_start_from_an_unknown_source_is_refused(it_client, demo):
    ls3 = _session(demo, 3)
    response = it_client.post(_url("session-agenda-start", demo, ls3), {"source": "nope"})
    assert response.status_code == 400
    assert "Choose an example or an earlier session." in response.content.decode()
    assert not ls3.agenda_blocks.exists()


def test_objectives_are_saved_as_a_list(it_client, demo):
    ls3 = _session(demo, 3)
    response = it_client.post(
        _url("session-plan-edit", demo, ls3), {"objectives": "Learn\n\nShare\n", "introduction": ""}
    )
    assert response.status_code == 302
    assert SessionPlan.objects.get(event=ls3).objective_items == ["Learn", "Share"]


def test_a_part_with_no_time_is_warned(it_client, demo):
    ls3 = _session(demo, 3)
    it_client.post(
        _url("session-agenda-builder", demo, ls3),
        _block_data(demo, ls3, (9, 0), (10, 0), part="topic"),
    )
    page = it_client.get(_url("session-agenda-builder", demo, ls3)).content.decode()
    assert "Cross-center sharing has no time." in page
    assert "Center team time has no time." in page


def test_centers_cannot_build_and_calls_have_no_agenda_builder(center_client, it_client, demo):
    ls2 = _session(demo, 2)
    assert center_client.get(_url("session-agenda-builder", demo, ls2)).status_code == 403
    call = demo.events.filter(kind=Event.Kind.ALL_TEAM_CALL).first()
    assert it_client.get(_url("session-agenda-builder", demo, call)).status_code == 404


def test_blocks_of_another_event_are_not_found(it_client, demo):
    ls1, ls2 = _session(demo, 1), _session(demo, 2)
    other = ls1.agenda_blocks.first()
    url = _url("session-block-edit", demo, ls2, block=other.public_id)
    assert it_client.get(url).status_code == 404
    assert AgendaBlock.objects.filter(pk=other.pk).exists()


def test_edit_form_comes_in_place_and_delete_returns_the_agenda(it_client, demo):
    ls2 = _session(demo, 2)
    block = ls2.agenda_blocks.get(title="Team Meeting: Taking Stock")
    form = it_client.get(
        _url("session-block-edit", demo, ls2, block=block.public_id), HTTP_HX_REQUEST="true"
    )
    body = form.content.decode()
    assert form.status_code == 200
    assert f'id="block-{block.public_id}"' in body and 'value="Team Meeting: Taking Stock"' in body
    response = it_client.post(
        _url("session-block-delete", demo, ls2, block=block.public_id), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Team Meeting: Taking Stock" not in response.content.decode()
    assert not AgendaBlock.objects.filter(pk=block.pk).exists()


def test_a_presenting_center_is_chosen_kept_and_offered_again(it_client, demo):
    ls2 = _session(demo, 2)
    sunrise = demo.centers.get(slug="sunrise")
    response = it_client.post(
        _url("session-agenda-builder", demo, ls2),
        _block_data(
            demo, ls2, (15, 0), (15, 20), title="Sunrise shares", presenting_center=sunrise.pk
        ),
    )
    assert response.status_code == 302
    block = ls2.agenda_blocks.get(title="Sunrise shares")
    assert block.presenting_center == sunrise
    page = it_client.get(_url("session-agenda-builder", demo, ls2)).content.decode()
    # Every center is offered under its label, none chosen for a new block.
    assert re.search(r'<select[^>]* name="presenting_center"', page)
    assert f'<option value="{sunrise.pk}">Sunrise' in page
    form = it_client.get(
        _url("session-block-edit", demo, ls2, block=block.public_id), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert f'<option value="{sunrise.pk}" selected>' in form
    assert (
        it_client.post(
            _url("session-agenda-builder", demo, ls2),
            _block_data(demo, ls2, (15, 0), (15, 20), presenting_center="999999"),
        ).status_code
        == 400
    )


def test_presenters_are_offered_in_labelled_boxes_and_kept(it_client, demo):
    ls2 = _session(demo, 2)
    lead = demo.memberships.filter(role="faculty").select_related("user").first()
    page = it_client.get(_url("session-agenda-builder", demo, ls2)).content.decode()
    # Each box sits in its label, which names the person and their role, in the group's legend.
    assert "<legend>Presenters (faculty or IT):</legend>" in page
    assert re.search(
        r'<label for="id_presenters_(\d+)"><input id="id_presenters_\1" name="presenters" '
        rf'type="checkbox" value="{lead.user_id}"> {re.escape(str(lead.user))} \(Faculty\)</label>',
        page,
    )
    response = it_client.post(
        _url("session-agenda-builder", demo, ls2),
        _block_data(demo, ls2, (15, 0), (15, 20), title="Faculty talk", presenters=[lead.user_id]),
    )
    assert response.status_code == 302
    block = ls2.agenda_blocks.get(title="Faculty talk")
    assert list(block.presenters.all()) == [lead.user]
    form = it_client.get(
        _url("session-block-edit", demo, ls2, block=block.public_id), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert re.search(rf'type="checkbox" value="{lead.user_id}" checked>', form)


def test_an_overlapping_block_is_listed_flagged_with_its_times_and_links(it_client, demo):
    ls2 = _session(demo, 2)
    builder = _url("session-agenda-builder", demo, ls2)
    data = _block_data(demo, ls2, (9, 0), (9, 30), title="Extra talk")
    assert it_client.post(builder, data).status_code == 302
    block = ls2.agenda_blocks.get(title="Extra talk")
    body = it_client.get(builder).content.decode()
    start = body.index(f'<li id="block-{block.public_id}"')
    item = body[start : body.index("</li>", start)]
    assert 'class="card flagged"' in item and '<span class="badge bad">overlaps</span>' in item
    assert "<strong>9:00–9:30</strong>" in item and "(30 min)" in item
    for name in ("edit", "move", "delete"):
        link = _url(f"session-block-{name}", demo, ls2, block=block.public_id)
        assert f'"{link}"' in item


def test_an_empty_agenda_offers_the_earlier_sessions_to_start_from(it_client, demo):
    ls3 = _session(demo, 3)
    ls3.agenda_blocks.all().delete()
    body = it_client.get(_url("session-agenda-builder", demo, ls3)).content.decode()
    assert "Earlier sessions" in body
    assert f'<option value="{_session(demo, 1).public_id}">' in body
    full = it_client.get(_url("session-agenda-builder", demo, _session(demo, 1))).content
    assert "Earlier sessions" not in full.decode()


def test_the_builders_forms_show_changed_centers_people_objectives_and_language(
    it_client, it_user, demo
):
    from django.core.cache import cache

    cache.clear()
    ls2 = _session(demo, 2)
    builder = _url("session-agenda-builder", demo, ls2)
    first = it_client.get(builder).content.decode()
    assert it_client.get(builder).content.decode().count("Sunrise") == first.count("Sunrise")
    sunrise = demo.centers.get(slug="sunrise")
    sunrise.name = "Sunrise Renamed"
    sunrise.save()
    lead = demo.memberships.filter(role="faculty").select_related("user").first()
    lead.user.full_name = "Renamed Presenter"
    lead.user.save()
    plan, _ = SessionPlan.objects.get_or_create(event=ls2)
    plan.objectives = "A changed objective"
    plan.save()
    body = it_client.get(builder).content.decode()
    assert f'<option value="{sunrise.pk}">Sunrise Renamed</option>' in body
    assert "Renamed Presenter (Faculty)" in body
    assert "A changed objective" in body
    it_user.language = "es"
    it_user.save()
    spanish = it_client.get(builder).content.decode()
    assert 'lang="es"' in spanish
    assert '<label for="id_title">Title:</label>' not in spanish


def test_a_blocks_title_and_description_are_escaped_in_the_list(it_client, demo):
    ls2 = _session(demo, 2)
    builder = _url("session-agenda-builder", demo, ls2)
    title, description = 'Talk <b>"one"</b> & more', "<script>alert(1)</script>"
    data = _block_data(demo, ls2, (16, 0), (16, 10), title=title, description=description)
    assert it_client.post(builder, data).status_code == 302
    body = it_client.get(builder).content.decode()
    assert "Talk &lt;b&gt;&quot;one&quot;&lt;/b&gt; &amp; more" in body
    assert "<p><em>&lt;script&gt;alert(1)&lt;/script&gt;</em></p>" in body
    assert "<script>alert(1)" not in body
