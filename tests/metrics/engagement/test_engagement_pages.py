"""The continuum pages: IT and faculty only; the IT confirms or overrides, and the override
is kept with its note and what it was made with."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bsc.models import AuditEvent, User
from bsc.tenancy import get_access
from centers.teams.models import Center
from metrics.engagement.models import EngagementPosition

TABLE = "/c/bsc-sel/engagement/"


def test_it_and_faculty_see_the_table_centers_never(
    it_client, faculty_client, center_client, leader_client, outsider_client
):
    for client in (it_client, faculty_client):
        response = client.get(TABLE)
        assert response.status_code == 200
        assert "Continuum of engagement" in response.content.decode()
        assert "Sunrise Child Development Center" in response.content.decode()
    assert center_client.get(TABLE).status_code == 403
    assert leader_client.get(TABLE).status_code == 403
    assert center_client.get("/c/bsc-sel/engagement/centers/sunrise/").status_code == 403
    assert outsider_client.get(TABLE).status_code == 404


def test_center_menu_and_home_never_mention_engagement(center_client, it_client):
    home = center_client.get("/c/bsc-sel/").content.decode()
    assert "/engagement/" not in home
    assert "/engagement/" in it_client.get("/c/bsc-sel/").content.decode()


def test_demo_shows_a_center_moving_between_action_periods(it_client):
    page = it_client.get("/c/bsc-sel/engagement/centers/willow-creek/").content.decode()
    assert "Action Period 1" in page and "Action Period 2" in page
    assert "placed as Early majority" in page
    assert "placed as Late majority" in page


def test_override_needs_a_note_and_is_kept(it_client, first_center):
    url = f"/c/bsc-sel/engagement/centers/{first_center.slug}/position/"
    row = EngagementPosition.objects.get(center=first_center, period=2)
    other = "early_adopter" if row.suggested != "early_adopter" else "late_adopter"
    response = it_client.post(url, {"period": 2, "position": other, "note": ""})
    assert response.status_code == 200
    assert "Say why you place the center elsewhere." in response.content.decode()
    row.refresh_from_db()
    assert row.position == row.suggested  # unchanged

    response = it_client.post(url, {"period": 2, "position": other, "note": "Visited: strong team"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.position == other and row.note == "Visited: strong team" and row.overridden
    assert row.explanation  # the suggestion it overrode, in words
    assert AuditEvent.objects.filter(
        action="engagement.position_set", object_id=str(row.pk)
    ).exists()
    page = it_client.get(f"{TABLE}?period=2").content.decode()
    assert "set by the IT" in page
    assert 'title="Visited: strong team"' in page


def test_bad_input_is_a_clear_error(it_client, first_center, faculty_client):
    url = f"/c/bsc-sel/engagement/centers/{first_center.slug}/position/"
    response = it_client.post(url, {"period": 9, "position": "early_adopter"})
    assert "This Action Period has not begun." in response.content.decode()
    response = it_client.post(url, {"period": 2, "position": "champion"})
    assert "Select a valid choice" in response.content.decode()
    assert faculty_client.post(url, {"period": 2, "position": "early_adopter"}).status_code == 403
    assert it_client.get(f"{TABLE}?period=banana").status_code == 404
    assert it_client.get("/c/bsc-sel/engagement/centers/nowhere/").status_code == 404


@pytest.mark.django_db
def test_table_queries_do_not_grow_with_centers(it_client, demo):
    with CaptureQueriesContext(connection) as small:
        assert it_client.get(TABLE).status_code == 200
    for n in range(12):
        Center.objects.create(collaborative=demo, slug=f"more-{n}", name=f"More {n}")
    with CaptureQueriesContext(connection) as large:
        assert it_client.get(TABLE).status_code == 200
    assert len(large) == len(small)


def test_dropped_panel_loads_after_the_home(it_client, center_client, faculty_client):
    home = it_client.get("/c/bsc-sel/").content.decode()
    assert 'hx-get="/c/bsc-sel/engagement/dropped/"' in home
    panel = it_client.get("/c/bsc-sel/engagement/dropped/", HTTP_HX_REQUEST="true")
    assert panel.status_code == 200
    body = panel.content.decode()
    assert "Engagement dropped last month" in body and "<html" not in body
    assert "<html" in it_client.get("/c/bsc-sel/engagement/dropped/").content.decode()
    assert center_client.get("/c/bsc-sel/engagement/dropped/").status_code == 403
    assert faculty_client.get("/c/bsc-sel/engagement/dropped/").status_code == 403


RANK = {"Late adopter": 0, "Late majority": 1, "Early majority": 2, "Early adopter": 3}


def _rows(page):
    """(center slug, suggested label) of each table row, in order."""
    return re.findall(r'<tr id="center-([\w-]+)">.*?<td>(?:<strong>([^<]+)</strong>|—)', page, re.S)


def test_centers_needing_attention_come_first_a_page_at_a_time(monkeypatch, it_client, demo):
    from metrics.engagement import views

    monkeypatch.setattr(views, "ENGAGEMENT_PAGE_SIZE", 3)
    first = it_client.get(f"{TABLE}?period=2").content.decode()
    rows = _rows(first)
    assert len(rows) == 3
    total = demo.centers.count()
    assert f"Page 1 of {-(-total // 3)} ({total} centers)" in first
    link = re.search(r'<a href="\?([^"]*)">Next</a>', first).group(1).replace("&amp;", "&")
    assert "period=2" in link and "page=2" in link
    rows += _rows(it_client.get(f"{TABLE}?{link}").content.decode())
    rows += _rows(it_client.get(f"{TABLE}?period=2&page=3").content.decode())
    assert sorted(slug for slug, _label in rows) == sorted(
        demo.centers.values_list("slug", flat=True)
    )
    dropped = re.findall(
        r'<a href="/c/bsc-sel/engagement/centers/([\w-]+)/">[^<]+</a>:', first.split("<table")[0]
    )
    slugs = [slug for slug, _label in rows]
    assert slugs[: len(dropped)] == sorted(dropped, key=slugs.index)
    assert set(slugs[: len(dropped)]) == set(dropped)
    ranks = [RANK[label] for slug, label in rows[len(dropped) :] if label]
    assert ranks == sorted(ranks)


def test_filter_by_suggested_position(it_client):
    page = it_client.get(f"{TABLE}?period=2").content.decode()
    labels = {label for _slug, label in _rows(page) if label}
    for value, label in [("late_adopter", "Late adopter"), ("early_majority", "Early majority")]:
        filtered = it_client.get(f"{TABLE}?period=2&suggested={value}").content.decode()
        shown = {row_label for _slug, row_label in _rows(filtered)}
        assert shown == ({label} if label in labels else set())
        assert f'<option value="{value}" selected>' in filtered
    everything = it_client.get(f"{TABLE}?period=2&suggested=champion").content.decode()
    assert len(_rows(everything)) == len(_rows(page))


def test_a_new_cycle_shows_on_the_next_view(it_client, first_center):
    from metrics.engagement.selectors import action_periods
    from pdsa.cycles.models import Cycle, Ramp

    def explanation():
        page = it_client.get(f"{TABLE}?period=2").content.decode()
        row = re.search(rf'<tr id="center-{first_center.slug}">(.*?)</tr>', page, re.S).group(1)
        return re.search(r'<span class="small">(\d+) cycles? in', row).group(1)

    before = int(explanation())
    assert int(explanation()) == before  # the repeat view, from the cache
    access = get_access(User.objects.get(email="it@demo.test"), "bsc-sel")
    month = next(p for p in action_periods(access) if p.number == 2).months[0]
    ramp = Ramp.objects.create(center=first_center, title="Greeting songs")
    Cycle.objects.create(ramp=ramp, number=1, objective="Try it", start_date=month)
    assert int(explanation()) == before + 1


def test_a_repeat_view_does_not_count_the_signals_again(it_client):
    with CaptureQueriesContext(connection) as first:
        it_client.get(TABLE)
    with CaptureQueriesContext(connection) as repeat:
        it_client.get(TABLE)
    assert len(repeat) < len(first)
    assert not any('"pdsa_post"."created_at"' in q["sql"] for q in repeat.captured_queries)


def test_confirming_returns_to_the_centers_page_of_the_table(monkeypatch, it_client, demo):
    from metrics.engagement import views

    monkeypatch.setattr(views, "ENGAGEMENT_PAGE_SIZE", 2)
    page = it_client.get(f"{TABLE}?period=2&page=2").content.decode()
    slug = _rows(page)[0][0]
    response = it_client.post(
        f"/c/bsc-sel/engagement/centers/{slug}/position/",
        {"period": 2, "position": "late_majority", "note": "Seen at the session"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"?period=2&page=2#center-{slug}")


def test_a_cached_row_shows_a_new_position_and_name_and_its_form_posts(first_center):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(email="it@demo.test"))

    def row() -> str:
        page = client.get(f"{TABLE}?period=2").content.decode()
        return re.search(rf'<tr id="center-{first_center.slug}">(.*?)</tr>', page, re.S).group(1)

    def without_token(html: str) -> str:
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    before = row()
    # The repeat view, its row from the cache: the same but for this request's CSRF token.
    assert without_token(row()) == without_token(before)
    first_center.name = "Renamed for the table"
    first_center.save()
    assert "Renamed for the table" in row()

    position = EngagementPosition.objects.get(center=first_center, period=2)
    other = "early_adopter" if position.suggested != "early_adopter" else "late_adopter"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', row()).group(1)
    response = client.post(
        f"/c/bsc-sel/engagement/centers/{first_center.slug}/position/",
        {"period": 2, "position": other, "note": "Seen at the visit", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    after = row()
    assert 'title="Seen at the visit"' in after
    assert f'<option value="{other}" selected>' in after
