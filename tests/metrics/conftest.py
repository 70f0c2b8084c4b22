import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_chart_cache():
    """Each test's writes roll back, and with them the data version that keys cached charts:
    start every test with an empty cache so one test's charts never show in another."""
    cache.clear()
    yield
    cache.clear()
