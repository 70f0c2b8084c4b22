"""Tests for metrics.spc: qicharts2's published cases, laws of the analysis, and bad input."""

from __future__ import annotations

import json
import math
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics.spc import CHART_TYPES, Analysis, analyze, crossings_limit, longest_run_limit

# Montgomery's textbook SPC examples as shipped with the R package qicharts2 0.8.1, with what
# qicharts2's qic(..., method = "anhoej", return.data = TRUE) returns for each (centre, limits,
# runs analysis per phase); see the file's "anchor" and "note" for the exact provenance.
REFERENCE = Path(__file__).resolve().parent / "fixtures" / "spc-textbook-cases.json"
REL_TOL = 1e-9


def _reference_cases() -> list[dict[str, Any]]:
    cases = json.loads(REFERENCE.read_text())["cases"]
    return [case for case in cases if case["chart"] in CHART_TYPES]


CASES = _reference_cases()


def _close(actual: float | None, expected: float | None) -> bool:
    if actual is None or expected is None:
        return actual is None and expected is None
    return math.isclose(actual, expected, rel_tol=REL_TOL, abs_tol=1e-12)


def _analyze_case(case: dict[str, Any]) -> Analysis:
    given_input = case["input"]
    # The reference gives exclude and part as passed to qic(): 1-based point numbers. A qic part
    # number is the last point of a phase, which is the 0-based index of the next phase's start.
    return analyze(
        given_input["y"],
        chart=case["chart"],
        denominators=given_input.get("n"),
        freeze=given_input.get("freeze"),
        parts=given_input.get("part"),
        exclude=[point - 1 for point in given_input.get("exclude", [])],
        multiply=given_input.get("multiply", 1),
        screened_mr=given_input.get("screened_mr", True),
    )


def test_reference_file_is_present_and_has_cases_for_our_charts():
    assert REFERENCE.exists(), f"SPC reference cases not found at {REFERENCE}"
    assert {case["chart"] for case in CASES} >= {"i", "p", "u", "c"}


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_matches_qicharts2_reference_case(case: dict[str, Any]):
    analysis = _analyze_case(case)
    expected = case["expected"]
    points = expected["points"]

    assert len(analysis.points) == len(points["y"])
    for i, point in enumerate(analysis.points):
        assert point.index == i
        for field in ("y", "cl", "lcl", "ucl", "lcl_95", "ucl_95"):
            assert _close(getattr(point, field), points[field][i]), (field, i)
        assert point.phase == points["part"][i] - 1
        assert point.baseline is points["baseline"][i]
        assert point.included is points["include"][i]
        assert point.outside is points["sigma_signal"][i]
    assert [p.index for p in analysis.points if p.outside] == expected["sigma_signal_indices"]
    assert [p.index for p in analysis.points if p.outside and p.included] == expected[
        "sigma_signal_indices_included_only"
    ]

    assert len(analysis.phases) == len(expected["parts"])
    for phase, part in zip(analysis.phases, expected["parts"], strict=True):
        assert phase.index == part["part"] - 1
        assert phase.first_index == part["first_index"]
        assert phase.last_index == part["last_index"]
        assert phase.n_obs == part["n_obs"]
        assert phase.n_useful == part["n_useful"]
        assert phase.longest_run == part["longest_run"]
        assert phase.longest_run_max == part["longest_run_max"]
        assert phase.crossings == part["n_crossings"]
        assert phase.crossings_min == part["n_crossings_min"]
        assert phase.runs_signal is part["runs_signal"]
        assert _close(phase.center_line, part["center_line"])
        in_phase = analysis.points[phase.first_index : phase.last_index + 1]
        assert sum(p.outside for p in in_phase) == part["sigma_signal_count"]
    assert analysis.runs_signal is expected["runs_signal_any"]


