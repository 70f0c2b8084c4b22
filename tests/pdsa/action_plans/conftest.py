import pytest

from bsc.tenancy import get_access


@pytest.fixture
def ls2(demo):
    return demo.events.get(kind="learning_session", number=2)


@pytest.fixture
def ls1(demo):
    return demo.events.get(kind="learning_session", number=1)


@pytest.fixture
def center_access(center_user, demo):
    return get_access(center_user, demo.slug)


@pytest.fixture
def plan_url(demo):
    def plan_url(event, center, tail=""):
        return f"/c/{demo.slug}/pdsa/action-plans/{event.public_id}/{center.slug}/{tail}"

    return plan_url
