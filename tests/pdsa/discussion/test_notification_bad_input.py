import pytest

from bsc.models import Notification

pytestmark = pytest.mark.django_db


def test_marking_a_notification_with_a_malformed_id_is_refused(
    faculty_client, center_client, center_user, first_center
):
    from pdsa.cycles.models import Cycle

    cycle = Cycle.objects.filter(ramp__center=first_center).order_by("pk").first()
    faculty_client.post(f"/c/bsc-sel/pdsa/cycles/{cycle.public_id}/comments/", {"body": "Hi"})
    unread = Notification.objects.filter(recipient=center_user, read_at__isnull=True).count()
    assert unread > 0
    response = center_client.post(
        "/c/bsc-sel/notifications/read/", {"id": "not-a-uuid"}, follow=True
    )
    assert response.status_code == 200
    assert "That notification does not exist: nothing was marked." in response.content.decode()
    assert (
        Notification.objects.filter(recipient=center_user, read_at__isnull=True).count() == unread
    )