# Cases the shared reference lacks (run charts of rates, P' and U', unscreened moving ranges,
# gaps, a fixed centre line). Expected numbers were computed in R 4.2.2 with qicharts2 0.8.1's
# chart functions and runs.analysis, taken from its sources, to 15 significant digits. A single
# cl/lcl/ucl value holds for every point; "phases" lists (n_obs, n_useful, longest_run,
# longest_run_max, crossings, crossings_min, runs_signal) per phase.
# fmt: off
EXTRA_CASES: list[dict[str, Any]] = [
    {
        "id": "run_rate_missing",
        "kwargs": {
            "values": [12, 15, 11, None, 14, 13, 13, 18, 20, 19, 22, 21, 23, 20],
            "denominators": [20, 22, 20, 21, 20, 19, 20, 21, 22, 20, 23, 22, 24, 21],
            "chart": "run",
            "multiply": 100,
        },
        "y": [60, 68.1818181818182, 55, None, 70, 68.4210526315789, 65, 85.7142857142857,
              90.9090909090909, 95, 95.6521739130435, 95.4545454545455, 95.8333333333333,
              95.2380952380952],
        "cl": [85.7142857142857],
        "lcl": [None],
        "ucl": [None],
        "outside": [],
        "phases": [(14, 12, 6, 7, 1, 3, True)],
    },
    {
        "id": "i_jump_screened",
        "kwargs": {"values": [10, 11, 9, 10, 12, 40, 11, 10, 9, 12, 11, 10], "chart": "i"},
        "cl": [12.9166666666667],
        "lcl": [9.07505910165484],
        "ucl": [16.7582742316785],
        "outside": [2, 5, 8],
        "phases": [(12, 12, 6, 7, 2, 3, True)],
    },
    {
        "id": "i_jump_unscreened",
        "kwargs": {
            "values": [10, 11, 9, 10, 12, 40, 11, 10, 9, 12, 11, 10],
            "chart": "i",
            "screened_mr": False,
        },
        "cl": [12.9166666666667],
        "lcl": [-4.00789813023856],
        "ucl": [29.8412314635719],
        "outside": [5],
        "phases": [(12, 12, 6, 7, 2, 3, True)],
    },
    {
        "id": "pp_screened",
        "kwargs": {
            "values": [120, 135, 128, 160, 140, 131, 152, 138, 90, 147, 133, 129],
            "denominators": [1000, 1100, 1050, 1200, 1080, 1010, 1150, 1070, 1020, 1120, 1040,
                             1000],
            "chart": "pp",
            "multiply": 100,
        },
        "cl": [12.4844236760125],
        "lcl": [11.555198236633, 11.5984419825888, 11.5775925019364, 11.6361607857528,
                11.5902760800731, 11.5598098057407, 11.6179164858519, 11.5861075372148,
                11.5643533903394, 11.6063881672579, 11.5732431667965, 11.555198236633],
        "ucl": [13.4136491153919, 13.3704053694361, 13.3912548500885, 13.3326865662721,
                13.3785712719518, 13.4090375462843, 13.350930866173, 13.3827398148101,
                13.4044939616855, 13.362459184767, 13.3956041852284, 13.4136491153919],
        "outside": [3, 8],
        "phases": [(12, 12, 5, 7, 3, 3, False)],
    },
    {
        "id": "pp_unscreened",
        "kwargs": {
            "values": [120, 135, 128, 160, 140, 131, 152, 138, 90, 147, 133, 129],
            "denominators": [1000, 1100, 1050, 1200, 1080, 1010, 1150, 1070, 1020, 1120, 1040,
                             1000],
            "chart": "pp",
            "multiply": 100,
            "screened_mr": False,
        },
        "cl": [12.4844236760125],
        "lcl": [9.6691334513386, 9.80014976891711, 9.73698174038194, 9.91442707271636,
                9.77540939424183, 9.68310520122733, 9.85915200491213, 9.76277988856667,
                9.69687097728539, 9.82422446067025, 9.72380448523572, 9.6691334513386],
        "ucl": [15.2997139006863, 15.1686975831078, 15.231865611643, 15.0544202793086,
                15.1934379577831, 15.2857421507976, 15.1096953471128, 15.2060674634583,
                15.2719763747395, 15.1446228913547, 15.2450428667892, 15.2997139006863],
        "outside": [8],
        "phases": [(12, 12, 5, 7, 3, 3, False)],
    },
    {
        "id": "up_freeze8",
        "kwargs": {
            "values": [30, 42, 35, 28, 51, 37, 33, 45, 60, 58, 64, 61],
            "denominators": [10.5, 12, 11, 9.5, 13, 12.5, 10, 11.5, 12, 11, 12.5, 12],
            "chart": "up",
            "freeze": 8,
        },
        "cl": [3.34444444444444],
        "lcl": [1.71186304371797, 1.81730438005995, 1.74939866809993, 1.62808718452388,
                1.87721572977442, 1.84815887504322, 1.67154632097789, 1.78445890061568,
                1.81730438005995, 1.74939866809993, 1.84815887504322, 1.81730438005995],
        "ucl": [4.97702584517092, 4.87158450882894, 4.93949022078896, 5.06080170436501,
                4.81167315911447, 4.84073001384567, 5.017342567911, 4.90442998827321,
                4.87158450882894, 4.93949022078896, 4.84073001384567, 4.87158450882894],
        "outside": [8, 9, 10, 11],
        "phases": [(12, 12, 5, 7, 5, 3, False)],
    },
    {
        # The excluded point's neighbours form a moving range; the missing value breaks one.
        "id": "i_missing_exclude",
        "kwargs": {
            "values": [5, 7, None, 6, 30, 8, 6, 7, 5, 9, 6, 7],
            "chart": "i",
            "exclude": [4],
        },
        "cl": [6.6],
        "lcl": [0.948404255319148],
        "ucl": [12.2515957446809],
        "outside": [4],
        "phases": [(11, 10, 1, 6, 9, 2, False)],
    },
    {
        "id": "c_center_parts",
        "kwargs": {
            "values": [3, 5, 4, 6, 2, 8, 7, 9, 8, 10, 9, 11],
            "chart": "c",
            "center": 5,
            "parts": [6],
        },
        "cl": [5],
        "lcl": [0],
        "ucl": [11.7082039324994],
        "outside": [],
        "phases": [(6, 5, 2, 5, 3, 0, False), (6, 6, 6, 6, 0, 1, True)],
    },
]
# fmt: on


