"""Affinity groups as real groups: members from the center teams by role, co-leads, calls
addressed to the group, its board channel, and "my affinity group" on the home."""

from collaboratives.affinity.models import AffinityGroup
from collaboratives.membership.models import Membership

GROUPS = "/c/bsc-sel/affinity-groups/"


def teachers(demo) -> AffinityGroup:
    return AffinityGroup.objects.get(collaborative=demo, center_role="teacher")


def test_group_page_lists_members_leads_calls_and_channel(demo, center_client):
    group = teachers(demo)
    page = center_client.get(f"{GROUPS}{group.public_id}/").content.decode()
    teacher_members = Membership.objects.filter(collaborative=demo, center_role="teacher")
    assert teacher_members.count() > 2
    for member in teacher_members:
        assert member.user.get_full_name() in page
    assert group.faculty_lead.get_full_name() in page and group.it_lead.get_full_name() in page
    assert "Visual schedules: what children noticed" in page  # a past call, with its notes
    assert "Each center brings one example next time." in page
    assert "/c/bsc-sel/board/?group=teacher" in page
    channel = center_client.get("/c/bsc-sel/board/?group=teacher").content.decode()
    assert "Visual schedule cards that survive toddlers" in channel
    assert "What families told us about the daily log" not in channel


def test_my_affinity_group_on_home(demo, client_for, center_client):
    teacher = Membership.objects.filter(collaborative=demo, center_role="teacher").first().user
    home = client_for(teacher).get("/c/bsc-sel/").content.decode()
    assert "My affinity group" in home and "Teachers&#x27; affinity group" in home
    # The team leader is in neither group.
    assert "My affinity group" not in center_client.get("/c/bsc-sel/").content.decode()


def test_api_reads_groups_and_members(demo, center_client, outsider_client):
    body = center_client.get("/api/v1/collaboratives/bsc-sel/affinity-groups/").json()
    rows = body["results"] if isinstance(body, dict) else body
    assert {row["center_role"] for row in rows} == {"teacher", "family_representative"}
    count = Membership.objects.filter(collaborative=demo, center_role="teacher").count()
    assert next(r for r in rows if r["center_role"] == "teacher")["member_count"] == count
    group = teachers(demo)
    detail = center_client.get(f"/api/v1/collaboratives/bsc-sel/affinity-groups/{group.public_id}/")
    assert len(detail.json()["members"]) == count
    assert (
        center_client.post("/api/v1/collaboratives/bsc-sel/affinity-groups/", {}).status_code == 405
    )
    assert outsider_client.get("/api/v1/collaboratives/bsc-sel/affinity-groups/").status_code == 404


def test_it_creates_and_edits_groups_with_clear_errors(
    demo, it_client, center_client, faculty_user, it_user
):
    response = it_client.post(f"{GROUPS}new/", {"name": "", "center_role": "teacher"})
    assert "This field is required." in response.content.decode()
    response = it_client.post(f"{GROUPS}new/", {"name": "Teachers again", "center_role": "teacher"})
    assert "This role already has an affinity group." in response.content.decode()
    response = it_client.post(
        f"{GROUPS}new/",
        {"name": "Senior leaders", "center_role": "senior_leader", "faculty_lead": it_user.email},
    )
    assert "Select a valid choice" in response.content.decode()
    response = it_client.post(
        f"{GROUPS}new/",
        {
            "name": "Senior leaders",
            "center_role": "senior_leader",
            "faculty_lead": faculty_user.email,
            "it_lead": it_user.email,
        },
    )
    assert response.status_code == 302
    group = AffinityGroup.objects.get(collaborative=demo, center_role="senior_leader")
    assert group.faculty_lead == faculty_user and group.it_lead == it_user
    assert center_client.get(f"{GROUPS}new/").status_code == 403
    assert center_client.get(f"{GROUPS}{group.public_id}/edit/").status_code == 403
    response = it_client.post(
        f"{GROUPS}{group.public_id}/edit/", {"name": "Directors", "center_role": "senior_leader"}
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.name == "Directors" and group.faculty_lead is None


def test_outsider_gets_404(demo, outsider_client):
    group = teachers(demo)
    assert outsider_client.get(GROUPS).status_code == 404
    assert outsider_client.get(f"{GROUPS}{group.public_id}/").status_code == 404
