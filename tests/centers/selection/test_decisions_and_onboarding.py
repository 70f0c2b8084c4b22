"""Decisions, letters sent once, and acceptance that makes one center and invites its team."""

import pytest
from django.core import mail

from centers.selection import services
from centers.selection.appendix_i import EXPECTATIONS
from centers.selection.models import Application
from centers.teams.models import Center
from collaboratives.membership.models import Invitation

pytestmark = pytest.mark.django_db


def test_decision_is_recorded_with_an_internal_reason(submitted, it_client, demo):
    url = f"/c/{demo.slug}/selection/applications/{submitted.public_id}/"
    response = it_client.post(url, {"decision": "maybe"})
    assert response.status_code == 400
    response = it_client.post(url, {"decision": "accepted", "reason": "Strong family partnership"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.decision == "accepted"
    assert submitted.decision_reason == "Strong family partnership"
    assert "Strong family partnership" not in services.letter_text(submitted)


def test_a_draft_cannot_be_decided(open_period, it_access):
    draft = services.application_save(
        period=open_period, data={"center_name": "Draft", "contact_email": "d@example.org"}
    )
    with pytest.raises(services.ValidationError):
        services.decision_record(
            access=it_access, application=draft, decision="accepted", reason=""
        )


def test_letters_preview_then_send_once(
    submitted,
    open_period,
    it_access,
    it_client,
    demo,
    make_submitted,
    django_capture_on_commit_callbacks,
):
    declined = make_submitted(open_period, "Birch House")
    services.decision_record(
        access=it_access, application=submitted, decision="accepted", reason=""
    )
    services.decision_record(access=it_access, application=declined, decision="declined", reason="")
    url = f"/c/{demo.slug}/selection/{open_period.public_id}/letters/"
    preview = it_client.get(url).content.decode()
    assert "We are delighted to welcome <strong>Acorn Early Learning</strong>" in preview
    assert EXPECTATIONS[0].split(" (")[0] in preview
    assert "not able to offer Birch House a place" in preview
    assert "Send 2 letters now" in preview
    assert Center.objects.filter(name="Acorn Early Learning").count() == 0
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert it_client.post(url, {"action": "send"}).status_code == 302
    letters = [m for m in mail.outbox if m.subject.startswith("Your application")]
    assert len(letters) == 2
    accepted = next(m for m in letters if "sam.senior@acorn.test" in m.to)
    assert "kim.contact@acorn.test" in accepted.to
    assert "team name and motto" in accepted.body
    # Sending again sends nothing; the letter kept is the one that went out.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        it_client.post(url, {"action": "send"})
    assert [m for m in mail.outbox if m.subject.startswith("Your application")] == []
    open_period.letter_accepted = "Changed template"
    open_period.save()
    submitted.refresh_from_db()
    assert "delighted" in submitted.letter_body
    # The decision stands once its letter went out.
    with pytest.raises(services.ValidationError):
        services.decision_record(
            access=it_access, application=submitted, decision="declined", reason=""
        )


def test_acceptance_creates_one_center_and_invites_the_team(
    submitted, it_access, demo, django_capture_on_commit_callbacks
):
    services.decision_record(
        access=it_access, application=submitted, decision="accepted", reason=""
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        center = services.application_onboard(access=it_access, application=submitted)
    again = services.application_onboard(access=it_access, application=submitted)
    assert again.pk == center.pk
    assert Center.objects.filter(collaborative=demo, name="Acorn Early Learning").count() == 1
    assert center.status == Center.Status.SELECTED
    assert center.center_type == "stand_alone"
    submitted.refresh_from_db()
    assert submitted.center == center
    invitations = Invitation.objects.filter(center=center).order_by("email")
    assert [(i.email, i.center_role) for i in invitations] == [
        ("fran@acorn.test", "family_representative"),
        ("sam.senior@acorn.test", "senior_leader"),
        ("tara@acorn.test", "team_leader"),
        ("terry@acorn.test", "teacher"),
    ]
    assert all(i.role == "center_member" for i in invitations)
    assert sorted(m.to[0] for m in mail.outbox) == [i.email for i in invitations]


def test_only_accepted_applications_are_onboarded(submitted, it_access):
    services.decision_record(
        access=it_access, application=submitted, decision="waitlisted", reason=""
    )
    with pytest.raises(services.ValidationError):
        services.application_onboard(access=it_access, application=submitted)
    assert not Center.objects.filter(name="Acorn Early Learning").exists()


def test_welcome_packet_page_and_pdf(demo, it_client, center_client, first_center):
    url = f"/c/{demo.slug}/centers/{first_center.slug}/welcome/"
    page = center_client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Maria Alvarez" in body  # the IT senior leader
    assert "Lena Brooks" in body  # a faculty coach
    assert "Maple Street Head Start" in body  # another center's team
    assert "team name and motto" in body
    pdf = it_client.get(f"/c/{demo.slug}/centers/{first_center.slug}/welcome.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_demo_history(demo):
    period = demo.application_periods.get(name="BSC-SEL center selection")
    applications = period.applications.all()
    assert applications.count() == 12
    assert applications.filter(status=Application.Status.DRAFT).count() == 1
    assert set(applications.values_list("decision", flat=True)) == {
        "accepted",
        "waitlisted",
        "declined",
        "",
    }
    for application in applications.filter(status="submitted"):
        assert application.reviews.filter(submitted_at__isnull=False).count() == 2
    assert applications.filter(center__isnull=False).count() == 8
    assert demo.outreach_contacts.count() >= 5


def test_another_tenants_application_is_404(other_collaborative, submitted, client_for, demo):
    from bsc.models import User

    other_it = User.objects.get(email="other@demo.test")
    client = client_for(other_it)
    assert (
        client.get(
            f"/c/{other_collaborative.slug}/selection/applications/{submitted.public_id}/"
        ).status_code
        == 404
    )
    assert (
        client.get(
            f"/api/v1/collaboratives/{other_collaborative.slug}/applications/{submitted.public_id}/"
        ).status_code
        == 404
    )


def test_faculty_reach_the_application_from_the_center_page(
    demo, faculty_client, center_client, first_center
):
    application = first_center.application
    url = f"/c/{demo.slug}/selection/applications/{application.public_id}/"
    assert (
        url in faculty_client.get(f"/c/{demo.slug}/centers/{first_center.slug}/").content.decode()
    )
    assert (
        url
        not in center_client.get(f"/c/{demo.slug}/centers/{first_center.slug}/").content.decode()
    )
    assert faculty_client.get(url).status_code == 200
