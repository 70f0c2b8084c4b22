"""The Action Plan API: everyone reads; the team writes its own; 400s as on the page."""

from rest_framework.test import APIClient

from pdsa.action_plans.models import ActionPlan, ActionPlanItem


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _url(demo, event, center, tail=""):
    return f"/api/v1/collaboratives/{demo.slug}/action-plans/{event.public_id}/{center.slug}/{tail}"


def _driver(demo):
    from collaboratives.framework.models import SecondaryDriver

    return (
        SecondaryDriver.objects.filter(primary__framework__collaborative=demo)
        .order_by("pk")
        .first()
    )


def test_read_a_plan_with_progress(other_center_user, demo, first_center, ls2):
    body = _api(other_center_user).get(_url(demo, ls2, first_center)).json()
    assert body["items"]
    assert any(item["progress"] for item in body["items"] if item["ramp"])


def test_write_own_plan_and_add_an_item(center_user, demo, first_center, ls2):
    api = _api(center_user)
    driver = _driver(demo)
    response = api.put(
        _url(demo, ls2, first_center),
        {"focus_drivers": [str(driver.public_id)], "support_wanted": "A visit"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["focus_drivers"] == [str(driver.public_id)]
    plan = ActionPlan.objects.get(center=first_center, event=ls2)
    assert plan.support_wanted == "A visit"
    created = api.post(
        _url(demo, ls2, first_center, "items/"),
        {
            "kind": "test",
            "text": "Morning greeting",
            "who": "Ana",
            "drivers": [str(driver.public_id)],
        },
        format="json",
    )
    assert created.status_code == 201
    assert ActionPlanItem.objects.filter(plan=plan, text="Morning greeting").exists()


def test_bad_input_is_400(center_user, demo, first_center, ls1, ls2):
    api = _api(center_user)
    unknown = api.put(
        _url(demo, ls2, first_center),
        {"focus_drivers": ["00000000-0000-0000-0000-000000000000"]},
        format="json",
    )
    assert unknown.status_code == 400 and "focus_drivers" in unknown.json()
    missing = api.post(_url(demo, ls2, first_center, "items/"), {"kind": "test"}, format="json")
    assert missing.status_code == 400 and "text" in missing.json()
    early_kind = api.post(
        _url(demo, ls1, first_center, "items/"), {"kind": "spread", "text": "x"}, format="json"
    )
    assert early_kind.status_code == 400 and "kind" in early_kind.json()


def test_other_center_and_it_cannot_write(other_center_user, it_user, demo, first_center, ls2):
    for user in (other_center_user, it_user):
        api = _api(user)
        assert (
            api.put(
                _url(demo, ls2, first_center), {"support_wanted": "x"}, format="json"
            ).status_code
            == 403
        )
        assert (
            api.post(
                _url(demo, ls2, first_center, "items/"), {"text": "x"}, format="json"
            ).status_code
            == 403
        )


def test_outsider_gets_404(outsider, demo, first_center, ls2):
    assert _api(outsider).get(_url(demo, ls2, first_center)).status_code == 404
