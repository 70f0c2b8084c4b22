"""The homes keep some of their parts between views, keyed by what they were computed from:
each change a person makes shows on the next view of their home."""

import re

from django.utils import timezone
from django.utils.formats import date_format

from pdsa.cycles.models import Cycle
from pdsa.discussion.models import Comment

HOME = "/c/bsc-sel/"


def _due_section(response) -> str:
    html = response.content.decode()
    return html.split('aria-labelledby="due-heading"')[1].split("</section>")[0]


def _waiting_for_study(center):
    return (
        Cycle.objects.filter(ramp__center=center, do_saved_at__isnull=False)
        .filter(study_saved_at__isnull=True, act_saved_at__isnull=True)
        .select_related("ramp")
        .order_by("do_saved_at")
        .first()
    )


def test_a_recorded_study_turns_the_cycle_to_its_act(center_client, first_center):
    cycle = _waiting_for_study(first_center)
    title = f"{cycle.ramp.title}, cycle {cycle.number}: record the"
    assert f"{title} Study" in re.sub(r"\s+", " ", _due_section(center_client.get(HOME)))
    cycle.study_saved_at = timezone.now()
    cycle.save()
    section = re.sub(r"\s+", " ", _due_section(center_client.get(HOME)))
    assert f"{title} Study" not in section
    assert f"{title} Act" in section


def test_an_edited_coach_comment_shows_its_new_words(center_client, center_user, first_center):
    before = _due_section(center_client.get(HOME))
    comment = next(
        c
        for c in Comment.objects.filter(parent__isnull=True, cycle__ramp__center=first_center)
        if f"#comment-{c.public_id}" in before
    )
    comment.body = "Could you try it on Fridays too?"
    comment.edited_at = timezone.now()
    comment.save()
    assert "Could you try it on Fridays too?" in _due_section(center_client.get(HOME))


def test_the_list_follows_the_language(center_client, center_user):
    assert ": record the " in _due_section(center_client.get(HOME))
    center_user.language = "es"
    center_user.save()
    assert ": record the " not in _due_section(center_client.get(HOME))


def _metrics_titles(section: str) -> list[str]:
    return re.findall(r"Enter the metrics for ([A-Z][a-z]+ \d{4})", section)


def test_entered_metrics_leave_the_teams_list(center_client, center_user, demo, first_center):
    from metrics.values.models import MetricValue
    from metrics.values.validation import collaborative_months

    months = {date_format(m, "F Y"): m for m in collaborative_months(demo)[-3:]}
    titles = _metrics_titles(_due_section(center_client.get(HOME)))
    assert titles, "the demo team has a month to enter"
    month = months[titles[0]]
    now = timezone.now()
    for metric in demo.metrics.all():
        MetricValue.objects.update_or_create(
            center=first_center,
            metric=metric,
            month=month,
            defaults={"value": 1, "first_submitted_at": now, "submitted_at": now},
        )
    assert titles[0] not in _metrics_titles(_due_section(center_client.get(HOME)))


def test_removed_metrics_come_back_on_the_teams_list(center_client, demo, first_center):
    from metrics.values.models import MetricValue
    from metrics.values.validation import collaborative_months

    month = collaborative_months(demo)[-3:][0]
    label = date_format(month, "F Y")
    center_client.get(HOME)
    MetricValue.objects.filter(center=first_center, month=month).delete()
    assert label in _metrics_titles(_due_section(center_client.get(HOME)))


def _next_call(section: str) -> str:
    return re.search(r"Next: ([^<]+)", section).group(1).strip()


def _next_event(section: str):
    from collaboratives.schedule.models import Event

    public_id = re.search(r"/events/([0-9a-f-]{36})/", section).group(1)
    return Event.objects.get(public_id=public_id)


def test_a_renamed_or_cancelled_call_shows_on_the_next_view(center_client):
    event = _next_event(_due_section(center_client.get(HOME)))
    event.title = "Renamed call"
    event.save()
    assert _next_call(_due_section(center_client.get(HOME))) == "Renamed call"
    event.cancelled = True
    event.save()
    assert _next_event(_due_section(center_client.get(HOME))).pk != event.pk


def test_a_call_that_has_begun_gives_way_to_the_next(center_client, monkeypatch):
    import datetime

    event = _next_event(_due_section(center_client.get(HOME)))
    later = event.start + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert _next_event(_due_section(center_client.get(HOME))).start >= later
