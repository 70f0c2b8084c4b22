"""A post on the shared board addressed to an affinity group: chosen when writing (by the
group's members and co-leads, or the Implementation Team and faculty), shown with the group's
name, found with the group's filter, and told to the group's members."""

import pytest
from django.utils.html import escape
from rest_framework.test import APIClient

from bsc.models import Notification
from collaboratives.affinity.models import AffinityGroup
from collaboratives.membership.models import Membership
from pdsa.board.models import Post

pytestmark = pytest.mark.django_db
NEW = "/c/bsc-sel/board/posts/new/"
API = "/api/v1/collaboratives/bsc-sel/posts/"


def _group(demo, role: str) -> AffinityGroup:
    return AffinityGroup.objects.get(collaborative=demo, center_role=role)


def _teachers(demo) -> list[Membership]:
    return list(
        Membership.objects.filter(collaborative=demo, center_role="teacher").select_related("user")
    )


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_teacher_writes_to_the_teachers_group(demo, client_for, center_user):
    teachers = _group(demo, "teacher")
    families = _group(demo, "family_representative")
    author, *others = _teachers(demo)
    client = client_for(author.user)
    form = client.get(NEW).content.decode()
    assert '<label for="id_affinity_group">Addressed to:</label>' in form
    assert "The whole collaborative" in form and teachers.name.replace("'", "&#x27;") in form
    assert families.name.replace("'", "&#x27;") not in form

    response = client.post(
        NEW,
        {
            "kind": "question",
            "affinity_group": teachers.pk,
            "title": "Songs for clean-up time",
            "body": "Which song works best?",
        },
        follow=True,
    )
    post = Post.objects.get(title="Songs for clean-up time")
    assert post.affinity_group == teachers
    page = response.content.decode()
    assert "Addressed to the affinity group" in page and teachers.get_absolute_url() in page

    told = set(
        Notification.objects.filter(
            kind="pdsa.group_post", object_key=str(post.public_id)
        ).values_list("recipient_id", flat=True)
    )
    expected = {m.user_id for m in others} | {teachers.faculty_lead_id, teachers.it_lead_id}
    assert told == expected
    assert author.user_id not in told and center_user.pk not in told  # a team leader
    subject = Notification.objects.filter(kind="pdsa.group_post").first().subject
    assert teachers.name in subject and "Songs for clean-up time" in subject

    feed = client.get("/c/bsc-sel/board/?kind=post").content.decode()
    assert f"To {teachers.name}".replace("'", "&#x27;") in feed


def test_only_groups_of_the_author_can_be_chosen(demo, client_for, center_client):
    families = _group(demo, "family_representative")
    author = _teachers(demo)[0]
    response = client_for(author.user).post(
        NEW,
        {"kind": "discussion", "affinity_group": families.pk, "title": "Forged", "body": "x"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Post.objects.filter(title="Forged").exists()
    # A team leader is in no group: the form offers none and a posted group is not taken.
    assert "id_affinity_group" not in center_client.get(NEW).content.decode()
    center_client.post(
        NEW, {"kind": "discussion", "affinity_group": families.pk, "title": "Plain", "body": "x"}
    )
    assert Post.objects.get(title="Plain").affinity_group is None
    assert not Notification.objects.filter(kind="pdsa.group_post").exists()


def test_it_writes_to_any_group_and_the_filter_finds_it(demo, it_client):
    families = _group(demo, "family_representative")
    form = it_client.get(f"{NEW}?group={families.public_id}").content.decode()
    assert f'<option value="{families.pk}" selected>' in form
    for group in AffinityGroup.objects.filter(collaborative=demo):
        assert f'<option value="{group.pk}"' in form
    it_client.post(
        NEW,
        {"kind": "discussion", "affinity_group": families.pk, "title": "Family night", "body": "x"},
    )
    assert Post.objects.get(title="Family night").affinity_group == families
    channel = it_client.get("/c/bsc-sel/board/?group=family_representative&kind=post")
    assert "Family night" in channel.content.decode()
    other = it_client.get("/c/bsc-sel/board/?group=teacher&kind=post").content.decode()
    assert "Family night" not in other


def test_group_page_offers_writing_to_the_group(demo, client_for, center_client):
    teachers = _group(demo, "teacher")
    link = f"{NEW}?group={teachers.public_id}"
    page = client_for(_teachers(demo)[0].user).get(teachers.get_absolute_url()).content.decode()
    assert link in page and "Write to the group" in page
    assert link not in center_client.get(teachers.get_absolute_url()).content.decode()


def test_api_addresses_a_post_to_a_group(demo, other_collaborative, it_user):
    teachers = _group(demo, "teacher")
    author = _teachers(demo)[0].user
    api = _api(author)
    response = api.post(
        API,
        {"title": "API group post", "body": "Hello", "affinity_group": str(teachers.public_id)},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["affinity_group"] == str(teachers.public_id)
    assert response.json()["affinity_group_name"] == teachers.name
    post = Post.objects.get(title="API group post")
    assert post.affinity_group == teachers
    assert Notification.objects.filter(kind="pdsa.group_post", object_key=str(post.public_id))
    listed = api.get(API).json()["results"]
    plain = next(row for row in listed if row["affinity_group"] is None)
    assert plain["affinity_group_name"] is None

    elsewhere = AffinityGroup.objects.create(
        collaborative=other_collaborative, name="Riverside teachers", center_role="teacher"
    )
    families = _group(demo, "family_representative")
    for value, message in (
        (str(elsewhere.public_id), "Choose an affinity group of this collaborative."),
        ("00000000-0000-0000-0000-000000000000", "Choose an affinity group of this collaborative."),
        ("not-a-uuid", "Must be a valid UUID."),
        (str(families.public_id), "You can address a post only to a group you belong to."),
    ):
        bad = api.post(
            API, {"title": "Refused", "body": "x", "affinity_group": value}, format="json"
        )
        assert bad.status_code == 400, value
        assert bad.json()["affinity_group"] == [message]
    assert not Post.objects.filter(title="Refused").exists()

    change = api.patch(
        f"{API}{post.public_id}/", {"affinity_group": str(families.public_id)}, format="json"
    )
    assert change.status_code == 400 and "affinity_group" in change.json()
    same = api.patch(
        f"{API}{post.public_id}/",
        {"title": "Renamed", "affinity_group": str(teachers.public_id)},
        format="json",
    )
    assert same.status_code == 200 and same.json()["title"] == "Renamed"
    assert same.json()["affinity_group_name"] == teachers.name


def test_api_of_another_tenant_is_404(demo, outsider):
    teachers = _group(demo, "teacher")
    response = _api(outsider).post(
        API,
        {"title": "Outside", "body": "x", "affinity_group": str(teachers.public_id)},
        format="json",
    )
    assert response.status_code == 404
    assert not Post.objects.filter(title="Outside").exists()


def test_the_demo_board_has_posts_addressed_to_each_group(demo, it_client):
    board = it_client.get("/c/bsc-sel/board/").content.decode()
    for role in ("teacher", "family_representative"):
        group = _group(demo, role)
        assert Post.objects.filter(collaborative=demo, affinity_group=group).exists()
        assert f'<span class="badge">To {escape(group.name)}</span>' in board
