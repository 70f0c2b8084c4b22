"""Materials as files and links (checked by content, served through the tenancy check), the
participation matrix and its CSV, and the individual team consultations."""

import csv
import io
import zipfile
import zoneinfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from collaboratives.schedule.models import Event, EventAttendance
from collaboratives.sessions.models import Material

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _pptx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", "<p:presentation/>")
    return out.getvalue()


def _material_url(demo, material):
    kwargs = {"slug": demo.slug, "material": material.public_id}
    return reverse("collaboratives:session-material", kwargs=kwargs)


def _ls(demo, number):
    return demo.events.get(kind=Event.Kind.LEARNING_SESSION, number=number)


def _add(client, demo, event, **data):
    url = reverse(
        "collaboratives:session-material-add",
        kwargs={"slug": demo.slug, "event": event.public_id},
    )
    return client.post(url, data)


def test_upload_slides_to_a_block_and_download_them(it_client, center_client, demo):
    ls2 = _ls(demo, 2)
    block = ls2.agenda_blocks.get(title="Accelerating Improvement in Affinity Groups")
    upload = SimpleUploadedFile("pdsa.pptx", _pptx(), content_type="application/pdf")
    response = _add(it_client, demo, ls2, file=upload, title="PDSA slides", block=block.public_id)
    assert response.status_code == 302
    material = Material.objects.get(title="PDSA slides")
    assert (material.block, material.file_type) == (block, "pptx")
    url = reverse(
        "collaboratives:session-material",
        kwargs={"slug": demo.slug, "material": material.public_id},
    )
    served = center_client.get(url)
    assert served.status_code == 200
    assert served["Content-Type"].startswith("application/vnd.openxmlformats")
    assert served["X-Content-Type-Options"] == "nosniff"
    run = it_client.get(
        reverse(
            "collaboratives:session-run-of-show",
            kwargs={"slug": demo.slug, "event": ls2.public_id},
        )
    )
    assert "PDSA slides" in run.content.decode()


