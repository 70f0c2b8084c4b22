"""The public application in four steps, saved as you go: each change posts the form in the
background and the page says "Saved at …" or why not; submitting stays at the end. The
public URL refuses abuse the same way for these saves."""

import datetime

import pytest
from django.core import mail
from django.test import Client

from centers.selection.forms import ANSWER_MAX_CHARS
from centers.selection.models import Application

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _autosave(client, url, data, **extra):
    data = {key: value for key, value in data.items() if key not in ("letter", "action")}
    return client.post(url, {**data, "autosave": "1"}, **HTMX, **extra)


def test_the_form_shows_four_steps_saved_as_you_go(client, open_period, apply_url):
    page = client.get(apply_url(open_period)).content.decode()
    for n in range(1, 5):
        assert f'<section class="step" id="step-{n}" aria-labelledby="step-{n}-h">' in page
        assert f'<span class="step-count">Step {n} of 4</span>' in page
        assert f'<a href="#step-{n}">' in page
    assert '<nav class="steps-nav" aria-label="Steps of the application">' in page
    assert '<span id="autosave-status" role="status" aria-live="polite"></span>' in page
    assert 'class="stack steps steps-on-phone"' in page
    assert 'hx-params="not letter"' in page and 'hx-vals=\'{"autosave": "1"}\'' in page
    # Submitting is in the last step.
    assert page.index('id="step-4"') < page.index('value="submit"')


def test_a_change_is_saved_without_an_email(client, open_period, apply_url, complete_post):
    url = apply_url(open_period)
    # A draft is kept once there is the key contact's e-mail, to which its link is sent.
    early = _autosave(client, url, {"center_name": "Acorn Early Learning"})
    assert '<a href="#id_contact_email">This field is required.</a>' in early.content.decode()
    assert not Application.objects.filter(period=open_period).exists()
    response = _autosave(
        client, url, {"center_name": "Acorn Early Learning", "contact_email": "kim@acorn.test"}
    )
    assert response.status_code == 200
    assert "Saved at" in response.content.decode()
    application = Application.objects.get(period=open_period)
    assert application.status == Application.Status.DRAFT
    assert application.center_name == "Acorn Early Learning"
    assert mail.outbox == []
    # The next change saves the same draft, and the page shows what was typed.
    _autosave(client, url, complete_post(q_goals="Grow together."))
    assert Application.objects.filter(period=open_period).count() == 1
    application.refresh_from_db()
    assert application.answers["goals"] == "Grow together."
    assert "Grow together." in client.get(url).content.decode()
    # Submitting at the end still works, with the letter.
    assert client.post(url, complete_post()).status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED and application.letter


def test_a_refused_change_says_why_with_links(client, open_period, apply_url, complete_post):
    url = apply_url(open_period)
    response = _autosave(client, url, complete_post(q_strengths="word " * 301))
    body = response.content.decode()
    assert response.status_code == 200 and "Not saved yet:" in body
    assert '<a href="#id_q_strengths">301 words: the limit is 300.</a>' in body
    assert not Application.objects.filter(period=open_period).exists()


def test_oversized_input_is_refused(client, open_period, apply_url, complete_post):
    url = apply_url(open_period)
    response = _autosave(client, url, complete_post(q_goals="x" * (ANSWER_MAX_CHARS + 1)))
    assert "Not saved yet:" in response.content.decode()
    response = _autosave(client, url, complete_post(center_name="A" * 5000, d_total="1" * 30))
    body = response.content.decode()
    assert "Not saved yet:" in body and "#id_center_name" in body and "#id_d_total" in body
    assert not Application.objects.filter(period=open_period).exists()


def test_the_letter_is_not_sent_with_a_change(client, open_period, apply_url, complete_post):
    url = apply_url(open_period)
    data = {key: value for key, value in complete_post().items() if key != "action"}
    client.post(url, {**data, "autosave": "1"}, **HTMX)
    assert not Application.objects.get(period=open_period).letter


def test_the_spam_trap_keeps_nothing(client, open_period, apply_url, complete_post):
    response = _autosave(client, apply_url(open_period), complete_post(website="http://x.test"))
    assert response.status_code == 400
    assert not Application.objects.filter(period=open_period).exists()


def test_changes_have_their_own_rate_limit(client, open_period, apply_url, complete_post, settings):
    settings.SELECTION_AUTOSAVES_PER_HOUR = 2
    settings.SELECTION_POSTS_PER_HOUR = 2
    url = apply_url(open_period)
    contact = {"contact_email": "kim@acorn.test"}
    for _ in range(2):
        saved = _autosave(client, url, {"center_name": "A", **contact})
        assert "Saved at" in saved.content.decode()
    refused = _autosave(client, url, {"center_name": "Changed", **contact})
    assert "Too many saves from this connection." in refused.content.decode()
    assert Application.objects.get(period=open_period).center_name == "A"
    # The saves as you go did not use up the buttons' own limit.
    assert client.post(url, complete_post()).status_code == 302


def test_bad_links_are_404(client, open_period, other_collaborative, apply_url):
    data = {"center_name": "A"}
    assert (
        _autosave(client, f"/c/{open_period.collaborative.slug}/apply/nope/", data).status_code
        == 404
    )
    assert (
        _autosave(
            client, f"/c/{other_collaborative.slug}/apply/{open_period.token}/", data
        ).status_code
        == 404
    )
    assert not Application.objects.filter(center_name="A").exists()


def test_a_change_needs_the_csrf_token(open_period, apply_url):
    strict = Client(enforce_csrf_checks=True)
    response = _autosave(strict, apply_url(open_period), {"center_name": "A"})
    assert response.status_code == 403
    assert not Application.objects.filter(period=open_period).exists()


def test_a_submitted_or_closed_application_does_not_change(
    client, open_period, apply_url, complete_post
):
    url = apply_url(open_period)
    client.post(url, complete_post())
    refused = _autosave(client, url, {"center_name": "Changed"})
    assert "can no longer change" in refused.content.decode()
    assert Application.objects.get(period=open_period).center_name == "Acorn Early Learning"
    open_period.opens_on = datetime.date(2020, 1, 1)
    open_period.closes_on = datetime.date(2020, 1, 31)
    open_period.save()
    stranger = Client()
    closed = _autosave(stranger, url, {"center_name": "Late"})
    assert "The application period is closed." in closed.content.decode()
    assert not Application.objects.filter(center_name="Late").exists()


def test_a_refused_submit_shows_every_step(client, open_period, apply_url, complete_post):
    response = client.post(apply_url(open_period), complete_post(q_goals=""))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="stack steps"' in page and "steps-on-phone" not in page
