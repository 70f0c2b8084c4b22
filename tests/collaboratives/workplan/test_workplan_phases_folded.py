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
    # Today's phase lists what is left to do; its done tasks fold below.
    assert shown == opened[0].total - opened[0].done
    assert opened[0].total < WorkplanTask.objects.filter(collaborative=demo).count()
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


def _todays_phase(client, demo):
    response = client.get(f"/c/{demo.slug}/workplan/?view=phase")
    (opened,) = [g for g in response.context["groups"] if g.is_open]
    return opened, response.content.decode()


def test_todays_done_tasks_fold_and_load_on_demand(it_client, demo):
    opened, _body = _todays_phase(it_client, demo)
    first_two = [t.pk for _a, ts in opened.activities for t in ts][:2]
    done = WorkplanTask.objects.filter(pk__in=first_two)
    done.update(status=WorkplanTask.Status.DONE)
    opened, body = _todays_phase(it_client, demo)
    assert opened.done >= 2 and opened.folded_done == opened.done
    listed = {t.pk for _a, ts in opened.activities for t in ts}
    assert not listed & set(done.values_list("pk", flat=True))
    assert body.count('<tr id="task-') == opened.total - opened.done
    assert f"{opened.done} tasks done" in body
    fold = f'hx-get="?view=phase&amp;phase={opened.key}&amp;show=done"'
    assert fold in body
    # Without JavaScript the fold links to the whole phase.
    assert f'href="?view=phase&amp;phase={opened.key}#phase-{opened.key}"' in body
    loaded = it_client.get(
        f"/c/{demo.slug}/workplan/?view=phase&phase={opened.key}&show=done",
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "<html" not in loaded
    assert loaded.count('<tr id="task-') == opened.done
    assert loaded.count('aria-pressed="true"') == opened.done
    whole = it_client.get(f"/c/{demo.slug}/workplan/?view=phase&phase={opened.key}")
    assert whole.content.decode().count('<tr id="task-') == opened.total


def test_a_task_checked_off_moves_into_the_fold_on_the_next_view(it_client, demo):
    opened, _body = _todays_phase(it_client, demo)
    task = next(t for _a, ts in opened.activities for t in ts)
    it_client.post(f"/c/{demo.slug}/workplan/{task.public_id}/toggle/", {"status": "done"})
    again, body = _todays_phase(it_client, demo)
    assert again.folded_done == opened.folded_done + 1
    assert f'id="task-{task.public_id}"' not in body
