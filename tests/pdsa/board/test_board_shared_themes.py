"""The board lists the themes the Implementation Team shared with everyone for the current
Action Period (contributed by the synthesis through the portal's board panels)."""

import pytest

from bsc.tenancy import get_access
from metrics.engagement.selectors import action_periods
from metrics.synthesis.models import Theme

pytestmark = pytest.mark.django_db


def _theme(collaborative, title, period, visibility=Theme.Visibility.EVERYONE):
    return Theme.objects.create(
        collaborative=collaborative,
        title=title,
        lens=Theme.Lens.choices[0][0],
        action_period=period,
        visibility=visibility,
    )


@pytest.fixture
def current(demo, it_user):
    periods = action_periods(get_access(it_user, demo.slug))
    return periods[-1].number if periods else None


def _shared_list(page: str) -> str:
    start = page.index('id="shared-themes-h"')
    return page[start : page.index("</section>", start)]


def test_board_shows_themes_shared_with_everyone_this_action_period(
    demo, other_collaborative, current, center_client, it_client
):
    Theme.objects.filter(collaborative=demo).delete()
    shared = _theme(demo, "Teachers test Take Five at circle time", current)
    _theme(demo, "Faculty only: ramps stall in week two", current, Theme.Visibility.FACULTY)
    _theme(demo, "IT only: two centers behind", current, Theme.Visibility.IT)
    _theme(demo, "An earlier period's finding", (current or 0) + 7)
    _theme(other_collaborative, "Another collaborative's finding", current)
    for client in (center_client, it_client):
        page = client.get("/c/bsc-sel/board/").content.decode()
        listed = _shared_list(page)
        assert "Shared themes" in listed
        assert "Teachers test Take Five at circle time" in listed
        assert f"/c/bsc-sel/themes/{shared.public_id}/" in listed
        for hidden in ("Faculty only", "IT only", "earlier period", "Another collaborative"):
            assert hidden not in page
    assert center_client.get(f"/c/bsc-sel/themes/{shared.public_id}/").status_code == 200


def test_board_without_shared_themes_has_no_list(demo, current, center_client):
    Theme.objects.filter(collaborative=demo).delete()
    _theme(demo, "Not yet shared", current, Theme.Visibility.FACULTY)
    page = center_client.get("/c/bsc-sel/board/").content.decode()
    assert 'id="shared-themes-h"' not in page and "Not yet shared" not in page


def test_shared_themes_in_spanish_and_queries_do_not_grow(
    demo, current, center_client, center_user, django_assert_max_num_queries
):
    Theme.objects.filter(collaborative=demo).delete()
    _theme(demo, "One", current)
    with django_assert_max_num_queries(200) as few:
        center_client.get("/c/bsc-sel/board/")
    for n in range(8):
        _theme(demo, f"Finding {n}", current)
    center_user.language = "es"
    center_user.save()
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = center_client.get("/c/bsc-sel/board/").content.decode()
    assert "Temas compartidos" in page


def test_the_board_reads_the_learning_sessions_once_for_its_themes_and_phase_label(
    demo, current, center_client
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _theme(demo, "Shared this period", current)
    with CaptureQueriesContext(connection) as queries:
        page = center_client.get("/c/bsc-sel/board/").content.decode()
    assert "Shared this period" in page
    sessions = [
        q["sql"]
        for q in queries.captured_queries
        if '"collaboratives_event"' in q["sql"] and "learning_session" in q["sql"]
    ]
    assert len(sessions) == 1
