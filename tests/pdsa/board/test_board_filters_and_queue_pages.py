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
