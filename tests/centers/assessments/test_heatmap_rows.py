"""The heatmap: one row per center from cached cells, a primary driver at a time, and a
change to the data or to a center's name shows at once."""

import re

import pytest
from django.urls import reverse

from centers.assessments.models import Rating, SelfAssessment

pytestmark = pytest.mark.django_db


def _row(body: str, center_name: str) -> str:
    match = re.search(rf'<tr><th scope="row"><a [^>]*title="{center_name}">.*?</tr>', body)
    assert match, center_name
    return match.group(0)


def test_one_row_per_center_with_its_scores(it_client, demo, first_center):
    url = reverse("centers:heatmap", args=[demo.slug, 2])
    body = it_client.get(url).content.decode()
    rating = (
        Rating.objects.filter(assessment__center=first_center, assessment__round__number=2)
        .select_related("driver__primary")
        .order_by("driver__primary__number", "driver__number")
        .first()
    )
    row = _row(body, first_center.name)
    assert row.count("<td") == 30
    first_cell = re.search(r'<td class="score (s\d|s-none)">([^<]*)</td>', row)
    assert first_cell.group(2) == f"{rating.score.normalize():f}"


def test_a_saved_score_and_a_renamed_center_show_at_once(it_client, demo, first_center):
    url = reverse("centers:heatmap", args=[demo.slug, 2])
    it_client.get(url)  # fills the cache
    assessment = SelfAssessment.objects.get(center=first_center, round__number=2)
    Rating.objects.filter(assessment=assessment).update(score=1)
    assessment.version += 1
    assessment.save()
    first_center.name = "Sunrise Renamed"
    first_center.save()
    body = it_client.get(url).content.decode()
    row = _row(body, "Sunrise Renamed")
    assert row.count('<td class="score s1">1</td>') == 30


def test_one_primary_driver_at_a_time(it_client, demo):
    url = reverse("centers:heatmap", args=[demo.slug, 2])
    body = it_client.get(url, {"driver": 2}).content.decode()
    assert 'aria-current="page">Driver 2</a>' in body
    headers = re.findall(r'<th scope="col" class="rot" title="[^"]*">(\d+)\.\d+</th>', body)
    assert headers and set(headers) == {"2"}
    # An unknown driver shows them all rather than an empty grid.
    body = it_client.get(url, {"driver": "99"}).content.decode()
    headers = re.findall(r'<th scope="col" class="rot" title="[^"]*">(\d+)\.\d+</th>', body)
    assert len(set(headers)) > 1
