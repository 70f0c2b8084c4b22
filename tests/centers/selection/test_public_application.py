"""The public application: no account, save and resume by an e-mailed link, submit locks it,
and every public URL refuses abuse."""

import datetime
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from centers.selection import services
from centers.selection.forms import ANSWER_MAX_CHARS
from centers.selection.models import Application

pytestmark = pytest.mark.django_db


def _resume_link(message) -> str:
    match = re.search(r"https?://[^/\s]+(/c/\S+/resume/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_anonymous_sees_appendix_i(client, open_period, apply_url):
    response = client.get(apply_url(open_period))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Center Overview" in body
    assert "Part 2. Center Experience and Readiness" in body
    assert "Do not exceed three printed pages for all of Part 2." in body
    assert 'data-word-limit="300"' in body
    assert "Staff have had prior training in the Pyramid Model" in body


def test_missing_answers_show_errors_and_keep_what_was_typed(
    client, open_period, apply_url, complete_post
):
    data = complete_post(q_strengths="", q_goals="", senior_leader_name="")
    data["center_overview_note"] = "ignored"
    data["q_center_overview"] = "We run four classrooms & a garden."
    response = client.post(apply_url(open_period), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert body.count("Please answer this question.") == 2
    assert "This field is required to submit." in body
    assert "We run four classrooms &amp; a garden." in body
    assert 'value="Acorn Early Learning"' in body
    # The draft was kept (not submitted), so nothing typed is lost.
    application = Application.objects.get(period=open_period)
    assert application.status == Application.Status.DRAFT
    assert application.answers["center_overview"] == "We run four classrooms & a garden."


def test_over_the_word_limit(client, open_period, apply_url, complete_post):
    response = client.post(
        apply_url(open_period), complete_post(q_strengths="word " * 301, action="save")
    )
    assert response.status_code == 400
    assert "301 words: the limit is 300." in response.content.decode()
    assert not Application.objects.filter(period=open_period).exists()


def test_closed_period_says_so(client, open_period, apply_url, complete_post):
    open_period.closes_on = datetime.date(2020, 1, 31)
    open_period.opens_on = datetime.date(2020, 1, 1)
    open_period.save()
    response = client.get(apply_url(open_period))
    assert response.status_code == 200
    assert "Applications are closed" in response.content.decode()
    response = client.post(apply_url(open_period), complete_post())
    assert "Applications are closed" in response.content.decode()
    assert not Application.objects.filter(period=open_period).exists()


def test_save_emails_a_link_that_resumes_once(client, open_period, apply_url, complete_post):
    response = client.post(
        apply_url(open_period), complete_post(action="save", q_goals="Grow together.")
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["kim.contact@acorn.test"]
    link = _resume_link(mail.outbox[0])
    # Another browser (no session) resumes from the e-mailed link.
    other = client.__class__()
    assert other.get(apply_url(open_period)).content.decode().count("Grow together.") == 0
    response = other.get(link)
    assert response.status_code == 302
    page = other.get(apply_url(open_period)).content.decode()
    assert "Grow together." in page
    assert "The link you used works only once" in page
    # A reused link and a wrong link are both 404.
    assert client.__class__().get(link).status_code == 404
    assert other.get(link.replace("/resume/", "/resume/x")).status_code == 404


def test_submit_locks_and_gives_a_copy(client, open_period, apply_url, complete_post):
    response = client.post(apply_url(open_period), complete_post())
    assert response.status_code == 302
    application = Application.objects.get(period=open_period)
    assert application.status == Application.Status.SUBMITTED
    assert application.submitted_questions == open_period.questions
    copy = client.get(response["Location"])
    assert copy.status_code == 200
    assert "Our answer about center overview." in copy.content.decode()
    # The application page now only shows the copy; a second post changes nothing.
    again = client.post(apply_url(open_period), complete_post(center_name="Changed"))
    assert again.status_code == 302
    application.refresh_from_db()
    assert application.center_name == "Acorn Early Learning"
    pdf = client.get(f"{apply_url(open_period)}copy.pdf")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")


def test_copy_needs_the_applicants_session(client, submitted, open_period, apply_url):
    assert client.get(f"{apply_url(open_period)}copy/").status_code == 404
    assert client.get(f"{apply_url(open_period)}copy.pdf").status_code == 404


def test_letter_is_checked_by_content(client, open_period, apply_url, complete_post):
    fake = SimpleUploadedFile("letter.pdf", b"<html><script>1</script></html>")
    response = client.post(apply_url(open_period), complete_post(letter=fake))
    assert response.status_code == 400
    assert "The letter of commitment must be a PDF." in response.content.decode()
    png = SimpleUploadedFile(
        "letter.pdf",
        bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            "1f15c4890000000d49444154789c6360000002000185d4b95b0000000049454e44ae426082"
        ),
    )
    response = client.post(apply_url(open_period), complete_post(letter=png))
    assert "The letter of commitment must be a PDF." in response.content.decode()


def test_letter_size_is_limited(client, open_period, apply_url, complete_post):
    big = SimpleUploadedFile(
        "letter.pdf", b"%PDF-1.4\n" + b"0" * services.LETTER_MAX_BYTES + b"\n%%EOF\n"
    )
    response = client.post(apply_url(open_period), complete_post(letter=big))
    assert response.status_code == 400
    assert "The letter is too large" in response.content.decode()


def test_answer_size_is_limited(client, open_period, apply_url, complete_post):
    response = client.post(
        apply_url(open_period),
        complete_post(q_author="x" * (ANSWER_MAX_CHARS + 1), action="save"),
    )
    assert response.status_code == 400
    assert not Application.objects.filter(period=open_period).exists()


def test_spam_trap_keeps_nothing(client, open_period, apply_url, complete_post):
    response = client.post(apply_url(open_period), complete_post(website="http://spam.example"))
    assert response.status_code == 400
    assert not Application.objects.filter(period=open_period).exists()
    assert mail.outbox == []


def test_posts_are_rate_limited_per_address(
    client, open_period, apply_url, complete_post, settings
):
    settings.SELECTION_POSTS_PER_HOUR = 3
    for _ in range(3):
        client.post(apply_url(open_period), {"center_name": ""}, REMOTE_ADDR="10.0.0.1")
    refused = client.post(apply_url(open_period), complete_post(), REMOTE_ADDR="10.0.0.1")
    assert refused.status_code == 429
    assert not Application.objects.filter(period=open_period).exists()
    # Another address is not held back.
    other = client.post(apply_url(open_period), complete_post(), REMOTE_ADDR="10.0.0.2")
    assert other.status_code == 302


def test_resume_guesses_are_rate_limited(client, open_period, apply_url, settings):
    settings.SELECTION_POSTS_PER_HOUR = 2
    url = f"{apply_url(open_period)}resume/guess/"
    assert [client.get(url).status_code for _ in range(3)] == [404, 404, 429]


def test_what_is_typed_is_shown_escaped(
    client, it_client, open_period, apply_url, complete_post, demo
):
    script = "<script>alert(1)</script>"
    response = client.post(
        apply_url(open_period), complete_post(center_name=f"Acorn {script}", q_goals=script)
    )
    copy = client.get(response["Location"]).content.decode()
    assert script not in copy
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in copy
    application = Application.objects.get(period=open_period)
    assert application.answers["goals"] == script
    page = it_client.get(f"/c/{demo.slug}/selection/applications/{application.public_id}/")
    assert page.status_code == 200
    assert script not in page.content.decode()


def test_demographics_are_counts_that_add_up(client, open_period, apply_url, complete_post):
    response = client.post(
        apply_url(open_period), complete_post(d_total="10", d_age_preschool="30", action="save")
    )
    assert response.status_code == 400
    assert "more than the 10 children" in response.content.decode()
    response = client.post(apply_url(open_period), complete_post(d_age_infants="-1"))
    assert response.status_code == 400


def test_the_link_of_one_collaborative_reaches_no_other(
    client, open_period, other_collaborative, apply_url, complete_post
):
    from centers.selection.models import ApplicationPeriod

    other = ApplicationPeriod.objects.create(
        collaborative=other_collaborative,
        name="Riverside applications",
        opens_on=datetime.date(2020, 1, 1),
        closes_on=datetime.date(2099, 1, 1),
        questions=open_period.questions,
    )
    # The period's secret under another collaborative's address is unknown there.
    assert (
        client.get(f"/c/{other_collaborative.slug}/apply/{open_period.token}/").status_code == 404
    )
    assert (
        client.get(f"/c/{open_period.collaborative.slug}/apply/{other.token}/").status_code == 404
    )
    # A resume link of this collaborative's draft does not open under the other's period.
    client.post(apply_url(open_period), complete_post(action="save"))
    link = re.search(r"/resume/(\S+)/", mail.outbox[0].body).group(1)
    stranger = client.__class__()
    assert stranger.get(f"{apply_url(other)}resume/{link}/").status_code == 404
    assert stranger.get(f"{apply_url(other)}copy/").status_code == 404
    # ...and the link still works where it belongs (the failed tries did not spend it).
    assert stranger.get(f"{apply_url(open_period)}resume/{link}/").status_code == 302
    # A session holding this collaborative's draft sees nothing of it on the other's page.
    page = stranger.get(apply_url(other)).content.decode()
    assert "Acorn Early Learning" not in page
    assert "Riverside" in page
