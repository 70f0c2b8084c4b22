"""The IT's page of failed deliveries: who did not get what and why, and Resend."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bsc.models import Notification, User
from bsc.notifications import deliver_pending, notify


def _failed(collaborative, recipient, key="k", error="Header values can't contain newlines"):
    row, _created = notify(
        kind="event_reminder.test",
        object_key=key,
        recipient=recipient,
        subject=f"Reminder: Kick-off {key}",
        collaborative=collaborative,
    )
    Notification.objects.filter(pk=row.pk).update(
        status=Notification.Status.FAILED, attempts=5, last_error=error
    )
    return row


@pytest.fixture
def page(demo):
    return reverse("collaboratives:outbox-failed", args=[demo.slug])


def test_it_sees_each_failed_delivery_with_its_reason(it_client, demo, faculty_user, page):
    _failed(demo, faculty_user)
    response = it_client.get(page)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Reminder: Kick-off k" in html
    assert faculty_user.email in html
    assert "Header values can&#x27;t contain newlines" in html
    assert "Resend" in html


def test_the_it_navigation_leads_to_the_page_and_others_do_not_see_it(
    it_client, faculty_client, demo, page
):
    home = reverse("portal:collaborative", args=[demo.slug])
    assert page in it_client.get(home).content.decode()
    assert page not in faculty_client.get(home).content.decode()
    assert faculty_client.get(page).status_code == 403


def test_resend_delivers_the_failed_notification_once(
    it_client, demo, faculty_user, page, eager_tasks
):
    row = _failed(demo, faculty_user)
    mail.outbox.clear()
    url = reverse("collaboratives:outbox-resend", args=[demo.slug, row.public_id])
    response = it_client.post(url, follow=True)
    assert response.status_code == 200
    assert "1 notification is queued to be sent again." in response.content.decode()
    deliver_pending()  # whatever the task left, e.g. with the broker down
    row.refresh_from_db()
    assert row.status == Notification.Status.SENT
    assert [m.to for m in mail.outbox if m.subject == "Reminder: Kick-off k"] == [
        [faculty_user.email]
    ]
    assert "Every notification was delivered." in it_client.get(page).content.decode()


def test_resend_all_queues_every_failed_notification_of_this_collaborative_only(
    it_client, demo, other_collaborative, faculty_user, outsider
):
    mine = [_failed(demo, faculty_user, key=str(n)) for n in range(3)]
    theirs = _failed(other_collaborative, outsider, key="theirs")
    url = reverse("collaboratives:outbox-resend-all", args=[demo.slug])
    it_client.post(url)
    assert {r.status for r in Notification.objects.filter(pk__in=[r.pk for r in mine])} == {
        Notification.Status.PENDING
    }
    theirs.refresh_from_db()
    assert theirs.status == Notification.Status.FAILED


def test_another_tenants_it_cannot_resend_or_see_this_collaboratives_failures(
    outsider_client, demo, other_collaborative, faculty_user
):
    row = _failed(demo, faculty_user)
    own_slug = other_collaborative.slug
    assert (
        outsider_client.get(reverse("collaboratives:outbox-failed", args=[own_slug])).status_code
        == 200
    )
    assert (
        "Reminder: Kick-off"
        not in outsider_client.get(
            reverse("collaboratives:outbox-failed", args=[own_slug])
        ).content.decode()
    )
    response = outsider_client.post(
        reverse("collaboratives:outbox-resend", args=[own_slug, row.public_id])
    )
    assert response.status_code == 404
    row.refresh_from_db()
    assert row.status == Notification.Status.FAILED


def test_page_query_count_does_not_grow_with_the_failures(it_client, demo, page):
    people = User.objects.bulk_create(User(email=f"failed{n}@example.org") for n in range(12))
    _failed(demo, people[0])
    with CaptureQueriesContext(connection) as few:
        assert it_client.get(page).status_code == 200
    for n, person in enumerate(people[1:]):
        _failed(demo, person, key=f"more-{n}")
    with CaptureQueriesContext(connection) as many:
        assert it_client.get(page).status_code == 200
    assert len(many) == len(few)
