"""Comments on a center's chart for a month, on a resource and on a self-assessment, as on
the board; a center member's comment waits in the faculty feedback queue until a coach or the
IT answers."""

import pytest

from centers.assessments.models import SelfAssessment
from pdsa.discussion.models import ChartThread, Comment
from pdsa.library.models import Resource


@pytest.fixture
def chart_url(demo, first_center):
    metric = demo.metrics.order_by("order").first()
    month = demo.start_date.strftime("%Y-%m")
    return (
        f"/c/bsc-sel/metrics/centers/{first_center.slug}/charts/{metric.slug}/{month}/discussion/",
        metric,
    )


def test_teacher_comments_on_a_chart_and_it_reaches_the_feedback_queue(
    chart_url, center_client, faculty_client, first_center
):
    url, metric = chart_url
    page = center_client.get(url)
    assert page.status_code == 200 and "No comments yet." in page.content.decode()
    response = center_client.post(url, {"body": "Why the dip in **March**? @nobody"})
    assert response.status_code == 302
    thread = ChartThread.objects.get(center=first_center, metric=metric)
    comment = Comment.objects.get(chart=thread)
    assert "<strong>March</strong>" in comment.body_html
    assert "Why the dip" in center_client.get(url).content.decode()
    queue = faculty_client.get("/c/bsc-sel/feedback/").content.decode()
    assert f"Chart of {metric.name} at {first_center.name}" in queue
    # The coach answers in the thread: the discussion leaves the queue.
    response = faculty_client.post(
        f"/c/bsc-sel/charts/threads/{thread.public_id}/comments/",
        {"body": "Holiday week, I think.", "parent": str(comment.public_id)},
    )
    assert response.status_code == 302
    assert Comment.objects.get(parent=comment).chart == thread
    queue = faculty_client.get("/c/bsc-sel/feedback/").content.decode()
    assert f"Chart of {metric.name} at {first_center.name}" not in queue


def test_comment_on_a_resource_reaches_the_queue(demo, center_client, faculty_client):
    resource = Resource.objects.filter(collaborative=demo).first()
    url = f"/c/bsc-sel/resources/{resource.public_id}/"
    assert center_client.get(url).status_code == 200
    response = center_client.post(f"{url}comments/", {"body": "Is there a Spanish version?"})
    assert response.status_code == 302
    assert Comment.objects.filter(resource=resource).count() == 1
    assert "Is there a Spanish version?" in center_client.get(url).content.decode()
    assert (
        f"Resource: {resource.title}" in faculty_client.get("/c/bsc-sel/feedback/").content.decode()
    )


def test_comment_on_a_self_assessment(demo, center_client, faculty_client, first_center):
    assessment = SelfAssessment.objects.filter(center=first_center, status="submitted").first()
    if assessment is None:
        pytest.skip("the demo has no submitted self-assessment for the first center")
    url = f"/c/bsc-sel/self-assessments/{assessment.public_id}/discussion/"
    assert center_client.get(url).status_code == 200
    response = center_client.post(
        f"/c/bsc-sel/self-assessments/{assessment.public_id}/comments/", {"body": "We rated 2.5"}
    )
    assert response.status_code == 302
    assert Comment.objects.filter(self_assessment=assessment).exists()
    assert "Self-assessment of" in faculty_client.get("/c/bsc-sel/feedback/").content.decode()


def test_bad_input_and_outsiders(chart_url, center_client, outsider_client, demo):
    url, _metric = chart_url
    response = center_client.post(url, {"body": "   "}, follow=True)
    assert (
        "This field is required." in response.content.decode()
        or "Write a comment first." in response.content.decode()
    )
    assert (
        not ChartThread.objects.exists() or not Comment.objects.filter(chart__isnull=False).exists()
    )
    bad_month = url.replace(demo.start_date.strftime("%Y-%m"), "2001-01")
    assert center_client.get(bad_month).status_code == 404
    assert (
        center_client.get(url.replace(demo.start_date.strftime("%Y-%m"), "nonsense")).status_code
        == 404
    )
    assert outsider_client.get(url).status_code == 404
    resource = Resource.objects.filter(collaborative=demo).first()
    assert (
        outsider_client.post(
            f"/c/bsc-sel/resources/{resource.public_id}/comments/", {"body": "x"}
        ).status_code
        == 404
    )
