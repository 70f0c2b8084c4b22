import pytest

from collaboratives.schedule.models import Event

pytestmark = pytest.mark.django_db

API = "/api/v1/collaboratives/bsc-sel"


@pytest.mark.parametrize("depth", [5_000, 100])
def test_deeply_nested_json_is_a_400(it_client, depth):
    nested = "[" * depth + "]" * depth
    body = '{"kind": "faculty_call", "title": "Deep", "agenda": ' + nested + "}"
    response = it_client.post(f"{API}/events/", body, content_type="application/json")
    assert response.status_code == 400
    assert "nests more than 32 levels" in response.json()["detail"]
    assert not Event.objects.filter(title="Deep").exists()


def test_ordinary_nesting_still_parses(it_client):
    response = it_client.post(
        f"{API}/events/",
        '{"title": "Shallow", "facilitators": [[]]}',
        content_type="application/json",
    )
    assert response.status_code == 400  # refused field by field, not as unparseable
    assert "detail" not in response.json() and "kind" in response.json()
