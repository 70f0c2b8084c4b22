"""The continuum's signals, counted from a small collaborative whose every record is known.

Hand count for Acorn (January to March 2026, counted on 20 April; values due the 10th of the
next month):
- January: one cycle started (5 Jan) and completed (adopted 25 Jan); January's value in on
  5 Feb (on time); at the all-team call of 15 Jan; one post, one comment that answers the
  faculty coach.
- February: one cycle started (10 Feb); February's value in on 15 Mar (late); missed the
  call of 15 Feb (Birch was there, so attendance was taken).
- March: nothing started; March's value never came (missing by 20 April); at the call of
  15 Mar.
A call on 10 April nobody was recorded at counts for no one.
"""

import datetime

import pytest

from bsc.models import User
from centers.teams.models import Center
from collaboratives.framework.models import Metric
from collaboratives.membership.models import Collaborative, Membership, Organization
from collaboratives.schedule.models import Event, EventAttendance
from metrics.engagement.continuum import drop_reason, explain, suggest
from metrics.engagement.models import Position
from metrics.engagement.signals import LATE, MISSING, ON_TIME, engagement_signals
from metrics.values.models import MetricValue
from pdsa.board.models import Post
from pdsa.cycles.models import Cycle, Ramp
from pdsa.discussion.models import Comment

UTC = datetime.UTC
NOW = datetime.datetime(2026, 4, 20, 12, tzinfo=UTC)
MONTHS = [datetime.date(2026, 1, 1), datetime.date(2026, 2, 1), datetime.date(2026, 3, 1)]


def at(day: str, hour: int = 12) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


@pytest.fixture
def known(db):
    org = Organization.objects.create(name="Hand count", slug="hand-count")
    collab = Collaborative.objects.create(
        organization=org,
        name="Hand count",
        slug="hand-count",
        timezone="UTC",
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 12, 31),
    )
    metric = Metric.objects.create(
        collaborative=collab, slug="incidents", name="Incidents", metric_type="count"
    )
    acorn = Center.objects.create(collaborative=collab, slug="acorn", name="Acorn")
    birch = Center.objects.create(collaborative=collab, slug="birch", name="Birch")
    teacher = User.objects.create_user("acorn-teacher@hand.test")
    birch_teacher = User.objects.create_user("birch-teacher@hand.test")
    coach = User.objects.create_user("coach@hand.test")
    for user, center in ((teacher, acorn), (birch_teacher, birch)):
        Membership.objects.create(
            user=user,
            collaborative=collab,
            role="center_member",
            center=center,
            center_role="teacher",
        )
    Membership.objects.create(user=coach, collaborative=collab, role="faculty")

    ramp = Ramp.objects.create(center=acorn, title="Calm corner")
    Cycle.objects.create(
        ramp=ramp,
        number=1,
        objective="Try it",
        start_date=datetime.date(2026, 1, 5),
        act_saved_at=at("2026-01-25"),
        decision="adopt",
    )
    Cycle.objects.create(
        ramp=ramp, number=2, objective="Spread it", start_date=datetime.date(2026, 2, 10)
    )
    for month, submitted in ((MONTHS[0], "2026-02-05"), (MONTHS[1], "2026-03-15")):
        MetricValue.objects.create(
            center=acorn,
            metric=metric,
            month=month,
            value=3,
            first_submitted_at=at(submitted),
            submitted_at=at(submitted),
        )
    for month in MONTHS:
        MetricValue.objects.create(
            center=birch,
            metric=metric,
            month=month,
            value=1,
            first_submitted_at=at(f"{month:%Y-%m}-02"),
            submitted_at=at(f"{month:%Y-%m}-02"),
        )
    calls = {}
    for day in ("2026-01-15", "2026-02-15", "2026-03-15", "2026-04-10"):
        calls[day] = Event.objects.create(
            collaborative=collab,
            kind=Event.Kind.ALL_TEAM_CALL,
            title=f"Call {day}",
            start=at(day, 15),
            end=at(day, 16),
        )
    EventAttendance.objects.create(event=calls["2026-01-15"], user=teacher, center=acorn)
    EventAttendance.objects.create(event=calls["2026-02-15"], user=birch_teacher, center=birch)
    EventAttendance.objects.create(event=calls["2026-03-15"], user=teacher, center=acorn)

    post = Post.objects.create(
        collaborative=collab, author=teacher, center=acorn, title="Our corner", body="x"
    )
    Post.objects.filter(pk=post.pk).update(created_at=at("2026-01-20"))
    feedback = Comment.objects.create(collaborative=collab, post=post, author=coach, body="Why?")
    answer = Comment.objects.create(
        collaborative=collab, post=post, parent=feedback, author=teacher, body="Because."
    )
    Comment.objects.filter(pk__in=[feedback.pk, answer.pk]).update(created_at=at("2026-01-21"))
    return collab, acorn, birch


def test_signals_match_the_hand_count(known):
    collab, acorn, birch = known
    jan, feb, mar = engagement_signals(collab, [acorn, birch], MONTHS, now=NOW)[acorn.pk]
    assert (jan.cycles_started, jan.cycles_completed, jan.metrics) == (1, 1, ON_TIME)
    assert (jan.events_held, jan.events_attended) == (1, 1)
    assert (jan.posts, jan.comments, jan.feedback_answered) == (1, 1, 1)
    assert (feb.cycles_started, feb.cycles_completed, feb.metrics) == (1, 0, LATE)
    assert (feb.events_held, feb.events_attended, feb.discussion) == (1, 0, 0)
    assert (mar.cycles_started, mar.metrics, mar.events_held, mar.events_attended) == (
        0,
        MISSING,
        1,
        1,
    )
    birch_months = engagement_signals(collab, [acorn, birch], MONTHS, now=NOW)[birch.pk]
    assert [m.metrics for m in birch_months] == [ON_TIME] * 3
    assert [m.events_attended for m in birch_months] == [0, 1, 0]


def test_suggestion_and_its_explanation(known):
    collab, acorn, _birch = known
    months = engagement_signals(collab, [acorn], MONTHS, now=NOW)[acorn.pk]
    # Month scores: January 1, February (1 + 0.5 + 0 + 0) / 4, March (0 + 0 + 1 + 0) / 4.
    assert [m.score() for m in months] == [1.0, 0.375, 0.25]
    suggestion = suggest(months)
    assert suggestion.position == Position.EARLY_MAJORITY
    assert suggestion.score == pytest.approx(0.54, abs=0.01)
    assert explain(months) == (
        "2 cycles in 3 months, 1 completed, metrics late once, metrics missing 1 month, "
        "missed 1 of 3 calls and sessions, 2 posts and comments, answered faculty feedback once"
    )
    assert suggestion.explanation == explain(months)


def test_a_drop_names_its_reason(known):
    collab, acorn, _birch = known
    months = engagement_signals(collab, [acorn], MONTHS, now=NOW)[acorn.pk]
    reason = drop_reason(months)
    assert reason == "no PDSA activity, metrics missing, silent on the board"
    assert drop_reason(months[:1]) is None
