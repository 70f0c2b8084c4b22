"""The load test's numbers and verdicts, from what the locustfile wrote."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

BASELINE = "baseline"
P95_TARGET = 10.0  # a page's p95 under load may be at most this many times the baseline's p50


def percentile(times: list[float], share: float) -> float:
    """Nearest-rank percentile (0 for no samples)."""
    if not times:
        return 0.0
    ordered = sorted(times)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass
class PageResult:
    name: str
    method: str
    requests: int
    per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    p95_to_baseline_p50: float
    queries_small: int | None
    queries_large: int | None
    problems: list[str] = field(default_factory=list)
    error_messages: dict[str, int] = field(default_factory=dict)


@dataclass
class LoadReport:
    users: int
    seconds: float
    requests: int
    per_second: float
    errors: int
    responses_checked: int
    leaks: list[str]
    tenants: dict[str, int]  # key → centers
    baseline: PageResult
    pages: list[PageResult]
    failures: list[str]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def build_report(measured: dict[str, Any], tenants: dict[str, int], users: int) -> LoadReport:
    seconds = max(measured["seconds"], 1e-9)
    small = min(tenants, key=tenants.get)
    large = max(tenants, key=tenants.get)
    samples = measured["pages"]
    if BASELINE not in samples or not samples[BASELINE]["times"]:
        raise ValueError("The baseline page was never requested: no ratio can be given.")
    base_p50 = percentile(samples[BASELINE]["times"], 0.5)

    def result(name: str) -> PageResult:
        sample = samples[name]
        times = sample["times"]
        counts = measured["queries"].get(name, {})
        p95 = percentile(times, 0.95)
        return PageResult(
            name=name,
            method=sample["method"],
            requests=len(times),
            per_second=len(times) / seconds,
            p50_ms=percentile(times, 0.5),
            p95_ms=p95,
            p99_ms=percentile(times, 0.99),
            errors=sample["errors"],
            p95_to_baseline_p50=p95 / base_p50 if base_p50 else math.inf,
            # The fewest queries seen: a page served from a warm cache is the steady state.
            queries_small=min(counts[small]) if counts.get(small) else None,
            queries_large=min(counts[large]) if counts.get(large) else None,
            error_messages=dict(sample["messages"]),
        )

    baseline = result(BASELINE)
    pages = [result(name) for name in sorted(samples) if name != BASELINE]
    failures = []
    for page in [baseline, *pages]:
        if page.errors:
            page.problems.append(f"{page.errors} errors")
        if page is not baseline and page.p95_to_baseline_p50 > P95_TARGET:
            page.problems.append("slow")
        if (
            page.queries_small is not None
            and page.queries_large is not None
            and page.queries_large > page.queries_small
        ):
            page.problems.append("queries grow")
        if page.problems:
            failures.append(f"{page.name}: {', '.join(page.problems)}")
    leaks = measured["leaks"]
    if leaks:
        failures.append(f"{len(leaks)} responses showed another tenant's data")
    if not measured["checked"]:
        failures.append("no response was checked for other tenants' data")
    requests = sum(len(s["times"]) for s in samples.values())
    return LoadReport(
        users=users,
        seconds=seconds,
        requests=requests,
        per_second=requests / seconds,
        errors=sum(s["errors"] for s in samples.values()),
        responses_checked=measured["checked"],
        leaks=leaks,
        tenants=tenants,
        baseline=baseline,
        pages=pages,
        failures=failures,
    )


def render(report: LoadReport) -> str:
    small = min(report.tenants, key=report.tenants.get)
    large = max(report.tenants, key=report.tenants.get)
    q_small = f"q({report.tenants[small]})"
    q_large = f"q({report.tenants[large]})"
    header = (
        f"{'page':<36} {'reqs':>5} {'req/s':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
        f"{'errors':>6} {'p95/base':>8} {q_small:>6} {q_large:>6}  result"
    )
    lines = ["", header, "-" * len(header)]

    def line(page: PageResult) -> str:
        ratio = "" if page.name == BASELINE else f"{page.p95_to_baseline_p50:.2f}"
        result = "OK" if not page.problems else "FAIL (" + ", ".join(page.problems) + ")"
        small_q = "-" if page.queries_small is None else page.queries_small
        large_q = "-" if page.queries_large is None else page.queries_large
        return (
            f"{page.name[:36]:<36} {page.requests:>5} {page.per_second:>6.2f} "
            f"{page.p50_ms:>7.0f} {page.p95_ms:>7.0f} {page.p99_ms:>7.0f} {page.errors:>6} "
            f"{ratio:>8} {small_q!s:>6} {large_q!s:>6}  {result}"
        )

    lines.append(line(report.baseline))
    lines += [line(page) for page in report.pages]
    lines.append("")
    tenants = ", ".join(f"{key} {centers} centers" for key, centers in report.tenants.items())
    lines.append(
        f"{report.users} users for {report.seconds:.0f} s on {tenants}: {report.requests} "
        f"requests, {report.per_second:.1f} req/s, {report.errors} errors."
    )
    lines.append(
        f"Baseline under load: p50 {report.baseline.p50_ms:.0f} ms, p95 "
        f"{report.baseline.p95_ms:.0f} ms. Cross-tenant check: {report.responses_checked} "
        f"responses read, {len(report.leaks)} with another tenant's names."
    )
    lines.append(
        f"Targets: 0 errors; p95 ≤ {P95_TARGET:g}× the baseline's p50; no more queries with "
        f"{report.tenants[large]} centers than with {report.tenants[small]}; no other tenant's "
        "data."
    )
    for page in [report.baseline, *report.pages]:
        for message, count in page.error_messages.items():
            lines.append(f"  {page.name}: {count}× {message}")
    for leak in report.leaks:
        lines.append(f"  leak: {leak}")
    return "\n".join(lines)