def _expand(values: list[float | None], length: int) -> list[float | None]:
    return values * length if len(values) == 1 else values


@pytest.mark.parametrize("case", EXTRA_CASES, ids=[case["id"] for case in EXTRA_CASES])
def test_matches_qicharts2_functions_on_extra_cases(case: dict[str, Any]):
    analysis = analyze(**case["kwargs"])
    length = len(case["kwargs"]["values"])
    if "y" in case:
        assert all(_close(p.y, y) for p, y in zip(analysis.points, case["y"], strict=True))
    for field in ("cl", "lcl", "ucl"):
        expected = _expand(case[field], length)
        actual = [getattr(p, field) for p in analysis.points]
        assert all(_close(a, e) for a, e in zip(actual, expected, strict=True)), field
    assert [p.index for p in analysis.points if p.outside] == case["outside"]
    summary = [
        (
            ph.n_obs,
            ph.n_useful,
            ph.longest_run,
            ph.longest_run_max,
            ph.crossings,
            ph.crossings_min,
            ph.runs_signal,
        )
        for ph in analysis.phases
    ]
    assert summary == case["phases"]


# --- Anhøj limits ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n_useful", "longest", "crossings"),
    # From the reference cases and Anhøj & Olesen (2014), table 1.
    [(10, 6, 2), (20, 7, 6), (25, 8, 8), (28, 8, 9), (40, 8, 14), (44, 8, 16), (64, 9, 25)],
)
def test_anhoej_limits(n_useful: int, longest: int, crossings: int):
    assert longest_run_limit(n_useful) == longest
    assert crossings_limit(n_useful) == crossings


@given(st.integers(min_value=1, max_value=400))
def test_crossings_limit_is_the_binomial_5_percent_quantile(n_useful: int):
    trials = n_useful - 1
    k = crossings_limit(n_useful)

    def cdf(x: int) -> Fraction:
        return Fraction(sum(math.comb(trials, i) for i in range(x + 1)), 2**trials)

    assert cdf(k) >= Fraction(1, 20)
    assert k == 0 or cdf(k - 1) < Fraction(1, 20)


def test_points_on_the_centre_line_neither_break_nor_count_in_a_run():
    # Median 5; the three 5s are skipped, leaving 4 below then 4 above: one crossing.
    analysis = analyze([1, 2, 5, 3, 4, 5, 6, 5, 7, 8, 9], chart="run", freeze=11)
    phase = analysis.phases[0]
    assert analysis.points[0].cl == 5
    assert (phase.n_obs, phase.n_useful, phase.longest_run, phase.crossings) == (11, 8, 4, 1)
    assert [p.run_length for p in analysis.points] == [4, 4, None, 4, 4, None, 4, None, 4, 4, 4]


