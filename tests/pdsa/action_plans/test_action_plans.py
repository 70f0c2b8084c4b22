"""Each center team writes its Action Plan; everyone reads it; a planned change becomes a ramp."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError

from centers.assessments.selectors import priority_drivers
from pdsa.action_plans import services
from pdsa.action_plans.models import ActionPlan, ActionPlanItem
from pdsa.cycles.models import Cycle, Ramp


def _driver_ids(demo, count=2):
    from collaboratives.framework.models import SecondaryDriver

    return list(
        SecondaryDriver.objects.filter(primary__framework__collaborative=demo)
        .order_by("primary__number", "number")
        .values_list("pk", flat=True)[:count]
    )


def test_the_team_writes_its_plan(center_client, demo, first_center, ls1, plan_url):
    ActionPlan.objects.filter(center=first_center, event=ls1).delete()
    drivers = _driver_ids(demo)
    response = center_client.post(
        plan_url(ls1, first_center),
        {"focus_drivers": drivers, "support_wanted": "Coaching on transitions"},
    )
    assert response.status_code == 302
    plan = ActionPlan.objects.get(center=first_center, event=ls1)
    assert sorted(plan.focus_drivers.values_list("pk", flat=True)) == sorted(drivers)
    assert plan.support_wanted == "Coaching on transitions"
    response = center_client.post(
        plan_url(ls1, first_center, "items/"),
        {
            "kind": "test",
            "text": "Greet each child by name",
            "who": "Ana",
            "by_when": "",
            "drivers": drivers[:1],
        },
    )
    assert response.status_code == 302
    page = center_client.get(plan_url(ls1, first_center)).content.decode()
    assert "Greet each child by name" in page
    assert "Start a PDSA ramp" in page


def test_priority_drivers_are_offered_first(
    center_client, center_access, first_center, ls2, plan_url
):
    priorities = priority_drivers(center_access, first_center)
    assert priorities, "the demo's first center marked priorities in its self-assessment"
    page = center_client.get(plan_url(ls2, first_center)).content.decode()
    labels = re.findall(r'name="focus_drivers" value="\d+"[^>]*> ([^<]*)</label>', page)
    assert len(labels) > len(priorities)
    assert all("our priority" in label for label in labels[: len(priorities)])
    assert not any("our priority" in label for label in labels[len(priorities) :])


def test_bad_items_are_refused_in_place(center_client, demo, first_center, ls1, ls2, plan_url):
    count = ActionPlanItem.objects.filter(plan__center=first_center).count()
    empty = center_client.post(plan_url(ls2, first_center, "items/"), {"kind": "test", "text": ""})
    assert empty.status_code == 400
    assert "This field is required." in empty.content.decode()
    early = center_client.post(
        plan_url(ls2, first_center, "items/"),
        {
            "kind": "test",
            "text": "Try it",
            "by_when": (ls2.start.date() - datetime.timedelta(days=3)).isoformat(),
        },
    )
    assert early.status_code == 400
    assert "after the Learning Session" in early.content.decode()
    assert 'value="Try it"' in early.content.decode()
    first_session = center_client.post(
        plan_url(ls1, first_center, "items/"), {"kind": "spread", "text": "Spread"}
    )
    assert first_session.status_code == 400
    assert ActionPlanItem.objects.filter(plan__center=first_center).count() == count


def test_later_sessions_offer_expand_spread_sustain(
    center_client, first_center, ls1, ls2, plan_url
):
    later = center_client.get(plan_url(ls2, first_center)).content.decode()
    assert "Bundle to spread" in later and "Sustainability step" in later
    first = center_client.get(plan_url(ls1, first_center)).content.decode()
    assert "Bundle to spread" not in first


def test_a_planned_change_becomes_a_ramp(
    center_client, center_access, demo, first_center, ls2, plan_url
):
    drivers = _driver_ids(demo, 1)
    item = services.action_plan_item_add(
        access=center_access,
        center=first_center,
        event=ls2,
        kind="test",
        text="Calm-down corner before nap",
        who="Teacher 2",
        by_when=None,
        drivers=[],
    )
    item.plan.focus_drivers.set(drivers)
    assert item.moved_at is None
    response = center_client.post(f"/c/{demo.slug}/pdsa/action-plans/items/{item.public_id}/ramp/")
    item.refresh_from_db()
    ramp = item.ramp
    # The continuum of engagement counts the item as moved in the month this happened.
    assert item.moved_at is not None and item.moved_at >= ramp.created_at
    expand = services.action_plan_item_add(
        access=center_access,
        center=first_center,
        event=ls2,
        kind="expand",
        text="Calm corner in the toddler room",
        ramp=ramp,
    )
    assert expand.moved_at is not None
    assert response.status_code == 302 and response.url == ramp.get_absolute_url()
    assert ramp.center == first_center and ramp.title == "Calm-down corner before nap"
    assert "Who: Teacher 2" in ramp.change_idea and "Learning Session 2" in ramp.change_idea
    assert list(ramp.secondary_drivers.values_list("pk", flat=True)) == drivers
    again = center_client.post(
        f"/c/{demo.slug}/pdsa/action-plans/items/{item.public_id}/ramp/", follow=True
    )
    assert "already has its ramp" in again.content.decode()
    assert Ramp.objects.filter(title="Calm-down corner before nap").count() == 1
    # Progress shows from the ramp's cycles.
    Cycle.objects.create(ramp=ramp, number=1, objective="Try it once", stage="study")
    page = center_client.get(plan_url(ls2, first_center)).content.decode()
    assert "1 cycle" in page and "latest: Study" in page


def test_other_centers_read_only(other_center_client, demo, first_center, ls2, plan_url):
    page = other_center_client.get(plan_url(ls2, first_center))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Read only" in body and "Start a PDSA ramp" not in body
    assert (
        other_center_client.post(plan_url(ls2, first_center), {"support_wanted": "x"}).status_code
        == 403
    )
    assert (
        other_center_client.post(plan_url(ls2, first_center, "items/"), {"text": "x"}).status_code
        == 403
    )
    item = ActionPlanItem.objects.filter(
        plan__center=first_center, ramp__isnull=True, kind="test"
    ).first()
    assert (
        other_center_client.post(
            f"/c/{demo.slug}/pdsa/action-plans/items/{item.public_id}/ramp/"
        ).status_code
        == 403
    )
    assert (
        other_center_client.post(
            f"/c/{demo.slug}/pdsa/action-plans/items/{item.public_id}/remove/"
        ).status_code
        == 403
    )
    item.refresh_from_db()
    assert item.ramp is None


@pytest.mark.parametrize("who", ["it_client", "faculty_client"])
def test_it_and_faculty_see_every_plan(request, who, demo, first_center, ls2, plan_url):
    client = request.getfixturevalue(who)
    listing = client.get(
        f"/c/{demo.slug}/pdsa/action-plans/?session={ls2.public_id}"
    ).content.decode()
    assert first_center.name in listing and "Action Period 2" in listing
    assert client.get(plan_url(ls2, first_center)).status_code == 200
    assert client.post(plan_url(ls2, first_center), {"support_wanted": "x"}).status_code == 403


def test_remove_an_item(center_client, center_access, demo, first_center, ls2):
    item = services.action_plan_item_add(
        access=center_access, center=first_center, event=ls2, kind="sustain", text="Orientation"
    )
    center_client.post(f"/c/{demo.slug}/pdsa/action-plans/items/{item.public_id}/remove/")
    assert not ActionPlanItem.objects.filter(pk=item.pk).exists()


def test_only_at_a_learning_session(center_access, demo, first_center):
    pre_work = demo.events.get(kind="pre_work")
    with pytest.raises(ValidationError):
        services.action_plan_item_add(
            access=center_access, center=first_center, event=pre_work, kind="test", text="x"
        )


def test_outsider_gets_404(outsider_client, demo, first_center, ls2, plan_url):
    assert outsider_client.get(plan_url(ls2, first_center)).status_code == 404
    assert outsider_client.get(f"/c/{demo.slug}/pdsa/action-plans/").status_code == 404


def test_the_progress_report_shows_the_plans(demo, first_center):
    from metrics.reports.context import progress_context, report_body
    from metrics.reports.models import Report

    report = Report.objects.get(kind="progress", center=first_center)
    context = progress_context(report)
    assert context["action_plans"]
    body = report_body(report, context)
    assert "Action Period 2" in body
    plan = ActionPlan.objects.get(center=first_center, event__number=2)
    for item in plan.items.all():
        assert item.text.replace("“", "").split()[0] in body


def test_pages_query_counts_do_not_grow(
    center_client, center_access, demo, first_center, ls2, plan_url
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    urls = [
        plan_url(ls2, first_center),
        f"/c/{demo.slug}/pdsa/action-plans/?session={ls2.public_id}",
    ]
    counts = []
    for extra in (0, 6):
        for n in range(extra):
            item = services.action_plan_item_add(
                access=center_access, center=first_center, event=ls2, kind="test", text=f"Idea {n}"
            )
            services.action_plan_item_start_ramp(access=center_access, item=item)
        for url in urls:
            center_client.get(url)
        with CaptureQueriesContext(connection) as queries:
            for url in urls:
                assert center_client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_ramp_choice_lists_the_teams_ramps_and_refuses_another_centers(
    center_client, first_center, second_center, ls2, plan_url
):
    from pdsa.cycles.models import Ramp

    own = Ramp.objects.filter(center=first_center).order_by("title")
    other = Ramp.objects.filter(center=second_center).first()
    page = center_client.get(plan_url(ls2, first_center)).content.decode()
    for ramp in own:
        assert f'<option value="{ramp.pk}">{ramp}</option>' in page
    assert f'<option value="{other.pk}">' not in page
    count = ActionPlanItem.objects.filter(plan__center=first_center).count()
    refused = center_client.post(
        plan_url(ls2, first_center, "items/"),
        {"kind": "spread", "text": "Spread it", "ramp": other.pk},
    )
    assert refused.status_code == 400
    assert "Select a valid choice" in refused.content.decode()
    assert ActionPlanItem.objects.filter(plan__center=first_center).count() == count


def test_the_list_counts_each_plans_items_and_ramps(
    center_client, center_access, demo, first_center, ls2
):
    import re

    before = ActionPlan.objects.filter(center=first_center, event=ls2).first()
    items = before.items.count() if before else 0
    ramps = before.items.filter(ramp__isnull=False).count() if before else 0
    services.action_plan_item_add(
        access=center_access, center=first_center, event=ls2, kind="test", text="Idea kept"
    )
    started = services.action_plan_item_add(
        access=center_access, center=first_center, event=ls2, kind="test", text="Idea tried"
    )
    services.action_plan_item_start_ramp(access=center_access, item=started)
    listing = center_client.get(
        f"/c/{demo.slug}/pdsa/action-plans/?session={ls2.public_id}"
    ).content.decode()
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", listing, re.S) if first_center.name in r)
    cells = [c.strip() for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
    assert cells[1:3] == [str(items + 2), str(ramps + 1)]


def test_the_list_pages_through_centers_and_searches_them(it_client, demo, ls2, monkeypatch):
    from pdsa.action_plans import views

    names = sorted(demo.centers.values_list("name", flat=True))
    monkeypatch.setattr(views, "CENTERS_PAGE_SIZE", 3)
    url = f"/c/{demo.slug}/pdsa/action-plans/"
    first = it_client.get(url, {"session": ls2.public_id}).content.decode()
    assert names[0] in first and names[3] not in first and "Page 1 of 3" in first
    assert f"session={ls2.public_id}&amp;page=2" in first
    second = it_client.get(url, {"session": ls2.public_id, "page": 2}).content.decode()
    assert names[3] in second and names[0] not in second
    found = it_client.get(url, {"session": ls2.public_id, "q": names[5]}).content.decode()
    assert names[5] in found and names[0] not in found


def test_the_forms_show_a_new_ramp_a_new_priority_the_saved_support_and_the_language(
    center_client, center_user, center_access, first_center, ls2, plan_url
):
    """The unfilled forms are kept drawn in the cache: each change they show draws them anew."""
    url = plan_url(ls2, first_center)
    center_client.get(url)
    ramp = Ramp.objects.create(center=first_center, title="A ramp added since")
    assert f'<option value="{ramp.pk}">A ramp added since</option>' in (
        center_client.get(url).content.decode()
    )
    ramp.title = "The same ramp, renamed"
    ramp.save()
    assert "The same ramp, renamed</option>" in center_client.get(url).content.decode()

    rating = priority_drivers(center_access, first_center)[0]
    rating.is_priority = False
    rating.save()
    page = center_client.get(url).content.decode()
    unmarked = re.search(
        rf'name="drivers" value="{rating.driver_id}"[^>]*> ([^<]*)</label>', page
    ).group(1)
    assert "our priority" not in unmarked

    center_client.post(url, {"support_wanted": "A visit in March"})
    assert "A visit in March</textarea>" in center_client.get(url).content.decode()

    center_user.language = "es"
    center_user.save()
    assert "Rampa para ampliar o difundir" in center_client.get(url).content.decode()


def test_a_retired_driver_stays_on_the_plan_but_is_no_longer_offered(
    center_client, demo, first_center, ls1, plan_url
):
    from django.utils import timezone

    from collaboratives.framework.models import SecondaryDriver

    ActionPlan.objects.filter(center=first_center, event=ls1).delete()
    first, second = _driver_ids(demo)
    center_client.post(plan_url(ls1, first_center), {"focus_drivers": [first, second]})
    center_client.post(
        plan_url(ls1, first_center, "items/"),
        {"kind": "test", "text": "Try a visual schedule", "drivers": [second]},
    )
    retired = SecondaryDriver.objects.select_related("primary").get(pk=second)
    retired.retired_at = timezone.now()
    retired.save()
    page = center_client.get(plan_url(ls1, first_center)).content.decode()
    focus = page.split("Drivers we focus on", 1)[1].split("</ul>", 1)[0]
    assert str(retired) in focus
    item = page.split("Try a visual schedule", 1)[1].split("</li>", 1)[0]
    assert str(retired) in item
    assert f'name="focus_drivers" value="{second}"' not in page
    assert f'name="focus_drivers" value="{first}"' in page
