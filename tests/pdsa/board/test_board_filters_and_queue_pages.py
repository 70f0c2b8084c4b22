"""The board's filter lists keep the chosen option; the feedback queue pages by 25."""

import pytest

from pdsa.feedback import views as feedback_views

pytestmark = pytest.mark.django_db


def test_board_filter_keeps_the_chosen_center_and_escapes_names(center_client, demo):
    center = demo.centers.order_by("name").last()
    center.name = "Oak & <Elm>"
    center.save()
    body = center_client.get(f"/c/{demo.slug}/board/?center={center.slug}").content.decode()
    assert f'<option value="{center.slug}" selected>Oak &amp; &lt;Elm&gt;</option>' in body
    assert body.count(" selected>") == 1


def test_feedback_queue_pages(it_client, demo, monkeypatch):
    monkeypatch.setattr(feedback_views, "QUEUE_PAGE_SIZE", 1)
    first = it_client.get(f"/c/{demo.slug}/feedback/").content.decode()
    assert "Page 1 of " in first and "?page=2" in first
    second = it_client.get(f"/c/{demo.slug}/feedback/?page=2").content.decode()
    assert "Page 2 of " in second and "?page=1" in second


def test_feedback_queue_reads_its_setting_once_and_shows_a_change(it_client, demo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pdsa.board.models import BoardSettings

    BoardSettings.objects.update_or_create(collaborative=demo, defaults={"feedback_after_days": 3})
    with CaptureQueriesContext(connection) as queries:
        body = it_client.get(f"/c/{demo.slug}/feedback/").content.decode()
    assert "more than 3 days ago" in body
    assert 'name="feedback_after_days" value="3"' in body
    settings_reads = [q for q in queries.captured_queries if "pdsa_boardsettings" in q["sql"]]
    assert len(settings_reads) == 1
