"""Who sees which theme: a center never sees an IT-only (or faculty) theme, not on the page,
in the API, in the newsletter or in a search."""

import datetime

import pytest
from django.utils import timezone

from bsc.tenancy import get_access
from metrics.newsletter.build import draft_sections
from metrics.synthesis import services
from metrics.synthesis.models import Theme
from metrics.values.models import add_months

SECRET = "Director turnover at two centers"
FACULTY_ONLY = "Coaching notes stay short"
SHARED = "Families answer faster by text"


@pytest.fixture
def themes(demo, it_user):
    access = get_access(it_user, demo.slug)
    made = {}
    for title, visibility in (
        (SECRET, Theme.Visibility.IT),
        (FACULTY_ONLY, Theme.Visibility.FACULTY),
        (SHARED, Theme.Visibility.EVERYONE),
    ):
        made[visibility] = services.theme_create(
            access=access,
            title=title,
            lens=Theme.Lens.DYNAMICS,
            visibility=visibility,
            action_period=2,
            body="Seen on **three** calls",
        )
    return made


def test_page(themes, it_client, faculty_client, center_client, leader_client):
    it_page = it_client.get("/c/bsc-sel/themes/").content.decode()
    assert SECRET in it_page and FACULTY_ONLY in it_page and SHARED in it_page
    faculty_page = faculty_client.get("/c/bsc-sel/themes/").content.decode()
    assert SECRET not in faculty_page and FACULTY_ONLY in faculty_page and SHARED in faculty_page
    for client in (center_client, leader_client):
        page = client.get("/c/bsc-sel/themes/").content.decode()
        assert SECRET not in page and FACULTY_ONLY not in page and SHARED in page
    secret = themes[Theme.Visibility.IT].public_id
    assert center_client.get(f"/c/bsc-sel/themes/{secret}/").status_code == 404
    assert faculty_client.get(f"/c/bsc-sel/themes/{secret}/").status_code == 404
    assert it_client.get(f"/c/bsc-sel/themes/{secret}/").status_code == 200


def test_search(themes, center_client, it_client):
    assert SECRET not in center_client.get("/c/bsc-sel/themes/?q=turnover").content.decode()
    assert SECRET in it_client.get("/c/bsc-sel/themes/?q=turnover").content.decode()
    assert "No themes match." in center_client.get("/c/bsc-sel/themes/?q=turnover").content.decode()


def titles(client) -> set[str]:
    body = client.get("/api/v1/collaboratives/bsc-sel/themes/").json()
    rows = body["results"] if isinstance(body, dict) else body
    return {row["title"] for row in rows}


def test_api(themes, center_client, faculty_client, it_client):
    assert SECRET not in titles(center_client) and SHARED in titles(center_client)
    assert FACULTY_ONLY in titles(faculty_client) and SECRET not in titles(faculty_client)
    assert SECRET in titles(it_client)
    secret = themes[Theme.Visibility.IT].public_id
    assert center_client.get(f"/api/v1/collaboratives/bsc-sel/themes/{secret}/").status_code == 404
    response = center_client.post(
        "/api/v1/collaboratives/bsc-sel/themes/",
        {"title": "Mine", "lens": "cqi"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_newsletter(themes, demo):
    # The draft sent this month tells of last month's shared themes, and of no other.
    this_month = timezone.localdate().replace(day=1)
    last = add_months(this_month, -1)
    Theme.objects.filter(pk__in=[t.pk for t in themes.values()]).update(
        updated_at=timezone.make_aware(datetime.datetime.combine(last, datetime.time(12)))
    )
    sections, _spotlight = draft_sections(demo, this_month)
    text = "\n".join(s["body"] for s in sections)
    assert SHARED in text
    assert SECRET not in text and FACULTY_ONLY not in text


def test_api_write_by_the_it_and_bad_input(it_client):
    url = "/api/v1/collaboratives/bsc-sel/themes/"
    response = it_client.post(
        url, {"title": "", "lens": "sideways"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"title", "lens"}
    response = it_client.post(
        url, {"title": "Acted", "lens": "cqi", "status": "acted"}, content_type="application/json"
    )
    assert response.status_code == 400 and "acted_with" in response.json()
    response = it_client.post(
        url,
        {"title": "Found it", "lens": "cqi", "visibility": "everyone"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert Theme.objects.get(public_id=response.json()["id"]).created_by.email == "it@demo.test"
