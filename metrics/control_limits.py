"""Centre lines and 3-sigma limits of each chart type (qicharts2's formulas), per phase.

Pure Python, like the analysis in metrics.spc that calls it."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

# Charts of counts: their lower limit never goes below zero.
COUNT_CHARTS = frozenset({"c", "p", "pp", "u", "up"})


# d2 for moving ranges of two and the D4 factor for their upper limit, rounded to the textbook
# tables' digits as qicharts2 rounds them: the exact constants would not reproduce its limits.
_D2 = 1.128
_D4 = 3.267


@dataclass(frozen=True)
class _PhaseInput:
    ys: list[float | None]  # plotted values before multiply: y, or count / size
    counts: list[float | None]  # the values as given (numerators for p, pp, u, up)
    sizes: list[float]  # denominators, 0 where missing; empty when there are none
    base: list[int]  # offsets of the phase's baseline points that are not excluded
    center: float | None
    screened: bool

    def base_values(self) -> list[float]:
        return [y for y in (self.ys[i] for i in self.base) if y is not None]


@dataclass(frozen=True)
class _Limits:
    cl: float
    sigmas: list[float]  # per point; NaN where undefined


def _run_limits(data: _PhaseInput) -> _Limits | None:
    values = data.base_values()
    cl = data.center if data.center is not None else statistics.median(values) if values else None
    return None if cl is None else _Limits(cl, [math.nan] * len(data.ys))


def _mean_center(data: _PhaseInput) -> float | None:
    values = data.base_values()
    return data.center if data.center is not None else _mean(values) if values else None


def _i_limits(data: _PhaseInput) -> _Limits | None:
    cl = _mean_center(data)
    if cl is None:
        return None
    # Moving ranges run over consecutive baseline points: an excluded point is skipped, so its
    # neighbours pair up, while a missing value breaks the chain (qic's diff() of y[base]).
    moving_ranges = _moving_ranges([data.ys[i] for i in data.base])
    sigma = _average_moving_range(moving_ranges, data.screened) / _D2
    return _Limits(cl, [sigma] * len(data.ys))


def _c_limits(data: _PhaseInput) -> _Limits | None:
    cl = _mean_center(data)
    if cl is None:
        return None
    return _Limits(cl, [math.sqrt(cl) if cl >= 0 else math.nan] * len(data.ys))


def _ratio_center(data: _PhaseInput) -> float | None:
    if data.center is not None:
        return data.center
    counts = [c for c in (data.counts[i] for i in data.base) if c is not None]
    total_size = math.fsum(data.sizes[i] for i in data.base)
    return math.fsum(counts) / total_size if total_size > 0 else None


def _p_sigmas(cl: float, sizes: list[float]) -> list[float]:
    variance = cl * (1 - cl)
    return [math.sqrt(variance / n) if n > 0 and variance >= 0 else math.nan for n in sizes]


def _u_sigmas(cl: float, sizes: list[float]) -> list[float]:
    return [math.sqrt(cl / n) if n > 0 and cl >= 0 else math.nan for n in sizes]


def _laney(data: _PhaseInput, cl: float, sigmas: list[float]) -> _Limits:
    """Widen binomial or Poisson sigmas by the spread of the standardised values (Laney 2002)."""
    z_scores = [
        (y - cl) / sigmas[i] if (y := data.ys[i]) is not None and sigmas[i] > 0 else None
        for i in data.base
    ]
    sigma_z = _average_moving_range(_moving_ranges(z_scores), data.screened) / _D2
    return _Limits(cl, [sigma * sigma_z for sigma in sigmas])


def _p_limits(data: _PhaseInput) -> _Limits | None:
    cl = _ratio_center(data)
    return None if cl is None else _Limits(cl, _p_sigmas(cl, data.sizes))


def _pp_limits(data: _PhaseInput) -> _Limits | None:
    cl = _ratio_center(data)
    return None if cl is None else _laney(data, cl, _p_sigmas(cl, data.sizes))


def _u_limits(data: _PhaseInput) -> _Limits | None:
    cl = _ratio_center(data)
    return None if cl is None else _Limits(cl, _u_sigmas(cl, data.sizes))


def _up_limits(data: _PhaseInput) -> _Limits | None:
    cl = _ratio_center(data)
    return None if cl is None else _laney(data, cl, _u_sigmas(cl, data.sizes))


def _moving_ranges(values: list[float | None]) -> list[float]:
    return [
        abs(b - a)
        for a, b in zip(values, values[1:], strict=False)
        if a is not None and b is not None
    ]


def _average_moving_range(moving_ranges: list[float], screened: bool) -> float:
    if not moving_ranges:
        return math.nan
    average = _mean(moving_ranges)
    if screened:
        # A single large jump (a special cause) would inflate sigma and hide itself; Nelson (1982)
        # drops moving ranges above their own upper limit first. If none is left (all ranges
        # equal zero) sigma is undefined, as in qic.
        kept = [mr for mr in moving_ranges if mr < _D4 * average]
        average = _mean(kept) if kept else math.nan
    return average


def _limits(chart: str, cl: float, sigma: float, width: int) -> tuple[float | None, float | None]:
    if chart == "run" or math.isnan(cl) or math.isnan(sigma):
        return None, None
    lcl, ucl = cl - width * sigma, cl + width * sigma
    if chart in COUNT_CHARTS:
        lcl = max(lcl, 0.0)
    if chart in ("p", "pp"):
        ucl = min(ucl, 1.0)
    return lcl, ucl


def _mean(values: list[float]) -> float:
    return math.fsum(values) / len(values)


def _scaled(value: float | None, multiply: float) -> float | None:
    if value is None or math.isnan(value):
        return None
    return value * multiply
