"""Which signals are news: those that reach into a chart's last months."""

from metrics.charts.signals import recent_signal_kinds
from metrics.spc import analyze

STEADY = [9, 11, 10, 12, 8, 11, 9, 10, 12, 9, 11, 10, 9, 11, 10, 12, 8, 11, 9, 10]
HIGH = [20, 21, 22, 20, 21, 22, 20, 21]


def test_a_point_outside_the_limits_is_recent_only_among_the_last_months():
    early = analyze([*STEADY[:2], 40, *STEADY[3:]], chart="i")
    assert any(p.outside for p in early.points)
    assert recent_signal_kinds(early, 3) == set()
    late = analyze([*STEADY[:-1], 40], chart="i")
    assert recent_signal_kinds(late, 3) == {"outside"}


def test_a_shift_is_recent_while_its_run_reaches_the_last_months():
    ongoing = analyze([*STEADY[:12], *HIGH], chart="run")
    assert recent_signal_kinds(ongoing, 3) == {"shift"}
    over = analyze([*HIGH, *STEADY[8:]], chart="run")
    assert over.runs_signal  # the old shift (and its few crossings) still signal on the chart
    assert recent_signal_kinds(over, 3) == set()


def test_a_steady_series_has_no_recent_signal():
    assert recent_signal_kinds(analyze(STEADY, chart="i"), 3) == set()