def test_upload_to_a_call_and_a_link(it_client, demo):
    call = demo.events.filter(kind=Event.Kind.ALL_TEAM_CALL).first()
    pdf = SimpleUploadedFile("handout.pdf", PDF, content_type="text/html")
    assert _add(it_client, demo, call, file=pdf, title="Handout").status_code == 302
    assert (
        _add(
            it_client, demo, call, url="https://files.example.org/worksheet", title="Worksheet"
        ).status_code
        == 302
    )
    page = it_client.get(call.get_absolute_url()).content.decode()
    assert "Handout" in page and "Worksheet" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"file": SimpleUploadedFile("slides.pptx", b"<html><script>", "application/pdf")},
            "This file is not a PDF, an image, or a PowerPoint",
        ),
        (
            {"file": SimpleUploadedFile("fake.docx", b"PK\x03\x04broken", "application/zip")},
            "This file is not a PDF, an image, or a PowerPoint",
        ),
        ({}, "Choose a file or give a link (one of the two)."),
        ({"url": "https://example.org/x"}, "Give the link a title."),
        ({"url": "not a url", "title": "x"}, "Enter a valid URL."),
    ],
)
def test_bad_materials_are_refused_in_place(it_client, demo, data, message):
    call = demo.events.filter(kind=Event.Kind.ALL_TEAM_CALL).first()
    before = Material.objects.count()
    response = _add(it_client, demo, call, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Material.objects.count() == before


def test_too_large_a_file_is_refused(it_client, demo, monkeypatch):
    from collaboratives.sessions import uploads

    monkeypatch.setattr(uploads, "MAX_MATERIAL_BYTES", 10)
    response = _add(
        it_client, demo, _ls(demo, 2), file=SimpleUploadedFile("a.pdf", PDF), title="Big"
    )
    assert response.status_code == 400
    assert "The file is too large" in response.content.decode()


def test_centers_cannot_add_materials(center_client, demo):
    call = demo.events.filter(kind=Event.Kind.ALL_TEAM_CALL).first()
    response = _add(center_client, demo, call, url="https://example.org/x", title="x")
    assert response.status_code == 403
    assert not Material.objects.filter(title="x").exists()


def test_materials_of_an_event_one_is_not_invited_to_are_404(
    it_client, other_center_client, demo, first_center
):
    consultation = demo.events.filter(
        kind=Event.Kind.CENTER_CONSULTATION, audience_center=first_center
    ).first()
    _add(it_client, demo, consultation, url="https://example.org/notes", title="Private notes")
    material = Material.objects.get(title="Private notes")
    url = reverse(
        "collaboratives:session-material",
        kwargs={"slug": demo.slug, "material": material.public_id},
    )
    assert other_center_client.get(url).status_code == 404


def test_old_free_text_materials_stay_visible(it_client, demo):
    call = demo.events.filter(kind=Event.Kind.ALL_TEAM_CALL).first()
    call.materials = "Storyboard template (paper copy)"
    call.save(update_fields=["materials"])
    page = it_client.get(call.get_absolute_url()).content.decode()
    assert "Storyboard template (paper copy)" in page
    assert "listed earlier, no file" in page


def test_old_material_links_migrate_into_links(demo):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("collaboratives.migrations.0007_sessions_agenda_rsvp_materials")
    call = demo.events.filter(kind=Event.Kind.ALL_TEAM_CALL).first()
    call.materials = "https://files.example.org/agenda\nPaper handout"
    call.save(update_fields=["materials"])
    migration.materials_text_to_links(apps, None)
    migration.materials_text_to_links(apps, None)  # once only
    links = Material.objects.filter(event=call, url="https://files.example.org/agenda")
    assert links.count() == 1


# Participation


def _participation(client, demo, **params):
    return client.get(reverse("collaboratives:participation", kwargs={"slug": demo.slug}), params)


def test_participation_matrix_per_center_and_month_with_rates(it_client, demo):
    from bsc.models import User
    from bsc.tenancy import centers_visible_to, get_access
    from collaboratives.sessions.selectors import participation_by_center

    response = _participation(it_client, demo)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Sunrise" in body and "%" in body
    access = get_access(User.objects.get(email="it@demo.test"), demo.slug)
    sunrise = centers_visible_to(access).get(slug="sunrise")
    row = participation_by_center(access, [sunrise]).rows[0]
    # The months' cells add up to the center's own events, one by one.
    assert row.attended == sum(
        1
        for event in demo.events.exclude(
            kind__in=["it_meeting", "faculty_call", "expert_meeting"]
        ).filter(cancelled=False)
        if event.attendance.filter(center=sunrise, status="attended").exists()
    )
    shown = next(c for c in row.cells if c.expected)
    assert f"{shown.attended}/{shown.expected}" in body


def test_future_months_never_show_anyone_missing(it_client, demo):
    from django.utils import timezone

    from bsc.models import User
    from bsc.tenancy import centers_visible_to, get_access
    from collaboratives.sessions.selectors import participation_by_center

    access = get_access(User.objects.get(email="it@demo.test"), demo.slug)
    matrix = participation_by_center(access, list(centers_visible_to(access)))
    this_month = timezone.localdate().replace(day=1)
    future = [i for i, month in enumerate(matrix.months) if month > this_month]
    assert future
    for row in matrix.rows:
        assert all(row.cells[i].missed == 0 and row.cells[i].attended == 0 for i in future)
        assert any(row.cells[i].upcoming for i in future)


def test_the_matrix_pages_through_centers_and_searches_them(it_client, demo, monkeypatch):
    from collaboratives.sessions import attendance_views

    names = sorted(demo.centers.values_list("name", flat=True))
    monkeypatch.setattr(attendance_views, "CENTERS_PAGE_SIZE", 3)
    first = _participation(it_client, demo).content.decode()
    assert names[0] in first and names[3] not in first
    assert "Page 1 of 3" in first and "page=2" in first
    second = _participation(it_client, demo, page=2).content.decode()
    assert names[3] in second and names[0] not in second
    found = _participation(it_client, demo, q=names[4][:6].lower()).content.decode()
    assert names[4] in found and names[0] not in found
    assert "q=" in found or "Page" not in found
    nothing = _participation(it_client, demo, q="no such center").content.decode()
    assert "No center matches the search." in nothing


def test_participation_csv_per_person(it_client, demo, center_user):
    response = it_client.get(
        reverse("collaboratives:participation-csv", kwargs={"slug": demo.slug})
    )
    assert response.status_code == 200
    assert response.streaming
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Center", "Person", "Role"]
    mine = next(r for r in body if r[1] == center_user.full_name)
    attended = EventAttendance.objects.filter(
        user=center_user, event__collaborative=demo, status="attended"
    ).exclude(event__kind__in=["it_meeting", "faculty_call", "expert_meeting"])
    assert int(mine[3]) == attended.count()
    assert mine[7:].count("attended") == attended.filter(event__cancelled=False).count()
    assert len(body) == demo.memberships.filter(role="center_member").count()


def test_one_centers_people_per_event_of_a_month(it_client, demo, center_user):
    from django.utils import timezone

    response = _participation(it_client, demo, center="sunrise")
    body = response.content.decode()
    assert center_user.full_name in body
    tz = zoneinfo.ZoneInfo(demo.timezone)
    this_month = timezone.localdate(timezone=tz)
    assert f'value="{this_month:%Y-%m}" selected' in body
    attended = (
        EventAttendance.objects.filter(user=center_user, status="attended", event__cancelled=False)
        .exclude(event__kind__in=["it_meeting", "faculty_call", "expert_meeting"])
        .select_related("event")
        .order_by("event__start")
        .first()
    )
    month = attended.event.start.astimezone(tz).strftime("%Y-%m")
    other = _participation(it_client, demo, center="sunrise", month=month).content.decode()
    assert f'value="{month}" selected' in other
    assert attended.event.title in other and 'aria-label="attended"' in other
    # A month that is not one shows the current one rather than failing.
    assert _participation(it_client, demo, center="sunrise", month="13-99").status_code == 200
    missing = _participation(it_client, demo, center="nope")
    assert missing.status_code == 404


def test_only_the_it_sees_participation(center_client, faculty_client, demo):
    for client in (center_client, faculty_client):
        url = reverse("collaboratives:participation", kwargs={"slug": demo.slug})
        assert client.get(url).status_code == 403


# Consultations


def test_consultations_per_center_per_action_period(it_client, demo):
    response = it_client.get(reverse("collaboratives:consultations", kwargs={"slug": demo.slug}))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Action Period 1" in body
    assert "held" in body and "none yet" in body
    assert "Reviewed the team" in body  # the notes of a held consultation


def test_consultations_page_through_centers_and_search_them(it_client, demo, monkeypatch):
    from collaboratives.sessions import attendance_views

    url = reverse("collaboratives:consultations", kwargs={"slug": demo.slug})
    names = sorted(demo.centers.values_list("name", flat=True))
    monkeypatch.setattr(attendance_views, "CENTERS_PAGE_SIZE", 3)
    first = it_client.get(url).content.decode()
    assert names[0] in first and names[3] not in first and "Page 1 of 3" in first
    second = it_client.get(url, {"page": 2}).content.decode()
    assert names[3] in second and names[0] not in second
    found = it_client.get(url, {"q": names[5]}).content.decode()
    assert names[5] in found and names[0] not in found


def test_participation_csv_counts_match_each_persons_cells_in_any_batch(
    it_client, demo, monkeypatch
):
    from collaboratives.sessions import attendance_views

    # Rows are sent a few at a time: every member still gets exactly one row.
    monkeypatch.setattr(attendance_views, "CSV_BATCH_ROWS", 2)
    response = it_client.get(
        reverse("collaboratives:participation-csv", kwargs={"slug": demo.slug})
    )
    pieces = list(response.streaming_content)
    assert len(pieces) > 2
    rows = list(csv.reader(io.StringIO(b"".join(pieces).decode())))
    header, body = rows[0], rows[1:]
    assert len(body) == demo.memberships.filter(role="center_member").count()
    assert len({r[1] for r in body}) == len(body)
    for row in body:
        assert len(row) == len(header)
        cells = row[7:]
        attended, missed, excused = (int(row[n]) for n in (3, 4, 5))
        assert (attended, missed, excused) == (
            cells.count("attended"),
            cells.count("missed"),
            cells.count("excused"),
        )
        rate = round(100 * attended / (attended + missed)) if attended + missed else ""
        assert row[6] == str(rate)
    # Someone came to something, and someone is not invited to every event.
    assert any(int(r[3]) for r in body) and any("" in r[7:] for r in body)
