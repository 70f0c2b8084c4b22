"""Run-chart and control-chart analysis, computed as qicharts2 0.8.1's ``qic()`` does.

Pure Python (standard library only, no Django) so that it can be tested against the published
reference cases and reused by views, reports and tasks alike.

Runs analysis uses the Anhøj rules (``method = 'anhoej'``): a signal is an unusually long run of
points on one side of the centre line, or unusually few crossings of it. Control charts add
Shewhart's 3-sigma rule: points outside the control limits.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from metrics.control_limits import (
    COUNT_CHARTS,
    _c_limits,
    _i_limits,
    _Limits,
    _limits,
    _p_limits,
    _PhaseInput,
    _pp_limits,
    _run_limits,
    _scaled,
    _u_limits,
    _up_limits,
)

CHART_TYPES: tuple[str, ...] = ("run", "i", "p", "pp", "u", "up", "c")

_NEEDS_DENOMINATORS = frozenset({"p", "pp", "u", "up"})
_ACCEPTS_DENOMINATORS = _NEEDS_DENOMINATORS | {"run", "i"}


# P(X <= k) must reach 5 % for the smallest number of crossings that is not a signal (Chen 2010).
_CROSSINGS_QUANTILE = Fraction(1, 20)


@dataclass(frozen=True)
class Point:
    """One period of the chart. Values are in plotted units (times ``multiply``).

    ``outside`` is True when y is above ``ucl`` or below ``lcl`` (excluded points too, as in
    qic). ``run_length`` is the length of the run of points on one side of the centre line that
    this point belongs to; None for points on the centre line, missing or excluded.
    ``lcl_95``/``ucl_95`` are the 2-sigma limits.
    """

    index: int
    y: float | None
    cl: float | None
    lcl: float | None
    ucl: float | None
    lcl_95: float | None
    ucl_95: float | None
    phase: int
    baseline: bool
    included: bool
    outside: bool
    run_length: int | None


@dataclass(frozen=True)
class Phase:
    """Runs analysis of one phase (a "part" in qicharts2); indices are 0-based and inclusive."""

    index: int
    first_index: int
    last_index: int
    n_obs: int
    n_useful: int
    longest_run: int | None
    longest_run_max: int | None
    crossings: int | None
    crossings_min: int | None
    runs_signal: bool
    center_line: float | None

    @property
    def long_run_signal(self) -> bool:
        return (
            self.longest_run is not None
            and self.longest_run_max is not None
            and self.longest_run > self.longest_run_max
        )

    @property
    def few_crossings_signal(self) -> bool:
        return (
            self.crossings is not None
            and self.crossings_min is not None
            and self.crossings < self.crossings_min
        )


@dataclass(frozen=True)
class Analysis:
    """The result of :func:`analyze`: one point per input value and one entry per phase."""

    chart: str
    multiply: float
    points: tuple[Point, ...]
    phases: tuple[Phase, ...]

    @property
    def runs_signal(self) -> bool:
        return any(phase.runs_signal for phase in self.phases)

    @property
    def has_limits(self) -> bool:
        return self.chart != "run"


def analyze(
    values: Sequence[float | Decimal | None],
    chart: str = "run",
    denominators: Sequence[float | Decimal | None] | None = None,
    freeze: int | None = None,
    parts: Sequence[int] | None = None,
    exclude: Sequence[int] | None = None,
    center: float | None = None,
    multiply: float = 1,
    *,
    screened_mr: bool = True,
) -> Analysis:
    """Analyse a series as a run chart or a Shewhart control chart.

    The numbers equal those of qicharts2 0.8.1's ``qic()`` (runs analysis by the Anhøj rules,
    ``qic.screenedmr = TRUE``) for the same input, with these translations:

    - ``values`` are the y values; for p, pp, u and up charts they are the counts (numerators)
      and ``denominators`` the subgroup sizes. ``None`` (or NaN) marks a missing period: it is
      drawn as a gap and takes no part in any calculation.
    - ``freeze``: the first ``freeze`` points form the baseline for centre line and limits
      (qic's ``freeze``). Like qic, it is ignored when ``parts`` are given.
    - ``parts``: 0-based indices where a new phase begins; ``parts=[30]`` is qic's
      ``part = 30`` (points 1-30 in phase one, the rest in phase two).
    - ``exclude``: 0-based indices left out of centre line, limits and runs analysis (qic's
      ``exclude`` minus one). Excluded points still get ``outside`` flags, as in qic.
    - ``center``: a fixed centre line, in the units of the data before ``multiply`` (qic's
      ``cl``).
    - ``multiply`` scales y, centre line and limits, e.g. 100 for percent.
    - ``screened_mr``: drop moving ranges above their own upper limit before estimating sigma
      for i, pp and up charts (qic's ``qic.screenedmr`` option).

    Points carry 0-based ``phase`` numbers that index ``Analysis.phases``. Limits that are not
    defined (run charts, a missing denominator, too few points) are ``None``.

    Raises ValueError for an unknown chart, missing or mismatched denominators, negative
    denominators or counts, and freeze, parts or exclude indices outside the series.
    """
    if chart not in CHART_TYPES:
        raise ValueError(f"Unknown chart type {chart!r}; expected one of {', '.join(CHART_TYPES)}.")
    n = len(values)
    ys = [_as_number(value, "values", i) for i, value in enumerate(values)]
    ns = _check_denominators(chart, denominators, n)
    if chart in COUNT_CHARTS and any(y is not None and y < 0 for y in ys):
        raise ValueError(f"Counts for a {chart} chart cannot be negative.")
    if not math.isfinite(multiply) or multiply <= 0:
        raise ValueError("multiply must be a positive number.")
    if center is not None and not math.isfinite(center):
        raise ValueError("center must be a finite number.")
    phase_starts = _check_parts(parts, n)
    excluded = _check_exclude(exclude, n)
    if freeze is not None and not (isinstance(freeze, int) and 1 <= freeze <= n):
        raise ValueError(f"freeze must be a whole number of points between 1 and {n}.")
    if parts:
        freeze = None  # as qic(): a frozen baseline applies to a chart without phases only

    # qic drops a period whose count or denominator is missing: neither takes part in any sum.
    sizes: list[float] = []
    if ns is not None:
        for i, (y, size) in enumerate(zip(ys, ns, strict=True)):
            if y is not None and size == 0 and y != 0:
                raise ValueError(f"values[{i}] is {y:g} but its denominator is 0.")
            if y is None or not size:
                ys[i] = None
                size = 0.0
            sizes.append(size)
    plotted = [y if y is None or not sizes else y / sizes[i] for i, y in enumerate(ys)]
    baseline = [freeze is None or i < freeze for i in range(n)]
    included = [i not in excluded for i in range(n)]

    points: list[Point] = []
    phases: list[Phase] = []
    bounds = [*phase_starts, n]
    for phase_number, (first, end) in enumerate(zip(bounds, bounds[1:], strict=False)):
        idx = range(first, end)
        limits = _LIMIT_FUNCTIONS[chart](
            _PhaseInput(
                ys=plotted[first:end],
                counts=ys[first:end],
                sizes=sizes[first:end],
                base=[i - first for i in idx if baseline[i] and included[i]],
                center=center,
                screened=screened_mr,
            )
        )
        cl = limits.cl if limits is not None else math.nan
        phase, run_lengths = _runs_analysis(
            [(i, plotted[i]) for i in idx if included[i]],
            cl,
            index=phase_number,
            first_index=first,
            last_index=end - 1,
            center_line=_scaled(cl, multiply),
        )
        phases.append(phase)
        for i in idx:
            sigma = limits.sigmas[i - first] if limits is not None else math.nan
            lcl, ucl = (_scaled(v, multiply) for v in _limits(chart, cl, sigma, 3))
            lcl_95, ucl_95 = (_scaled(v, multiply) for v in _limits(chart, cl, sigma, 2))
            y = _scaled(plotted[i], multiply)
            # Compared after scaling, as qic does, so that a point exactly on a limit agrees.
            outside = y is not None and (
                (ucl is not None and y > ucl) or (lcl is not None and y < lcl)
            )
            points.append(
                Point(
                    index=i,
                    y=y,
                    cl=phase.center_line,
                    lcl=lcl,
                    ucl=ucl,
                    lcl_95=lcl_95,
                    ucl_95=ucl_95,
                    phase=phase_number,
                    baseline=baseline[i],
                    included=included[i],
                    outside=outside,
                    run_length=run_lengths.get(i),
                )
            )
    return Analysis(chart=chart, multiply=multiply, points=tuple(points), phases=tuple(phases))


def longest_run_limit(n_useful: int) -> int:
    """Longest run expected by chance among ``n_useful`` points (Schilling 2012).

    log2 of a whole number is never exactly halfway between two integers, so Python's and R's
    rounding rules agree here.
    """
    if n_useful < 1:
        raise ValueError("The longest-run limit needs at least one useful point.")
    return round(math.log2(n_useful)) + 3


@lru_cache(maxsize=512)
def crossings_limit(n_useful: int) -> int:
    """Fewest crossings expected by chance: qbinom(0.05, n_useful - 1, 0.5), computed exactly.

    R's qbinom works in floating point with a 64-epsilon fuzz; exact integer arithmetic gives
    the same answer for every series length up to 3,000 points (checked) and has no rounding.
    """
    trials = max(n_useful - 1, 0)
    total = 2**trials
    cumulative = 0
    for k in range(trials + 1):
        cumulative += math.comb(trials, k)
        if cumulative * _CROSSINGS_QUANTILE.denominator >= _CROSSINGS_QUANTILE.numerator * total:
            return k
    return trials


# --- validation -------------------------------------------------------------------------------


def _as_number(value: float | Decimal | None, name: str, index: int) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real | Decimal):
        raise ValueError(f"{name}[{index}] must be a number or None, not {value!r}.")
    number = float(value)
    if math.isnan(number):
        return None
    if math.isinf(number):
        raise ValueError(f"{name}[{index}] must be finite, not {value!r}.")
    return number


def _check_denominators(
    chart: str, denominators: Sequence[float | Decimal | None] | None, n: int
) -> list[float | None] | None:
    if denominators is None:
        if chart in _NEEDS_DENOMINATORS:
            raise ValueError(f"A {chart} chart needs denominators (subgroup sizes).")
        return None
    if chart not in _ACCEPTS_DENOMINATORS:
        raise ValueError(f"A {chart} chart takes no denominators; use a u chart for rates.")
    if len(denominators) != n:
        raise ValueError(f"Got {n} values but {len(denominators)} denominators; they must pair up.")
    ns = [_as_number(d, "denominators", i) for i, d in enumerate(denominators)]
    for i, d in enumerate(ns):
        if d is not None and d < 0:
            raise ValueError(f"denominators[{i}] is negative ({d}).")
    return ns


def _check_parts(parts: Sequence[int] | None, n: int) -> list[int]:
    starts = {0}
    for start in parts or ():
        if isinstance(start, bool) or not isinstance(start, int) or not 0 < start < n:
            raise ValueError(
                f"Phase start {start!r} is out of range; a new phase must begin at an index "
                f"between 1 and {n - 1}."
            )
        starts.add(start)
    return sorted(starts) if n else []


def _check_exclude(exclude: Sequence[int] | None, n: int) -> set[int]:
    excluded = set()
    for index in exclude or ():
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < n:
            raise ValueError(f"Excluded index {index!r} is out of range 0 to {n - 1}.")
        excluded.add(index)
    return excluded


# --- centre lines and sigma, per phase (qicharts2's qic.run, qic.i, qic.p, ...) ---------------


_LIMIT_FUNCTIONS: dict[str, Callable[[_PhaseInput], _Limits | None]] = {
    "run": _run_limits,
    "i": _i_limits,
    "c": _c_limits,
    "p": _p_limits,
    "pp": _pp_limits,
    "u": _u_limits,
    "up": _up_limits,
}


# --- runs analysis (qicharts2's runs.analysis) -------------------------------------------------


def _runs_analysis(
    points: list[tuple[int, float | None]],
    cl: float,
    *,
    index: int,
    first_index: int,
    last_index: int,
    center_line: float | None,
) -> tuple[Phase, dict[int, int]]:
    """Analyse the runs of one phase; also return each useful point's run length."""
    # Points on the centre line neither break nor extend a run, so they are dropped before
    # counting; so are missing values. Only included (not excluded) points are passed in.
    runs: list[list[int]] = []
    previous_side = 0
    for i, y in points:
        if y is None or math.isnan(cl) or y == cl:
            continue
        side = 1 if y > cl else -1
        if side != previous_side:
            runs.append([])
            previous_side = side
        runs[-1].append(i)
    n_useful = sum(len(run) for run in runs)
    longest_run = longest_run_max = crossings = crossings_min = None
    runs_signal = False
    if n_useful:
        longest_run = max(len(run) for run in runs)
        longest_run_max = longest_run_limit(n_useful)
        crossings = len(runs) - 1
        crossings_min = crossings_limit(n_useful)
        runs_signal = longest_run > longest_run_max or crossings < crossings_min
    phase = Phase(
        index=index,
        first_index=first_index,
        last_index=last_index,
        n_obs=len(points),
        n_useful=n_useful,
        longest_run=longest_run,
        longest_run_max=longest_run_max,
        crossings=crossings,
        crossings_min=crossings_min,
        runs_signal=runs_signal,
        center_line=center_line,
    )
    return phase, {i: len(run) for run in runs for i in run}
