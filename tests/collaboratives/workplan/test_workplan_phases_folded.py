"""The workplan by phase: today's phase open, the others folded and loaded when opened."""

from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from collaboratives.schedule.phases import collaborative_phases, phase_on
from collaboratives.workplan.models import WorkplanTask

pytestmark = pytest.mark.django_db


def test_only_todays_phase_lists_its_tasks(it_client, demo):
    response = it_client.get(f"/c/{demo.slug}/workplan/?view=phase")
    groups = response.context["groups"]
    opened = [g for g in groups if g.is_open]
    current = phase_on(
        collaborative_phases(demo), timezone.localdate(timezone=ZoneInfo(demo.timezone))
    )
    assert [g.key for g in opened] == [current.key]
    body = response.content.decode()
    shown = body.count('<tr id="task-')
    assert shown == opened[0].total < WorkplanTask.objects.filter(collaborative=demo).count()
    assert sum(g.total for g in groups) == WorkplanTask.objects.filter(collaborative=demo).count()
    folded = next(g for g in groups if not g.is_open)
    assert f'hx-get="?view=phase&amp;phase={folded.key}"' in body
    assert f"Show the tasks of {folded.label}" in body  # the link without JavaScript


def test_a_folded_phase_loads_alone_on_demand(it_client, demo):
    first = it_client.get(f"/c/{demo.slug}/workplan/?view=phase")
    folded = next(g for g in first.context["groups"] if not g.is_open)
    response = it_client.get(
        f"/c/{demo.slug}/workplan/?view=phase&phase={folded.key}", HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert body.count('<tr id="task-') == folded.total


def test_an_unknown_phase_opens_todays(it_client, demo):
    response = it_client.get(f"/c/{demo.slug}/workplan/?view=phase&phase=nonsense")
    assert response.status_code == 200
    assert sum(g.is_open for g in response.context["groups"]) == 1
