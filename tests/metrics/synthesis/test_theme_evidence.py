"""“Add to a theme” from a cycle, post, event and chart; the themes page and the month's raw
material; the IT writes, faculty and centers do not."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bsc.models import AuditEvent
from bsc.tenancy import get_access
from metrics.synthesis import services
from metrics.synthesis.models import Theme, ThemeEvidence
from pdsa.board.models import Post
from pdsa.cycles.models import Cycle

CITE = "/c/bsc-sel/themes/cite/"


@pytest.fixture
def cycle(demo):
    return Cycle.objects.filter(ramp__center__collaborative=demo).order_by("pk").first()


def test_cycle_page_offers_add_to_a_theme_to_the_it_only(it_client, center_client, cycle):
    url = f"/c/bsc-sel/pdsa/cycles/{cycle.public_id}/"
    link = f"{CITE}?kind=cycle&amp;ref={cycle.public_id}"
    assert link in it_client.get(url).content.decode()
    assert link not in center_client.get(url).content.decode()


def test_it_cites_a_cycle_in_a_new_theme_then_an_existing_one(it_client, cycle, demo):
    response = it_client.get(f"{CITE}?kind=cycle&ref={cycle.public_id}")
    assert response.status_code == 200
    assert cycle.ramp.title in response.content.decode()
    response = it_client.post(
        CITE,
        {
            "kind": "cycle",
            "ref": str(cycle.public_id),
            "new_title": "Logs stick",
            "new_lens": "content",
        },
    )
    assert response.status_code == 302
    theme = Theme.objects.get(collaborative=demo, title="Logs stick")
    evidence = theme.evidence.get()
    assert evidence.kind == "cycle" and cycle.ramp.title in evidence.label
    assert evidence.url == f"/c/bsc-sel/pdsa/cycles/{cycle.public_id}/"
    assert list(theme.centers.all()) == [cycle.ramp.center]
    # Citing it again keeps one link.
    it_client.post(
        CITE, {"kind": "cycle", "ref": str(cycle.public_id), "theme": str(theme.public_id)}
    )
    assert theme.evidence.count() == 1
    post = Post.objects.filter(collaborative=demo).first()
    it_client.post(
        CITE, {"kind": "post", "ref": str(post.public_id), "theme": str(theme.public_id)}
    )
    assert theme.evidence.count() == 2
    page = it_client.get(f"/c/bsc-sel/themes/{theme.public_id}/").content.decode()
    assert post.title in page
    assert (
        AuditEvent.objects.filter(
            action="theme.evidence_add", object_id=str(theme.public_id)
        ).count()
        == 2
    )


def test_chart_signal_and_event_can_be_cited(it_client, it_user, demo, first_center):
    access = get_access(it_user, "bsc-sel")
    theme = services.theme_create(access=access, title="Signals", lens=Theme.Lens.METRICS)
    metric = demo.metrics.first()
    ref = f"{first_center.slug}/{metric.slug}/2026-01"
    response = it_client.post(
        CITE, {"kind": "chart_signal", "ref": ref, "theme": str(theme.public_id)}
    )
    assert response.status_code == 302
    event = demo.events.first()
    it_client.post(
        CITE, {"kind": "event", "ref": str(event.public_id), "theme": str(theme.public_id)}
    )
    kinds = set(theme.evidence.values_list("kind", flat=True))
    assert kinds == {"chart_signal", "event"}


def test_bad_citations_and_wrong_roles(
    it_client, faculty_client, center_client, outsider_client, cycle
):
    assert it_client.get(f"{CITE}?kind=spaceship&ref=1").status_code == 404
    assert it_client.get(f"{CITE}?kind=cycle&ref=not-a-uuid").status_code == 404
    assert it_client.get(f"{CITE}?kind=chart_signal&ref=sunrise/none/2026-01").status_code == 404
    response = it_client.post(CITE, {"kind": "cycle", "ref": str(cycle.public_id)})
    assert response.status_code == 200
    assert "Choose a theme, or name a new one." in response.content.decode()
    response = it_client.post(
        CITE, {"kind": "cycle", "ref": str(cycle.public_id), "new_title": "X"}
    )
    assert "Choose the lens of the new theme." in response.content.decode()
    assert (
        ThemeEvidence.objects.count()
        == ThemeEvidence.objects.exclude(ref=str(cycle.public_id)).count()
    )
    url = f"{CITE}?kind=cycle&ref={cycle.public_id}"
    assert faculty_client.get(url).status_code == 403
    assert center_client.get(url).status_code == 403
    assert outsider_client.get(url).status_code == 404


def test_another_collaboratives_work_cannot_be_cited(it_client, other_collaborative):
    cycle = Cycle.objects.filter(ramp__center__collaborative=other_collaborative).first()
    post = Post.objects.filter(collaborative=other_collaborative).first()
    if cycle:
        assert it_client.get(f"{CITE}?kind=cycle&ref={cycle.public_id}").status_code == 404
    if post:
        assert it_client.get(f"{CITE}?kind=post&ref={post.public_id}").status_code == 404
    assert (
        it_client.get(f"{CITE}?kind=cycle&ref=00000000-0000-0000-0000-000000000000").status_code
        == 404
    )


def test_theme_form_errors_and_edit(it_client, faculty_client, demo):
    response = it_client.post("/c/bsc-sel/themes/new/", {"title": "", "lens": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    response = it_client.post(
        "/c/bsc-sel/themes/new/",
        {"title": "Acted", "lens": "cqi", "status": "acted", "visibility": "it"},
    )
    assert "Say what it was acted on with." in response.content.decode()
    response = it_client.post(
        "/c/bsc-sel/themes/new/",
        {
            "title": "Good one",
            "lens": "cqi",
            "status": "noticed",
            "visibility": "faculty",
            "body": "<script>x</script>**b**",
        },
    )
    assert response.status_code == 302
    theme = Theme.objects.get(title="Good one")
    assert "<script>" not in theme.body_html and "<strong>b</strong>" in theme.body_html
    response = it_client.post(
        f"/c/bsc-sel/themes/{theme.public_id}/edit/",
        {
            "title": "Good one",
            "lens": "cqi",
            "status": "acted",
            "acted_with": "Call topic in May",
            "visibility": "everyone",
        },
    )
    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.status == "acted" and theme.visibility == "everyone"
    assert faculty_client.get("/c/bsc-sel/themes/new/").status_code == 403
    assert faculty_client.get(f"/c/bsc-sel/themes/{theme.public_id}/edit/").status_code == 403


def test_filters(it_client):
    page = it_client.get("/c/bsc-sel/themes/?lens=cqi").content.decode()
    assert "Predictions are often left empty" in page
    assert "Counting behaviour incidents" not in page
    assert (
        it_client.get("/c/bsc-sel/themes/?driver=junk&center=nowhere&period=x").status_code == 200
    )


def test_month_page(it_client, faculty_client, center_client):
    response = it_client.get("/c/bsc-sel/across/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Cycles per driver" in page and "Chart signals that appeared" in page
    assert faculty_client.get("/c/bsc-sel/across/").status_code == 200
    assert center_client.get("/c/bsc-sel/across/").status_code == 403
    assert it_client.get("/c/bsc-sel/across/2026-13/").status_code == 404


def test_themes_page_queries_do_not_grow(it_client, demo, it_user):
    access = get_access(it_user, demo.slug)
    with CaptureQueriesContext(connection) as small:
        it_client.get("/c/bsc-sel/themes/")
    centers = list(demo.centers.all()[:2])
    for n in range(30):
        services.theme_create(access=access, title=f"T{n}", lens="cqi", centers=centers)
    with CaptureQueriesContext(connection) as large:
        it_client.get("/c/bsc-sel/themes/")
    assert len(large) == len(small)


def _titles(page):
    return re.findall(r'<li class="card"><strong><a href="[^"]+">([^<]+)</a>', page)


def test_themes_come_one_action_period_at_a_time_a_page_at_a_time(
    monkeypatch, it_client, demo, it_user
):
    from metrics.synthesis import views

    monkeypatch.setattr(views, "THEMES_PAGE_SIZE", 2)
    access = get_access(it_user, demo.slug)
    for n in range(5):
        services.theme_create(access=access, title=f"Late period {n}", lens="cqi", action_period=4)
    page = it_client.get("/c/bsc-sel/themes/?lens=cqi").content.decode()
    # The latest Action Period with a match first, its themes newest first, two a page.
    assert _titles(page) == ["Late period 4", "Late period 3"]
    assert "Action Period 4 (5)" in page and "Action Period 1 (1)" in page
    assert "Page 1 of 3 (5 themes)" in page
    link = re.search(r'<a href="\?([^"]*)">Next</a>', page).group(1).replace("&amp;", "&")
    assert "lens=cqi" in link and "period=4" in link and "page=2" in link
    assert _titles(it_client.get(f"/c/bsc-sel/themes/?{link}").content.decode()) == [
        "Late period 2",
        "Late period 1",
    ]
    first = it_client.get("/c/bsc-sel/themes/?lens=cqi&period=1").content.decode()
    assert _titles(first) == ["Predictions are often left empty"]
    assert "6 themes" in first  # the count covers every period


def test_a_new_theme_shows_in_the_count_of_its_period(it_client, demo, it_user):
    access = get_access(it_user, demo.slug)
    before = it_client.get("/c/bsc-sel/themes/?period=2").content.decode()
    count = int(re.search(r"Action Period 2 \((\d+)\)", before).group(1))
    services.theme_create(
        access=access, title="Seen at the fall session", lens="cqi", action_period=2
    )
    after = it_client.get("/c/bsc-sel/themes/?period=2").content.decode()
    assert f"Action Period 2 ({count + 1})" in after
    assert "Seen at the fall session" in after


def test_each_listed_theme_shows_its_drivers_centers_and_evidence(it_client, demo, it_user):
    from collaboratives.framework.models import SecondaryDriver

    access = get_access(it_user, demo.slug)
    drivers = list(
        SecondaryDriver.objects.filter(primary__framework__collaborative=demo)
        .select_related("primary")
        .order_by("-primary__number", "-number")[:2]
    )
    centers = list(demo.centers.order_by("-name")[:2])
    theme = services.theme_create(
        access=access, title="Tagged theme", lens="cqi", drivers=drivers, centers=centers
    )
    for n in range(3):
        ThemeEvidence.objects.create(
            theme=theme, kind=ThemeEvidence.Kind.CYCLE, ref=f"ref-{n}", label=f"E{n}", url="/"
        )
    page = it_client.get(
        "/c/bsc-sel/themes/", {"q": "Tagged theme", "period": theme.action_period or "none"}
    ).content.decode()
    item = page.split(">Tagged theme</a>")[1].split("</li>")[0]
    assert "3 pieces of evidence" in item
    # Drivers in the framework's order, centers by name.
    codes = " ".join(d.code for d in sorted(drivers, key=lambda d: (d.primary.number, d.number)))
    names = "".join(f"· {c.name} " for c in sorted(centers, key=lambda c: c.name))
    assert f'<span class="small">{codes} {names}</span>' in item
