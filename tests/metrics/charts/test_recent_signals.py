"""Which signals are news: those that began in a chart's last months."""

from metrics.charts.signals import new_signal_kinds
from metrics.spc import analyze

STEADY = [9, 11, 10, 12, 8, 11, 9, 10, 12, 9, 11, 10, 9, 11, 10, 12, 8, 11, 9, 10]
HIGH = [20, 21, 22, 20, 21, 22, 20, 21]


def test_a_point_outside_the_limits_is_new_only_among_the_last_months():
    early = analyze([*STEADY[:2], 40, *STEADY[3:]], chart="i")
    assert any(p.outside for p in early.points)
    assert new_signal_kinds(early, 3) == set()
    late = analyze([*STEADY[:-1], 40], chart="i")
    assert new_signal_kinds(late, 3) == {"outside"}


def test_a_shift_is_new_in_the_months_its_run_grows_too_long():
    ongoing = analyze([*STEADY[:12], *HIGH], chart="run")
    limit = ongoing.phases[0].longest_run_max
    run = max(p.run_length or 0 for p in ongoing.points)
    assert run > limit
    # The run of 8 became too long at its (limit + 1)-th point; it is news while that point
    # is among the last months, and only then.
    became = len(ongoing.points) - run + limit  # index of the point that made it a signal
    months_since = len(ongoing.points) - became
    assert new_signal_kinds(ongoing, months_since) == {"shift"}
    assert new_signal_kinds(ongoing, months_since - 1) == set()


def test_a_lasting_or_finished_shift_is_not_new():
    lasting = analyze([*STEADY[:8], *HIGH, *HIGH], chart="run")
    assert lasting.runs_signal and lasting.points[-1].run_length > 8
    assert new_signal_kinds(lasting, 3) == set()
    over = analyze([*HIGH, *STEADY[8:]], chart="run")
    assert over.runs_signal  # the old shift (and its few crossings) still signal on the chart
    assert new_signal_kinds(over, 3) == set()


def test_a_steady_series_has_no_new_signal():
    assert new_signal_kinds(analyze(STEADY, chart="i"), 3) == set()
