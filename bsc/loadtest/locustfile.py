"""What each simulated user of `manage.py loadtest` does, run by Locust in its own process.

It speaks only HTTP to the served app and reads its plan (who signs in where, with which
session) from the JSON file named by LOADTEST_PLAN; at the end it writes every request's
timing, status and query count, and what the cross-tenant check saw, to LOADTEST_OUTPUT.

Each user follows one portal's real journey, finding what to open from the links of the pages
it reads, as a person does: the Implementation Team (home, PDSA by center, completeness,
workplan, reports and a PDF), a faculty coach (home, board, the feedback queue, a cycle and a
comment on it), a center's team leader (home, the PDSA page, a ramp, a stage of one of its
cycles saved, maybe a comment, the metrics entry with one month saved, the charts) and a
senior leader (home, charts, the reports and a PDF). Every journey also reads
the baseline page once, so it is timed under the same load.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from collections import defaultdict
from typing import Any

from locust import HttpUser, between, events, task
from locust.exception import StopUser

from bsc.loadtest.pages import TenantGuard, forms_of

PLAN: dict[str, Any] = json.loads(open(os.environ["LOADTEST_PLAN"]).read())  # noqa: SIM115
OUTPUT = os.environ["LOADTEST_OUTPUT"]
# The first seconds are each worker's first requests (imports, compiled templates, empty
# caches): their errors count, their timings do not.
WARMUP_SECONDS = float(PLAN.get("warmup_seconds", 0))
QUERY_COUNT_HEADER = "X-Query-Count"
TEXT_TYPES = ("text/", "application/json")
CYCLE_LINK = r'href="([^"]+/pdsa/cycles/[0-9a-f-]{36}/)"'

GUARDS = {key: TenantGuard(tenant["foreign_names"]) for key, tenant in PLAN["tenants"].items()}
_identities = itertools.cycle(PLAN["users"])
_samples: dict[str, dict[str, Any]] = defaultdict(
    lambda: {"method": "GET", "times": [], "errors": 0, "messages": defaultdict(int)}
)
_queries: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
_checked = {"responses": 0, "leaks": []}
_clock = {"start": 0.0, "stop": 0.0}


class PortalUser(HttpUser):
    """One person of the plan, signed in with the session the load test opened for them."""

    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.me: dict[str, Any] = next(_identities)
        self.tenant = self.me["tenant"]
        self.urls: dict[str, str] = self.me["urls"]
        self.client.cookies.set("sessionid", self.me["session"])
        # What the TLS-terminating proxy in front of the app tells it, as in production.
        self.client.headers["X-Forwarded-Proto"] = "https"
        self.origin = "https://" + self.host.split("://", 1)[1].rstrip("/")
        self.page("home", self.urls["home"])
        if "csrftoken" not in self.client.cookies:
            # Counted as an error of the run, not only logged: this user can save nothing.
            events.request.fire(
                request_type="GET",
                name=f"{self.me['label']}: home",
                response_time=0,
                response_length=0,
                response=None,
                context=self.context(),
                exception=RuntimeError(f"{self.me['email']}: the home page set no CSRF cookie"),
            )
            raise StopUser

    def context(self) -> dict[str, Any]:
        return {"tenant": getattr(self, "tenant", "")}

    def _unsecure_cookies(self) -> None:
        # The app marks its cookies Secure (HTTPS behind the proxy); this client talks plain
        # HTTP to 127.0.0.1, so it keeps sending them as a browser behind TLS would.
        for cookie in self.client.cookies:
            cookie.secure = False

    def _check(self, response: Any) -> str:
        if not 200 <= response.status_code < 300:
            return f"HTTP {response.status_code}"
        kind = response.headers.get("Content-Type", "")
        if kind.startswith(TEXT_TYPES):
            _checked["responses"] += 1
            found = GUARDS[self.tenant].find(response.text)
            if found:
                leak = f"another tenant's {found!r} in {response.url}"
                _checked["leaks"].append(leak)
                return "cross-tenant: " + leak
        return ""

    def _send(self, method: str, name: str, url: str, baseline: bool = False, **kwargs: Any) -> Any:
        full = "baseline" if baseline else f"{self.me['label']}: {name}"
        with self.client.request(method, url, name=full, catch_response=True, **kwargs) as r:
            self._unsecure_cookies()
            problem = self._check(r)
            if problem:
                r.failure(problem)
            else:
                r.success()
            count = r.headers.get(QUERY_COUNT_HEADER)
            if count is not None and method == "GET" and not problem:
                _queries[full][self.tenant].append(int(count))
            _samples[full]["method"] = method
        return r

    def page(self, name: str, url: str) -> Any:
        return self._send("GET", name, url)

    def save(self, name: str, url: str, data: dict[str, str], htmx: bool = False) -> Any:
        headers = {
            "X-CSRFToken": self.client.cookies.get("csrftoken", ""),
            "Origin": self.origin,
            "Referer": self.origin + url,
        }
        if htmx:
            headers["HX-Request"] = "true"
        data = {**data, "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")}
        return self._send("POST", name, url, data=data, headers=headers)

    def links(self, response: Any, pattern: str) -> list[str]:
        if not response.ok:
            return []
        return sorted(set(re.findall(pattern, response.text)))

    @task
    def journey(self) -> None:
        # The baseline once per journey: as many samples as a page, under the same load.
        self._send("GET", "", PLAN["baseline"], baseline=True)
        getattr(self, f"journey_{self.me['role']}")()

    def journey_it(self) -> None:
        self.page("home", self.urls["home"])
        self.page("PDSA by center", self.urls["pdsa"])
        self.page("metrics completeness", self.urls["completeness"])
        self.page("workplan", self.urls["workplan"])
        reports = self.page("reports", self.urls["reports"])
        pdfs = self.links(reports, r'href="([^"]+/metrics/reports/[^"/]+/pdf/)"')
        if pdfs:
            self.page("report PDF", random.choice(pdfs))  # noqa: S311 - load mix

    def journey_faculty(self) -> None:
        self.page("home", self.urls["home"])
        self.page("shared board", self.urls["board"])
        queue = self.page("feedback queue", self.urls["feedback"])
        cycles = self.links(queue, CYCLE_LINK)
        if cycles:
            self.comment(random.choice(cycles))  # noqa: S311 - load mix

    def journey_center(self) -> None:
        self.page("home", self.urls["home"])
        pdsa = self.page("center PDSA page", self.urls["center_pdsa"])
        ramps = self.links(pdsa, r'href="([^"]+/pdsa/ramps/[0-9a-f-]{36}/)"')
        timeline = self.page("ramp timeline", random.choice(ramps)) if ramps else None  # noqa: S311
        cycles = self.links(timeline, CYCLE_LINK) if timeline is not None else []
        if cycles:
            cycle = random.choice(cycles)  # noqa: S311 - load mix
            stage = self.page("PDSA stage form", cycle + "do/")
            form = next((f for f in forms_of(stage.text) if "what_happened" in f["fields"]), None)
            if stage.ok and form is not None:
                fields = form["fields"] | {"what_happened": f"Tried it at {time.time():.0f}."}
                self.save("PDSA stage save", cycle + "do/", fields)
            if random.random() < 0.3:  # noqa: S311 - load mix
                self.comment(cycle)
        entry = self.page("metrics entry", self.urls["entry"])
        cells = [
            f for f in forms_of(entry.text) if "/entry/" in f["action"] and "version" in f["fields"]
        ]
        if entry.ok and cells:
            cell = random.choice(cells)  # noqa: S311 - load mix
            fields = dict(cell["fields"])
            fields.pop("not_collected", None)
            if "numerator" in fields:
                fields |= {"numerator": str(random.randint(5, 20)), "denominator": "25"}  # noqa: S311
            else:
                fields["value"] = str(random.randint(1, 20))  # noqa: S311
            self.save("metric save", cell["action"], fields, htmx=True)
        self.page("center charts", self.urls["charts"])

    def journey_leader(self) -> None:
        self.page("home", self.urls["home"])
        self.page("center charts", self.urls["charts"])
        reports = self.page("reports", self.urls["reports"])
        details = self.links(reports, r'href="([^"]+/metrics/reports/[^"/]+/)"')
        if details:
            detail = self.page("report page", random.choice(details))  # noqa: S311
            pdfs = self.links(detail, r'href="([^"]+/metrics/reports/[^"/]+/pdf/)"')
            if pdfs:
                self.page("report PDF", pdfs[0])

    def comment(self, cycle: str) -> None:
        page = self.page("cycle page", cycle)
        form = next(
            (
                f
                for f in forms_of(page.text)
                # The new comment's form; a reply's names the comment it answers.
                if f["action"].endswith("/comments/") and not f["fields"].get("parent")
            ),
            None,
        )
        if page.ok and form is not None:
            fields = form["fields"] | {"body": "Looks promising: what did the families say?"}
            self.save("comment", form["action"], fields, htmx=True)


@events.request.add_listener
def _record(name: str, response_time: float, exception: Any, **_kwargs: Any) -> None:
    warming_up = time.time() < _clock["start"] + WARMUP_SECONDS
    if warming_up and exception is None:
        return
    sample = _samples[name]
    if not warming_up:
        sample["times"].append(response_time)
    if exception is not None:
        sample["errors"] += 1
        sample["messages"][str(exception)[:200]] += 1


@events.test_start.add_listener
def _started(**_kwargs: Any) -> None:
    _clock["start"] = time.time()


@events.test_stop.add_listener
def _stopped(**_kwargs: Any) -> None:
    _clock["stop"] = time.time()


@events.quitting.add_listener
def _write(**_kwargs: Any) -> None:
    with open(OUTPUT, "w") as out:
        json.dump(
            {
                "seconds": (_clock["stop"] or time.time()) - _clock["start"] - WARMUP_SECONDS,
                "pages": _samples,
                "queries": {name: dict(by_tenant) for name, by_tenant in _queries.items()},
                "checked": _checked["responses"],
                "leaks": _checked["leaks"][:20],
            },
            out,
        )