def test_long_run_and_few_crossings_are_reported_separately():
    analysis = analyze([1, 1, 1, 1, 1, 1, 1, 1, 9, 9, 9, 9, 9, 9, 9, 9], chart="run")
    phase = analysis.phases[0]
    assert phase.long_run_signal and phase.few_crossings_signal and phase.runs_signal
    assert phase.longest_run == 8 and phase.longest_run_max == 7
    assert phase.crossings == 1 and phase.crossings_min == 4


def test_freeze_is_ignored_when_there_are_phases_as_in_qic():
    values = [1, 2, 3, 4, 5, 6, 7, 8]
    with_both = analyze(values, chart="i", freeze=2, parts=[4])
    parts_only = analyze(values, chart="i", parts=[4])
    assert with_both == parts_only
    assert all(p.baseline for p in with_both.points)


def test_empty_and_all_missing_series():
    assert analyze([], chart="i") == Analysis(chart="i", multiply=1, points=(), phases=())
    analysis = analyze([None, None, None], chart="p", denominators=[10, None, 0])
    assert all(p.y is None and p.cl is None and p.ucl is None for p in analysis.points)
    phase = analysis.phases[0]
    assert (phase.n_obs, phase.n_useful, phase.longest_run) == (3, 0, None)
    assert not phase.runs_signal


def test_zero_over_zero_is_a_missing_period():
    analysis = analyze([2, 0, 3], chart="p", denominators=[10, 0, 10])
    assert analysis.points[1].y is None
    assert analysis.points[1].ucl is None
    assert analysis.points[0].cl == pytest.approx(0.25)


def test_decimal_values_are_accepted():
    from decimal import Decimal

    analysis = analyze([Decimal("1.5"), Decimal("2.5"), None], chart="i")
    assert analysis.points[0].cl == 2.0


def test_constant_i_chart_has_no_limits_under_screening():
    # Every moving range is 0, so none is below its upper limit of 0: qic leaves sigma undefined.
    analysis = analyze([5, 5, 5, 5], chart="i")
    assert analysis.points[0].cl == 5
    assert analysis.points[0].ucl is None
    assert analyze([5, 5, 5, 5], chart="i", screened_mr=False).points[0].ucl == 5


# --- laws (hypothesis) -------------------------------------------------------------------------

_maybe_int = st.one_of(st.none(), st.integers(min_value=-1000, max_value=1000))
_series = st.lists(_maybe_int, min_size=1, max_size=40)


def _approx(a: float | None, b: float | None, scale: float = 1.0) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9 * max(1.0, abs(scale)))


@given(values=_series, shift=st.integers(min_value=-10_000, max_value=10_000))
def test_shifting_an_i_chart_shifts_its_centre_and_limits(values: list[int | None], shift: int):
    base = analyze(values, chart="i")
    shifted = analyze([None if v is None else v + shift for v in values], chart="i")
    for before, after in zip(base.points, shifted.points, strict=True):
        for field in ("cl", "lcl", "ucl"):
            a, b = getattr(before, field), getattr(after, field)
            assert _approx(None if a is None else a + shift, b, scale=shift), field
    for before, after in zip(base.phases, shifted.phases, strict=True):
        assert (before.n_useful, before.longest_run, before.crossings) == (
            after.n_useful,
            after.longest_run,
            after.crossings,
        )


@st.composite
def _phased_series(draw: st.DrawFn) -> tuple[str, list[int | None], list[int], list[int | None]]:
    chart = draw(st.sampled_from(["run", "i", "c"]))
    low = 0 if chart == "c" else -1000
    values = draw(
        st.lists(
            st.one_of(st.none(), st.integers(min_value=low, max_value=1000)),
            min_size=2,
            max_size=40,
        )
    )
    parts = draw(st.lists(st.integers(min_value=1, max_value=len(values) - 1), max_size=3))
    bounds = [0, *sorted(set(parts)), len(values)]
    reordered: list[int | None] = []
    for first, end in zip(bounds, bounds[1:], strict=False):
        reordered += draw(st.permutations(values[first:end]))
    return chart, values, parts, reordered


