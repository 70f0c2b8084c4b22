"""The workplan files late tasks under the right heading and never redirects off-site."""

import datetime

from collaboratives.workplan.models import WorkplanTask


def _groups(client, slug: str) -> dict[str, list[WorkplanTask]]:
    """Each phase's tasks, opening the folded phases one by one as a reader would."""
    first = client.get(f"/c/{slug}/workplan/?view=phase")
    groups = {}
    for group in first.context["groups"]:
        opened = client.get(f"/c/{slug}/workplan/?view=phase&phase={group.key}")
        (shown,) = [g for g in opened.context["groups"] if g.is_open]
        assert shown.key == group.key
        groups[group.label] = [task for _activity, tasks in shown.activities for task in tasks]
    return groups


def test_task_due_after_the_end_is_not_before_the_start(it_client, demo):
    task = WorkplanTask.objects.filter(collaborative=demo).first()
    task.due_date = demo.end_date + datetime.timedelta(days=40)
    task.save(update_fields=["due_date"])
    early = WorkplanTask.objects.filter(collaborative=demo).exclude(pk=task.pk).first()
    early.due_date = demo.start_date - datetime.timedelta(days=10)
    early.save(update_fields=["due_date"])

    groups = _groups(it_client, demo.slug)
    response = it_client.get(f"/c/{demo.slug}/workplan/?view=phase")

    assert task in groups["After the collaborative ends"]
    assert task not in groups.get("Before the collaborative starts", [])
    assert early in groups["Before the collaborative starts"]
    assert "After the collaborative ends" in response.content.decode()


def test_toggle_ignores_an_off_site_next(it_client, demo):
    task = WorkplanTask.objects.filter(collaborative=demo, status="todo").first()
    url = f"/c/{demo.slug}/workplan/{task.public_id}/toggle/"

    for evil in ("https://evil.example/phish", "//evil.example/x", "https:evil.example"):
        response = it_client.post(url, {"next": evil})
        assert response.status_code == 302
        assert response["Location"] == f"/c/{demo.slug}/workplan/"


def test_toggle_follows_a_same_site_next(it_client, demo):
    task = WorkplanTask.objects.filter(collaborative=demo, status="todo").first()
    url = f"/c/{demo.slug}/workplan/{task.public_id}/toggle/"

    response = it_client.post(url, {"next": f"/c/{demo.slug}/workplan/?view=mine"})

    assert response["Location"] == f"/c/{demo.slug}/workplan/?view=mine"
