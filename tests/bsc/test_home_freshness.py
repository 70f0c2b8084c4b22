"""The homes keep some of their parts between views, keyed by what they were computed from:
each change a person makes shows on the next view of their home."""

import re

from django.utils import timezone

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
