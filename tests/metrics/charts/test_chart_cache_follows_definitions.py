"""A metric's definition is part of what a cached chart depends on."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from collaboratives.framework.models import METRIC_FIELDS

pytestmark = pytest.mark.django_db


def _edit(it_client, demo, metric, **changes):
    data = {f: getattr(metric, f) for f in METRIC_FIELDS if f != "slug"}
    data.update(changes)
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["required"] = "on" if data["required"] else ""
    data["drivers"] = [str(d.public_id) for d in metric.drivers.all()]
    response = it_client.post(
        reverse("collaboratives:metric-edit", args=[demo.slug, metric.slug]), data
    )
    assert response.status_code == 302, response.content.decode()


def test_renaming_a_metric_shows_on_its_cached_chart_at_once(it_client, demo, first_center):
    cache.clear()
    metric = demo.metrics.order_by("order").first()
    url = reverse("metrics:center-charts", args=[demo.slug, first_center.slug])
    assert metric.name in it_client.get(url).content.decode()
    _edit(it_client, demo, metric, name="Families reached both ways")
    page = it_client.get(url).content.decode()
    assert "Families reached both ways" in page
