"""An applicant applies on a phone, saves, resumes from the e-mailed link and submits; a
reviewer scores; the IT accepts and the proposed team is invited."""

import re

import pytest
from django.core import mail

from centers.selection.models import Application, ApplicationPeriod, Review
from collaboratives.membership.models import Invitation

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def test_apply_review_accept(phone_page, browser, page, live_server, login):
    mail.outbox = []
    period = ApplicationPeriod.objects.get(name="Spring cohort applications")
    apply_url = f"{live_server.url}/c/bsc-sel/apply/{period.token}/"

    phone = phone_page
    phone.goto(apply_url)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    # On a phone one step shows at a time; each change is saved as you go.
    assert phone.get_by_text("Step 1 of 4").is_visible()
    assert not phone.get_by_label("Center Overview").is_visible()
    phone.get_by_label("Center name").fill("Acorn Early Learning")
    phone.get_by_label("Key contact's e-mail").fill("kim@acorn.test")
    phone.get_by_label("Key contact's e-mail").blur()
    phone.get_by_text(re.compile(r"Saved at \d\d:\d\d")).wait_for()
    assert Application.objects.get(period=period).contact_email == "kim@acorn.test"
    phone.get_by_role("link", name="3. Questions").click()
    assert phone.get_by_text("Step 3 of 4").is_visible()
    assert not phone.get_by_label("Center name").is_visible()
    phone.get_by_label("Center Overview").fill("Four classrooms and a garden.")
    phone.get_by_role("link", name="4. Core team and submit").click()
    phone.get_by_role("button", name="Save and e-mail me a link").click()
    phone.get_by_text("A private link to come back was sent to kim@acorn.test").wait_for()

    link = re.search(r"https?://\S+/resume/\S+/", mail.outbox[-1].body).group(0)
    link = re.sub(r"^https?://[^/]+", live_server.url, link)
    again = browser.new_context(viewport={"width": 375, "height": 740})
    resumed = again.new_page()
    resumed.goto(link)
    assert resumed.get_by_label("Center Overview").input_value() == "Four classrooms and a garden."
    resumed.get_by_label("Center type").select_option("stand_alone")
    resumed.get_by_role("checkbox", name="Preschool").check()
    resumed.locator("[name=senior_leader_name]").fill("Sam Senior")
    resumed.get_by_label("Senior leader's e-mail").fill("sam@acorn.test")
    resumed.locator("[name=contact_name]").fill("Kim Contact")
    resumed.get_by_role("link", name="3. Questions").click()
    areas = resumed.locator("textarea[name^=q_]")
    for index in range(areas.count()):
        if not areas.nth(index).input_value():
            areas.nth(index).fill("Our answer.")
    resumed.get_by_role("link", name="4. Core team and submit").click()
    for row, (name, email, role) in enumerate(
        [
            ("Tara Leader", "tara@acorn.test", "team_leader"),
            ("Fran Family", "fran@acorn.test", "family_representative"),
        ]
    ):
        resumed.locator(f"[name=team_{row}_name]").fill(name)
        resumed.locator(f"[name=team_{row}_email]").fill(email)
        resumed.locator(f"[name=team_{row}_role]").select_option(role)
    resumed.locator("input[name=letter]").set_input_files(
        {"name": "letter.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    resumed.get_by_role("button", name="Submit the application").click()
    resumed.get_by_text("It can no longer change").wait_for()
    again.close()
    application = Application.objects.get(period=period)
    assert application.status == Application.Status.SUBMITTED

    # The IT assigns reviewers; one of them scores.
    login(page, live_server, "it@demo.test")
    page.goto(f"{live_server.url}/c/bsc-sel/selection/{period.public_id}/")
    page.get_by_role("button", name=re.compile("Assign reviewers")).click()
    review = Review.objects.filter(application=application).order_by("pk").first()
    assert review.reviewer.email == "it@demo.test"
    page.goto(f"{live_server.url}/c/bsc-sel/selection/applications/{application.public_id}/review/")
    for criterion in period.criteria.all():
        page.locator(f"#score_{criterion.public_id}_3").check()
    page.get_by_label("Recommendation").select_option("accept")
    page.get_by_role("button", name="Submit the review").click()
    page.get_by_text("Your review was saved.").wait_for()

    # The IT accepts, previews the letter and sends it: the center and invitations exist.
    page.get_by_label("Accepted").check()
    page.get_by_role("button", name="Record the decision").click()
    page.get_by_text("The decision was recorded.").wait_for()
    page.goto(f"{live_server.url}/c/bsc-sel/selection/{period.public_id}/letters/")
    assert "We are delighted to welcome" in page.locator("main").inner_text()
    page.get_by_role("button", name="Send 1 letter now").click()
    page.get_by_text("1 letters sent.").wait_for()
    application.refresh_from_db()
    assert application.center is not None
    invited = set(
        Invitation.objects.filter(center=application.center).values_list("email", "center_role")
    )
    assert invited == {
        ("sam@acorn.test", "senior_leader"),
        ("tara@acorn.test", "team_leader"),
        ("fran@acorn.test", "family_representative"),
    }
