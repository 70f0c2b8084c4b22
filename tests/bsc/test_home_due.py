"""Each home starts with "What to do now": the team's due metrics, open self-assessment,
cycles waiting for their Study or Act, unanswered coach comments and the next call; faculty
see what waits for their feedback; the Implementation Team sees what is overdue."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from bsc import formatting
from bsc.portal import DueItem, NavItem, nav_menu
from centers.assessments.models import AssessmentRound
from collaboratives.schedule.models import Event
from pdsa.cycles.models import Cycle
from pdsa.discussion.models import Comment

HOME = "/c/bsc-sel/"


def _due_section(response) -> str:
    html = response.content.decode()
    return html.split('aria-labelledby="due-heading"')[1].split("</section>")[0]


def _titles(section: str) -> list[str]:
    return [re.sub(r"\s+", " ", t).strip() for t in re.findall(r"<strong>(.*?)</strong>", section)]


def test_center_home_lists_what_is_due_in_the_teams_order(center_client, demo, first_center):
    section = _due_section(center_client.get(HOME))
    titles = _titles(section)
    # Metrics first, then cycles, comments, and the next call last.
    assert titles[0].startswith("Enter the metrics for")
    assert any(": record the Study" in t or ": record the Act" in t for t in titles)
    assert any(t.startswith("Answer ") for t in titles)
    assert titles[-1].startswith("Next: ")
    kinds = [
        "metrics"
        if t.startswith("Enter")
        else "cycle"
        if ": record" in t
        else "comment"
        if t.startswith("Answer")
        else "call"
        if t.startswith("Next")
        else "other"
        for t in titles
    ]
    order = {"metrics": 0, "other": 1, "cycle": 2, "comment": 3, "call": 4}
    assert [order[k] for k in kinds] == sorted(order[k] for k in kinds)
    # One tap to the entry.
    entry = reverse("metrics:entry", args=[demo.slug, first_center.slug])
    assert f'href="{entry}"' in section


def test_a_cycle_waiting_for_study_links_to_its_study(center_client, demo, first_center):
    cycle = (
        Cycle.objects.filter(ramp__center=first_center, do_saved_at__isnull=False)
        .filter(study_saved_at__isnull=True, act_saved_at__isnull=True)
        .first()
    )
    assert cycle is not None, "the demo has a cycle waiting for its Study"
    section = _due_section(center_client.get(HOME))
    study = reverse("pdsa:cycle-stage", args=[demo.slug, cycle.public_id, "study"])
    assert f'href="{study}"' in section


def test_an_answered_comment_leaves_the_list(center_client, center_user, demo, first_center):
    section = _due_section(center_client.get(HOME))
    comment = (
        Comment.objects.filter(collaborative=demo, parent__isnull=True)
        .filter(cycle__ramp__center=first_center)
        .exclude(author__memberships__center=first_center)
        .exclude(replies__author=center_user)
        .order_by("created_at")
        .first()
    )
    assert f"#comment-{comment.public_id}" in section
    Comment.objects.create(
        collaborative=demo, cycle=comment.cycle, parent=comment, author=center_user, body="Yes!"
    )
    section = _due_section(center_client.get(HOME))
    assert f"#comment-{comment.public_id}" not in section


def test_an_open_round_is_due_until_submitted(center_client, demo, first_center):
    today = datetime.date.today()
    round_ = AssessmentRound.objects.create(
        collaborative=demo,
        number=9,
        name="Spot check",
        opens_on=today - datetime.timedelta(days=3),
        due_on=today + datetime.timedelta(days=10),
    )
    section = _due_section(center_client.get(HOME))
    url = reverse("centers:assessment", args=[demo.slug, first_center.slug, round_.number])
    assert "Rate your practice: Spot check" in section
    assert f'href="{url}"' in section


def test_the_next_call_shows_its_questions(center_client, demo):
    section = _due_section(center_client.get(HOME))
    upcoming = [e for e in Event.objects.filter(collaborative=demo) if e.question_items]
    assert upcoming
    assert "due-points" in section


def test_faculty_home_says_what_waits_for_feedback(faculty_client, demo):
    section = _due_section(faculty_client.get(HOME))
    assert re.search(r"\d+ cycles? waits? for your feedback", section)
    assert f'href="{reverse("pdsa:feedback-queue", args=[demo.slug])}"' in section


def test_it_home_says_what_is_overdue(it_client, demo):
    section = _due_section(it_client.get(HOME))
    assert re.search(r"\d+ workplan tasks? (is|are) overdue", section)
    assert "?view=overdue" in section
    # Nothing of a center's own list.
    assert "Enter the metrics for" not in section


@pytest.mark.parametrize(
    ("portal", "button", "url_name"),
    [
        ("center", "Plan a test", "pdsa:ramp-new"),
        ("faculty", "Open the board", "pdsa:board"),
        ("it", "Open the completeness board", "metrics:completeness"),
    ],
)
def test_an_empty_list_says_what_to_do_next_with_the_button(demo, portal, button, url_name):
    html = render_to_string(
        "portal/_due.html", {"due": [], "portal": portal, "collaborative": demo}
    )
    assert f'href="{reverse(url_name, args=[demo.slug])}">{button}</a>' in html


def test_due_items_render_overdue_dates_in_words(demo):
    due = timezone.localdate() - datetime.timedelta(days=2)
    item = DueItem(
        title="Enter the metrics for May 2026",
        url="/x/",
        action="Enter metrics",
        due=due,
        overdue=True,
    )
    html = render_to_string("portal/_due.html", {"due": [item], "collaborative": demo})
    assert f"Overdue: due 2 days ago ({date_format(due, 'j M')})" in html
    assert f'<time datetime="{due.isoformat()}" title="{formatting.day(due)}">' in html
    assert 'class="badge bad"' in html


@pytest.mark.parametrize(
    ("language", "days", "overdue", "text"),
    [
        ("en", 3, False, "Due in 3 days"),
        ("es", 3, False, "Vence dentro de 3 días"),
        ("en", 1, False, "Due tomorrow"),
        ("es", 1, False, "Vence mañana"),
        ("en", -2, True, "Overdue: due 2 days ago"),
        ("es", -2, True, "Atrasado: vencía hace 2 días"),
    ],
)
def test_due_dates_read_relative_to_today_in_each_language(demo, language, days, overdue, text):
    due = timezone.localdate() + datetime.timedelta(days=days)
    item = DueItem(title="T", url="/x/", action="Go", due=due, overdue=overdue)
    with translation.override(language):
        html = render_to_string("portal/_due.html", {"due": [item], "collaborative": demo})
        absolute = formatting.day(due)
    assert text in html
    # The absolute day stays at hand for whoever needs it.
    assert f'datetime="{due.isoformat()}" title="{absolute}"' in html


@pytest.mark.parametrize(
    ("language", "text"), [("en", "(in 3 days)"), ("es", "(dentro de 3 días)")]
)
def test_coming_up_says_how_far_the_next_call_is(demo, language, text):
    when = timezone.localtime() + datetime.timedelta(days=3)
    event = SimpleNamespace(title="All-team call", local=when, get_absolute_url=lambda: "/e/")
    with translation.override(language):
        html = render_to_string(
            "collaboratives/panels/timeline.html",
            {"panel": {"upcoming": [event]}, "collaborative": demo, "phase_label": "AP1"},
        )
        absolute = formatting.moment(when)
    assert text in html
    assert f'title="{absolute}">{absolute}</time>' in html


def test_nav_menu_keeps_six_in_the_bar_and_groups_the_rest():
    items = [NavItem(f"P{n}", f"/p{n}/", f"p{n}", primary=True, order=n) for n in range(8)]
    items += [
        NavItem("Later", "/later/", "later", group="run"),
        NavItem("Plain", "/plain/", "plain"),  # an app that names no group
        NavItem("Odd", "/odd/", "odd", group="no-such-group"),
    ]
    menu = nav_menu(items)
    assert [i.label for i in menu.bar] == ["P0", "P1", "P2", "P3", "P4", "P5"]
    groups = {str(label): [i.label for i in members] for label, members in menu.groups}
    assert groups == {
        "The collaborative": ["P6", "P7", "Plain", "Odd"],
        "Run the collaborative": ["Later"],
    }


@pytest.mark.parametrize("role", ["it", "faculty", "center", "leader"])
def test_each_role_has_at_most_six_entries_in_the_bar(
    role, it_client, faculty_client, center_client, leader_client
):
    client = {"it": it_client, "faculty": faculty_client, "center": center_client}.get(
        role, leader_client
    )
    html = client.get(HOME).content.decode()
    bar = html.split('class="nav-bar"')[1].split('class="nav-more-item"')[0]
    assert 3 <= bar.count('<li class="when-wide">') <= 6


def _queries_on(client, table):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get("/c/bsc-sel/").status_code == 200
    return [q["sql"] for q in captured.captured_queries if f'FROM "{table}"' in q["sql"]]


def test_the_home_reads_what_two_panels_share_once(it_client, faculty_client, demo):
    # The timeline panel and What to do now both show the workplan counts and the next call.
    counts = [
        sql for sql in _queries_on(it_client, "collaboratives_workplantask") if "COUNT" in sql
    ]
    assert len(counts) == 1
    events = [
        sql
        for sql in _queries_on(it_client, "collaboratives_event")
        if 'ORDER BY "collaboratives_event"."start" ASC' in sql and "LIMIT" in sql
    ]
    # At most once: the next events are kept between views while the events do not change.
    assert len(events) <= 1
    # The feedback panel and What to do now both say how many cycles wait.
    waiting = [sql for sql in _queries_on(faculty_client, "pdsa_cycle") if "COUNT(" in sql]
    assert len(waiting) == 1