@given(_phased_series())
def test_reordering_within_a_phase_keeps_its_centre_line(
    case: tuple[str, list[int | None], list[int], list[int | None]],
):
    chart, values, parts, reordered = case
    before = analyze(values, chart=chart, parts=parts)
    after = analyze(reordered, chart=chart, parts=parts)
    assert [p.center_line for p in before.phases] == [p.center_line for p in after.phases]
    assert [p.n_obs for p in before.phases] == [p.n_obs for p in after.phases]


@st.composite
def _any_chart(draw: st.DrawFn) -> dict[str, Any]:
    chart = draw(st.sampled_from(CHART_TYPES))
    size = draw(st.integers(min_value=1, max_value=30))
    denominators = None
    if chart in ("p", "pp", "u", "up"):
        denominators = draw(st.lists(st.integers(1, 500), min_size=size, max_size=size))
        values = [draw(st.integers(0, n)) for n in denominators]
    else:
        values = draw(st.lists(st.integers(0, 200), min_size=size, max_size=size))
    return {"values": values, "chart": chart, "denominators": denominators}


@settings(max_examples=200)
@given(_any_chart(), st.sampled_from([100, 50, 1000, 0.5, 7.25]))
def test_multiply_scales_values_centre_and_limits(kwargs: dict[str, Any], multiply: float):
    plain = analyze(**kwargs)
    scaled = analyze(**kwargs, multiply=multiply)
    for a, b in zip(plain.points, scaled.points, strict=True):
        for field in ("y", "cl", "lcl", "ucl", "lcl_95", "ucl_95"):
            x = getattr(a, field)
            assert _approx(None if x is None else x * multiply, getattr(b, field)), field
    for a, b in zip(plain.phases, scaled.phases, strict=True):
        assert _approx(None if a.center_line is None else a.center_line * multiply, b.center_line)
        assert (a.n_useful, a.longest_run, a.crossings, a.runs_signal) == (
            b.n_useful,
            b.longest_run,
            b.crossings,
            b.runs_signal,
        )


@given(_any_chart())
def test_runs_analysis_counts_are_consistent(kwargs: dict[str, Any]):
    analysis = analyze(**kwargs)
    for phase in analysis.phases:
        assert phase.n_useful <= phase.n_obs <= phase.last_index - phase.first_index + 1
        if phase.n_useful:
            assert phase.longest_run is not None and phase.crossings is not None
            assert 1 <= phase.longest_run <= phase.n_useful
            assert 0 <= phase.crossings <= phase.n_useful - 1
    if analysis.chart == "run":
        assert not any(p.outside for p in analysis.points)


# --- invalid input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"values": [1, 2], "chart": "xmr"}, "Unknown chart type"),
        ({"values": [1, 2], "chart": "p"}, "needs denominators"),
        ({"values": [1, 2], "chart": "up"}, "needs denominators"),
        ({"values": [1, 2], "chart": "u", "denominators": [3]}, "must pair up"),
        ({"values": [1, 2], "chart": "p", "denominators": [3, -1]}, "negative"),
        ({"values": [1, 2], "chart": "c", "denominators": [3, 4]}, "takes no denominators"),
        ({"values": [1, -2], "chart": "c"}, "cannot be negative"),
        ({"values": [1, 2], "chart": "p", "denominators": [3, 0]}, "denominator is 0"),
        ({"values": [1, 2, 3], "parts": [3]}, "out of range"),
        ({"values": [1, 2, 3], "parts": [0]}, "out of range"),
        ({"values": [1, 2, 3], "parts": [-1]}, "out of range"),
        ({"values": [1, 2, 3], "parts": [1.5]}, "out of range"),
        ({"values": [1, 2, 3], "exclude": [3]}, "out of range"),
        ({"values": [1, 2, 3], "freeze": 0}, "freeze"),
        ({"values": [1, 2, 3], "freeze": 4}, "freeze"),
        ({"values": [1, math.inf]}, "finite"),
        ({"values": [1, "2"]}, "must be a number"),
        ({"values": [1, 2], "multiply": 0}, "multiply"),
        ({"values": [1, 2], "center": math.nan}, "center"),
    ],
)
def test_invalid_input_raises_value_error(kwargs: dict[str, Any], message: str):
    with pytest.raises(ValueError, match=message):
        analyze(**kwargs)
