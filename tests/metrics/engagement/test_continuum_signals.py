"""The continuum's signals, counted from a small collaborative whose every record is known.

Hand count for Acorn (January to March 2026, counted on 20 April; values due the 10th of the
next month):
- January: one cycle started (5 Jan) and completed (adopted 25 Jan); January's value in on
  5 Feb (on time); at the all-team call of 15 Jan; one post, one comment that answers the
  faculty coach.
- February: one cycle started (10 Feb); February's value in on 15 Mar (late); missed the
  call of 15 Feb (Birch was there, so attendance was taken).
- March: no cycle started; March's value never came (missing by 20 April); at the call of
  15 Mar.
- Its Action Plan after the Learning Session of 20 Feb (nobody recorded there: it counts for
  no one) has three items: one linked to the Calm corner ramp to expand it (25 Feb), one
  change started as a new ramp (3 Mar), one not moved yet.
A call on 10 April nobody was recorded at counts for no one.
"""

import datetime
import re

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
from pdsa.action_plans.models import ActionPlan, ActionPlanItem
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

    session = Event.objects.create(
        collaborative=collab,
        kind=Event.Kind.LEARNING_SESSION,
        title="Learning Session 2",
        number=2,
        start=at("2026-02-20", 9),
        end=at("2026-02-20", 16),
    )
    plan = ActionPlan.objects.create(center=acorn, event=session)
    ActionPlanItem.objects.create(
        plan=plan,
        kind="expand",
        text="Calm corner in a second room",
        ramp=ramp,
        moved_at=at("2026-02-25"),
    )
    schedule = Ramp.objects.create(center=acorn, title="Visual schedule")
    ActionPlanItem.objects.create(
        plan=plan, kind="test", text="Visual schedule", ramp=schedule, moved_at=at("2026-03-03")
    )
    ActionPlanItem.objects.create(plan=plan, kind="test", text="Family newsletter")
    return collab, acorn, birch


def test_signals_match_the_hand_count(known):
    collab, acorn, birch = known
    jan, feb, mar = engagement_signals(collab, [acorn, birch], MONTHS, now=NOW)[acorn.pk]
    assert (jan.cycles_started, jan.cycles_completed, jan.metrics) == (1, 1, ON_TIME)
    assert (jan.events_held, jan.events_attended) == (1, 1)
    assert (jan.posts, jan.comments, jan.feedback_answered) == (1, 1, 1)
    assert (feb.cycles_started, feb.cycles_completed, feb.metrics) == (1, 0, LATE)
    assert (feb.events_held, feb.events_attended, feb.discussion) == (1, 0, 0)
    assert [m.plan_items_moved for m in (jan, feb, mar)] == [0, 1, 1]
    assert (mar.cycles_started, mar.metrics, mar.events_held, mar.events_attended) == (
        0,
        MISSING,
        1,
        1,
    )
    birch_months = engagement_signals(collab, [acorn, birch], MONTHS, now=NOW)[birch.pk]
    assert [m.metrics for m in birch_months] == [ON_TIME] * 3
    assert [m.events_attended for m in birch_months] == [0, 1, 0]
    assert [m.plan_items_moved for m in birch_months] == [0, 0, 0]


def test_suggestion_and_its_explanation(known):
    collab, acorn, _birch = known
    months = engagement_signals(collab, [acorn], MONTHS, now=NOW)[acorn.pk]
    # Month scores: January 1, February (1 + 0.5 + 0 + 0) / 4, March (1 + 0 + 1 + 0) / 4:
    # March's PDSA activity is the Action Plan item moved to a ramp.
    assert [m.score() for m in months] == [1.0, 0.375, 0.5]
    suggestion = suggest(months)
    assert suggestion.position == Position.EARLY_MAJORITY
    assert suggestion.score == pytest.approx(0.625, abs=0.01)
    assert explain(months) == (
        "2 cycles in 3 months, 1 completed, 2 Action Plan items moved to ramps, "
        "metrics late once, metrics missing 1 month, missed 1 of 3 calls and sessions, "
        "2 posts and comments, answered faculty feedback once"
    )
    assert suggestion.explanation == explain(months)


def test_a_drop_names_its_reason(known):
    collab, acorn, _birch = known
    months = engagement_signals(collab, [acorn], MONTHS, now=NOW)[acorn.pk]
    # Moving the Action Plan item to a ramp in March keeps the month from a drop.
    assert drop_reason(months) is None
    # Without its ramp the item is no longer moved, and March shows no PDSA activity.
    Ramp.objects.filter(title="Visual schedule").delete()
    months = engagement_signals(collab, [acorn], MONTHS, now=NOW)[acorn.pk]
    assert [m.plan_items_moved for m in months] == [0, 1, 0]
    reason = drop_reason(months)
    assert reason == "no PDSA activity, metrics missing, silent on the board"
    assert drop_reason(months[:1]) is None


def test_timeline_and_table_show_plan_items_moved(known, client):
    collab, acorn, _birch = known
    it = User.objects.create_user("it@hand.test")
    Membership.objects.create(user=it, collaborative=collab, role="implementation_team")
    client.force_login(it)
    timeline = client.get(f"/c/{collab.slug}/engagement/centers/{acorn.slug}/").content.decode()
    assert '<th scope="col">Action Plan items moved to ramps</th>' in timeline
    rows = re.findall(
        r'<tr><th scope="row">([^<]+)</th><td>\d+</td><td>\d+</td><td>(\d+)</td>', timeline
    )
    assert rows[:3] == [("2026-01", "0"), ("2026-02", "1"), ("2026-03", "1")]
    table = client.get(f"/c/{collab.slug}/engagement/").content.decode()
    assert 'aria-label="Action Plan items moved to ramps per month at Acorn"' in table
    assert "Action Plan items moved to ramps</th>" in table


def test_an_item_moved_to_a_ramp_shows_on_the_next_view(known, client):
    collab, acorn, _birch = known
    it = User.objects.create_user("it@hand.test")
    Membership.objects.create(user=it, collaborative=collab, role="implementation_team")
    client.force_login(it)
    url = f"/c/{collab.slug}/engagement/centers/{acorn.slug}/"

    def moved_in_march() -> str:
        rows = re.findall(
            r'<tr><th scope="row">([^<]+)</th><td>\d+</td><td>\d+</td><td>(\d+)</td>',
            client.get(url).content.decode(),
        )
        return dict(rows)["2026-03"]

    assert moved_in_march() == "1"
    plan = ActionPlan.objects.get(center=acorn)
    songs = Ramp.objects.create(center=acorn, title="Greeting songs")
    item = plan.items.get(text="Family newsletter")
    item.ramp, item.moved_at = songs, at("2026-03-10")
    item.save()
    assert moved_in_march() == "2"
