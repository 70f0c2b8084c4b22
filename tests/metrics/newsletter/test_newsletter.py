"""The newsletter: its draft is built from a month's activity, edited and reordered by the
IT, and sent exactly once (one Notification row per member), even after a crash."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bsc.models import Notification
from bsc.notifications import deliver_pending
from bsc.tenancy import get_access
from metrics.newsletter import services
from metrics.newsletter.build import build_draft, build_due_newsletters, first_working_day
from metrics.newsletter.models import Newsletter
from metrics.values.models import add_months
from pdsa.cycles.models import Cycle
from pdsa.library.models import Resource


@pytest.fixture
def month():
    return datetime.date(2031, 3, 1)


@pytest.fixture
def activity(demo, month):
    """In February 2031 (the month the March newsletter tells of): one cycle adopted, one
    resource added."""
    about = add_months(month, -1)
    noon = timezone.make_aware(datetime.datetime.combine(about.replace(day=12), datetime.time(12)))
    cycle = (
        Cycle.objects.filter(ramp__center__collaborative=demo)
        .select_related("ramp__center")
        .first()
    )
    Cycle.objects.filter(pk=cycle.pk).update(decision="adopt", act_saved_at=noon)
    resource = Resource.objects.create(
        collaborative=demo, title="Take Five poster", url="https://example.org/p"
    )
    Resource.objects.filter(pk=resource.pk).update(created_at=noon)
    return cycle


def test_draft_is_built_from_the_months_activity(demo, month, activity):
    newsletter, created = build_draft(demo, month)
    assert created and newsletter.status == Newsletter.Status.DRAFT
    bodies = {s["key"]: s["body"] for s in newsletter.sections}
    assert list(bodies) == [
        "highlights",
        "spotlight",
        "themes",
        "upcoming",
        "resources",
        "reminders",
    ]
    assert f"{activity.ramp.center.name} adopted “{activity.ramp.title}”" in bodies["highlights"]
    assert "Take Five poster" in bodies["resources"]
    assert "Monthly metrics for February 2031 are due on 10 March." in bodies["reminders"]
    assert newsletter.spotlight == activity.ramp.center
    assert activity.ramp.center.name in bodies["spotlight"]
    again, created = build_draft(demo, month)
    assert again.pk == newsletter.pk and not created


def test_scheduled_build_waits_for_the_first_working_day(demo):
    # 1 March 2031 is a Saturday: the first working day is Monday 3 March.
    assert first_working_day(demo, datetime.date(2031, 3, 1)) == datetime.date(2031, 3, 3)
    demo.end_date = datetime.date(2032, 1, 1)
    demo.save()
    saturday = timezone.make_aware(datetime.datetime(2031, 3, 1, 12))
    monday = timezone.make_aware(datetime.datetime(2031, 3, 3, 12))
    build_due_newsletters(saturday)
    assert not Newsletter.objects.filter(
        collaborative=demo, month=datetime.date(2031, 3, 1)
    ).exists()
    build_due_newsletters(monday)
    build_due_newsletters(monday + datetime.timedelta(hours=1))
    assert (
        Newsletter.objects.filter(collaborative=demo, month=datetime.date(2031, 3, 1)).count() == 1
    )


def test_it_edits_reorders_previews_and_sends_once(demo, month, activity, it_client, it_user):
    newsletter, _created = build_draft(demo, month)
    url = f"/c/bsc-sel/newsletters/{newsletter.public_id}/"
    data = {"title": "March news", "spotlight": "sunrise"}
    count = len(newsletter.sections)
    for index, section in enumerate(newsletter.sections):
        data[f"title_{index}"] = section["title"]
        data[f"body_{index}"] = section["body"]
        data[f"order_{index}"] = count - index  # reverse the order
    data["body_0"] = "Our **best** month yet"
    response = it_client.post(f"{url}edit/", data)
    assert response.status_code == 302
    newsletter.refresh_from_db()
    assert newsletter.sections[-1]["key"] == "highlights"
    assert newsletter.sections[0]["key"] == "reminders"
    preview = it_client.get(url).content.decode()
    assert "Our <strong>best</strong> month yet" in preview

    members = demo.memberships.values("user").distinct().count()
    mail.outbox.clear()
    assert it_client.post(f"{url}send/").status_code == 302
    assert it_client.post(f"{url}send/").status_code == 302
    rows = Notification.objects.filter(kind="newsletter", object_key=str(newsletter.public_id))
    assert rows.count() == members
    newsletter.refresh_from_db()
    assert newsletter.is_sent and newsletter.recipients == members
    deliver_pending()
    deliver_pending()
    to_emails = [m.to[0] for m in mail.outbox if m.subject == "March news"]
    emailed = rows.exclude(status=Notification.Status.SKIPPED).count()
    assert len(to_emails) == len(set(to_emails)) == emailed
    message = next(m for m in mail.outbox if m.subject == "March news")
    assert "Our **best** month yet" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "<strong>best</strong>" in html
    # Sent is sent: no more edits, and the archive shows what was sent.
    response = it_client.post(f"{url}edit/", data | {"body_0": "Changed after"})
    assert response.status_code == 302
    newsletter.refresh_from_db()
    assert "Changed after" not in newsletter.sent_html


def test_a_crash_while_sending_leaves_a_draft_to_send_again(
    demo, month, activity, it_user, monkeypatch
):
    newsletter, _created = build_draft(demo, month)
    access = get_access(it_user, demo.slug)
    calls = {"n": 0}
    real_notify = services.notify

    def failing_notify(**kwargs):
        calls["n"] += 1
        if calls["n"] == 5:
            raise RuntimeError("worker killed")
        return real_notify(**kwargs)

    monkeypatch.setattr(services, "notify", failing_notify)
    with pytest.raises(RuntimeError):
        services.newsletter_send(access=access, newsletter=newsletter)
    newsletter.refresh_from_db()
    assert not newsletter.is_sent
    assert not Notification.objects.filter(
        kind="newsletter", object_key=str(newsletter.public_id)
    ).exists()
    monkeypatch.setattr(services, "notify", real_notify)
    written = services.newsletter_send(access=access, newsletter=newsletter)
    members = demo.memberships.values("user").distinct().count()
    assert written == members
    assert services.newsletter_send(access=access, newsletter=newsletter) == 0
    assert (
        Notification.objects.filter(kind="newsletter", object_key=str(newsletter.public_id)).count()
        == members
    )


def test_archive_pdf_and_api_for_members(demo, center_client, outsider_client, it_client):
    sent = Newsletter.objects.get(collaborative=demo, status="sent")
    draft = Newsletter.objects.get(collaborative=demo, status="draft")
    archive = center_client.get("/c/bsc-sel/newsletters/").content.decode()
    assert sent.title in archive and draft.title not in archive
    assert center_client.get(f"/c/bsc-sel/newsletters/{sent.public_id}/").status_code == 200
    assert center_client.get(f"/c/bsc-sel/newsletters/{draft.public_id}/").status_code == 404
    assert center_client.get(f"/c/bsc-sel/newsletters/{draft.public_id}/edit/").status_code == 403
    assert center_client.post(f"/c/bsc-sel/newsletters/{sent.public_id}/send/").status_code == 403
    pdf = center_client.get(f"/c/bsc-sel/newsletters/{sent.public_id}/newsletter.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    body = center_client.get("/api/v1/collaboratives/bsc-sel/newsletters/").json()
    rows = body["results"] if isinstance(body, dict) else body
    assert [row["title"] for row in rows] == [sent.title]
    assert rows[0]["html"] == sent.sent_html
    assert outsider_client.get("/c/bsc-sel/newsletters/").status_code == 404
    it_rows = it_client.get("/api/v1/collaboratives/bsc-sel/newsletters/").json()
    it_rows = it_rows["results"] if isinstance(it_rows, dict) else it_rows
    assert {row["status"] for row in it_rows} == {"sent", "draft"}
    assert sent.title in center_client.get("/c/bsc-sel/").content.decode()


def test_edit_bad_input(demo, it_client):
    draft = Newsletter.objects.get(collaborative=demo, status="draft")
    url = f"/c/bsc-sel/newsletters/{draft.public_id}/edit/"
    data = {"title": "", "spotlight": "nowhere"}
    for index, section in enumerate(draft.sections):
        data[f"title_{index}"] = section["title"]
        data[f"body_{index}"] = section["body"]
        data[f"order_{index}"] = 1
    page = it_client.post(url, data).content.decode()
    assert "This field is required." in page
    assert "Give each section its own place in the order." in page
    assert "Select a valid choice" in page


def test_draft_build_queries_do_not_grow(demo, month):
    with CaptureQueriesContext(connection) as small:
        build_draft(demo, month)
    for n in range(10):
        demo.centers.create(slug=f"grow-{n}", name=f"Grow {n}")
    with CaptureQueriesContext(connection) as large:
        build_draft(demo, add_months(month, 1))
    assert len(large) == len(small)


def _edit_data(newsletter, **changes):
    data = {"title": "March news", "spotlight": "sunrise", "title_es": "Noticias de marzo"}
    for index, section in enumerate(newsletter.sections):
        data[f"title_{index}"] = section["title"]
        data[f"body_{index}"] = section["body"]
        data[f"order_{index}"] = index + 1
        data[f"title_{index}_es"] = ""
        data[f"body_{index}_es"] = ""
    return data | changes


def test_each_member_gets_the_newsletter_in_their_language(
    demo, month, activity, it_client, it_user, center_user, center_client
):
    newsletter, _created = build_draft(demo, month)
    url = f"/c/bsc-sel/newsletters/{newsletter.public_id}/"
    assert "Text in Español (Markdown)" in it_client.get(f"{url}edit/").content.decode()
    # Only the first section is translated; the second keeps its English for everyone.
    data = _edit_data(
        newsletter,
        body_0="Our **best** month yet",
        title_0_es="Lo más destacado",
        body_0_es="Nuestro **mejor** mes",
    )
    assert it_client.post(f"{url}edit/", data).status_code == 302
    newsletter.refresh_from_db()
    assert newsletter.sections[0]["translations"] == {
        "es": {"title": "Lo más destacado", "body": "Nuestro **mejor** mes"}
    }
    assert newsletter.sections[1]["translations"] == {}
    # The IT previews the Spanish version before sending.
    preview = it_client.get(f"{url}?language=es").content.decode()
    assert "Nuestro <strong>mejor</strong> mes" in preview and 'href="?language=en"' in preview
    assert "<strong>best</strong>" in it_client.get(f"{url}?language=xx").content.decode()
    center_user.language = "es"
    center_user.save()
    it_user.language = "en"
    it_user.save()
    second_title = newsletter.sections[1]["title"]

    mail.outbox.clear()
    assert it_client.post(f"{url}send/").status_code == 302
    deliver_pending()
    by_recipient = {m.to[0]: m for m in mail.outbox}
    spanish = by_recipient[center_user.email]
    assert spanish.subject == "Noticias de marzo"
    assert "Nuestro **mejor** mes" in spanish.body and "best" not in spanish.body
    assert second_title in spanish.body  # untranslated: the original
    html, _mimetype = spanish.alternatives[0]
    assert '<html lang="es">' in html and "<strong>mejor</strong>" in html
    english = by_recipient[it_user.email]
    assert english.subject == "March news"
    assert "Our **best** month yet" in english.body and "mejor" not in english.body
    assert "<strong>best</strong>" in english.alternatives[0][0]

    # History stays true per language, even after the reader switches language.
    newsletter.refresh_from_db()
    assert set(newsletter.sent_versions) == {"es"}
    assert "<strong>mejor</strong>" in newsletter.sent_versions["es"]["html"]
    assert "<strong>best</strong>" in newsletter.sent_html
    archive = center_client.get(url).content.decode()
    assert "<strong>mejor</strong>" in archive and "<strong>best</strong>" not in archive
    assert "<strong>best</strong>" in it_client.get(url).content.decode()
    center_user.language = "en"
    center_user.save()
    row = Notification.objects.get(
        kind="newsletter", object_key=str(newsletter.public_id), recipient=center_user
    )
    assert "<strong>mejor</strong>" in services._email_html(row)


def test_a_newsletter_without_translations_sends_the_original_to_everyone(
    demo, month, activity, it_user, center_user
):
    newsletter, _created = build_draft(demo, month)
    center_user.language = "es"
    center_user.save()
    mail.outbox.clear()
    services.newsletter_send(access=get_access(it_user, demo.slug), newsletter=newsletter)
    deliver_pending()
    newsletter.refresh_from_db()
    assert newsletter.sent_versions == {}
    spanish = next(m for m in mail.outbox if m.to[0] == center_user.email)
    assert spanish.subject == newsletter.title
    assert spanish.alternatives[0][0] == newsletter.sent_html


def test_a_translation_too_long_is_an_error_in_place(demo, month, it_client):
    newsletter, _created = build_draft(demo, month)
    url = f"/c/bsc-sel/newsletters/{newsletter.public_id}/edit/"
    page = it_client.post(url, _edit_data(newsletter, title_0_es="x" * 201)).content.decode()
    assert "Ensure this value has at most 200 characters" in page
    newsletter.refresh_from_db()
    assert newsletter.title_translations == {}
