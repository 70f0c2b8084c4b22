import datetime

import pytest
from django.utils import timezone

from bsc.tenancy import get_access
from collaboratives.evaluations import services
from collaboratives.schedule.models import Event, EventAttendance


@pytest.fixture
def it_access(it_user, demo):
    return get_access(it_user, demo.slug)


@pytest.fixture
def ended_event(demo):
    """A Learning Session that ended yesterday, with no evaluation yet."""
    end = timezone.now() - datetime.timedelta(days=1)
    return Event.objects.create(
        collaborative=demo,
        kind=Event.Kind.LEARNING_SESSION,
        number=9,
        title="Learning Session 9",
        start=end - datetime.timedelta(hours=8),
        end=end,
    )


@pytest.fixture
def attend():
    def attend(event, *users):
        for user in users:
            EventAttendance.objects.get_or_create(event=event, user=user)

    return attend


@pytest.fixture
def evaluation(it_access, ended_event):
    return services.evaluation_create(access=it_access, event=ended_event, source="appendix_f")


@pytest.fixture
def attendees(demo, ended_event, attend):
    """Eight center members of the demo who attended `ended_event`."""
    users = [
        m.user
        for m in demo.memberships.filter(role="center_member").select_related("user").order_by("pk")
    ][:8]
    attend(ended_event, *users)
    return users


def _full_answers(evaluation, score=4):
    answers = {}
    for item in evaluation.items:
        if item["kind"] == "scale":
            answers[item["key"]] = {"score": score, "comment": ""}
        elif item["kind"] == "choice":
            answers[item["key"]] = {"choice": item["choices"][0]}
        else:
            answers[item["key"]] = {"text": f"answer {score}"}
    return answers


@pytest.fixture
def full_answers():
    """Answers to every item of an evaluation, each scale item scored `score`."""
    return _full_answers
