"""The project's URLs plus the benchmark's baseline view: used by `manage.py bench` (through
override_settings) and served only by `manage.py loadtest`'s processes (LOADTEST=1), never in
production."""

import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from bsc.urls import urlpatterns as project_urlpatterns

BASELINE_URL = "/__bench__/baseline/"


@login_required
def baseline(request: HttpRequest) -> HttpResponse:
    """What every page is compared with: the base layout and a 100-row table, no queries of
    its own."""
    day = datetime.date(2026, 1, 1)
    rows = [
        {
            "number": n,
            "name": f"Row {n}",
            "date": day + datetime.timedelta(days=n),
            "status": "ok",
        }
        for n in range(1, 101)
    ]
    return render(request, "bench/baseline.html", {"rows": rows})


urlpatterns = [path(BASELINE_URL.strip("/") + "/", baseline), *project_urlpatterns]
