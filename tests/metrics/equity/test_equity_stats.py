"""metrics.equity_stats: ratios and intervals against hand-computed 2×2 tables, and the law of
suppression: no withheld cell follows from the published cells and totals."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from metrics.equity_stats import rate_ratio, risk_ratio, suppressed_cells, suppressed_table


def test_risk_ratio_of_a_hand_computed_two_by_two_table():
    # 7 of 20 vs. 9 of 62: RR = 0.35 / 0.145161 = 2.4111;
    # SE(ln RR) = sqrt(1/7 - 1/20 + 1/9 - 1/62) = sqrt(0.187839) = 0.433404;
    # 95 % CI = exp(0.880088 ± 1.959964 × 0.433404) = 1.0311 to 5.6381.
    result = risk_ratio(7, 20, 9, 62)
    assert result.ratio == pytest.approx(2.4111, abs=5e-5)
    assert result.low == pytest.approx(1.0311, abs=5e-5)
    assert result.high == pytest.approx(5.6381, abs=5e-5)
    assert result.rate == pytest.approx(0.35)
    assert result.other_rate == pytest.approx(9 / 62)


def test_risk_ratio_of_the_classic_ten_percent_against_five_percent_table():
    # 10/100 vs 5/100: RR = 2; SE = sqrt(0.1 - 0.01 + 0.2 - 0.01) = 0.529150;
    # CI = 2 × exp(±1.037128) = 0.7090 to 5.6421 (the interval spans 1).
    result = risk_ratio(10, 100, 5, 100)
    assert result.ratio == pytest.approx(2.0)
    assert result.low == pytest.approx(0.7090, abs=5e-5)
    assert result.high == pytest.approx(5.6421, abs=5e-5)


def test_rate_ratio_uses_the_poisson_interval():
    # 12 per 40 vs 6 per 60: ratio 3; SE = sqrt(1/12 + 1/6) = 0.5; CI = 3 × exp(±0.979982).
    result = rate_ratio(12, 40, 6, 60)
    assert result.ratio == pytest.approx(3.0)
    assert result.low == pytest.approx(3 * math.exp(-0.979982), rel=1e-6)
    assert result.high == pytest.approx(3 * math.exp(0.979982), rel=1e-6)


def test_zero_events_give_no_interval_and_no_ratio_without_a_comparison():
    none_in_group = risk_ratio(0, 20, 5, 50)
    assert none_in_group.ratio == 0
    assert none_in_group.low is None and none_in_group.high is None
    none_in_others = risk_ratio(3, 20, 0, 50)
    assert none_in_others.ratio is None


@pytest.mark.parametrize(
    "args", [(-1, 20, 1, 2), (5, 4, 1, 10), (1.5, 20, 1, 10), (True, 20, 1, 10)]
)
def test_impossible_counts_are_refused(args):
    with pytest.raises((ValueError, TypeError)):
        risk_ratio(*args)


def test_one_small_group_takes_a_second_cell_with_it():
    # Alone, the 3 would be the total (75) minus 20, 40 and 12.
    assert suppressed_cells([20, 3, 40, 12], 10) == {1, 3}


def test_two_small_groups_that_hold_few_children_together_take_a_third():
    # 2 and 3 withheld together hold 5 < 10: the 12 goes too.
    assert suppressed_cells([2, 3, 12, 40], 10) == {0, 1, 2}


def test_nothing_is_withheld_when_every_group_is_large():
    assert suppressed_cells([20, 30, 40], 10) == set()


def test_columns_totals_withhold_a_cell_in_another_row():
    # Row 0 withholds 3 and 12; the column totals would then give them away from row 1's
    # 15 and 11, so row 1 loses cells in those columns too.
    hidden = suppressed_table([[3, 12, 40], [15, 11, 30]], 10)
    for line in ([(0, c) for c in range(3)], [(1, c) for c in range(3)]):
        assert len([spot for spot in line if spot in hidden]) in (0, 2, 3)
    for column in range(3):
        assert len([r for r in range(2) if (r, column) in hidden]) != 1


def _another_solution(table, hidden, threshold, columns, spot):
    """Whether some assignment of non-negative whole numbers to the withheld cells agrees with
    the published cells, the published totals (a total below the threshold is itself
    withheld) and the grand total, yet gives `spot` a value other than its true one."""
    rows, width = len(table), len(table[0])
    lines = [[(r, c) for c in range(width)] for r in range(rows)]
    if columns:
        lines += [[(r, c) for r in range(rows)] for c in range(width)]
    lines = [line for line in lines if sum(table[r][c] for r, c in line) >= threshold]
    lines.append([(r, c) for r in range(rows) for c in range(width)])
    left = [sum(table[r][c] for r, c in line if (r, c) in hidden) for line in lines]
    open_cells = [sum(1 for cell in line if cell in hidden) for line in lines]
    member = {cell: [i for i, line in enumerate(lines) if cell in line] for cell in hidden}
    order = [spot] + sorted(hidden - {spot})
    truth = table[spot[0]][spot[1]]

    def place(index):
        if index == len(order):
            return all(v == 0 for v in left)
        cell = order[index]
        top = min(left[i] for i in member[cell])
        for value in range(top + 1):
            if index == 0 and value == truth:
                continue
            for i in member[cell]:
                left[i] -= value
                open_cells[i] -= 1
            fits = all(open_cells[i] or left[i] == 0 for i in member[cell])
            found = fits and place(index + 1)
            for i in member[cell]:
                left[i] += value
                open_cells[i] += 1
            if found:
                return True
        return False

    return place(0)


def _assert_not_derivable(table, hidden, threshold, columns=True):
    if sum(map(sum, table)) == 0:
        return  # A published total of 0 says every cell is 0: no child is described.
    for spot in hidden:
        assert _another_solution(table, hidden, threshold, columns, spot), (
            table,
            sorted(hidden),
            spot,
        )


@settings(max_examples=150, deadline=None)
@given(
    cells=st.lists(st.integers(min_value=0, max_value=25), min_size=2, max_size=6),
    threshold=st.integers(min_value=2, max_value=10),
)
def test_no_withheld_cell_of_a_line_follows_from_its_total(cells, threshold):
    hidden = {(0, c) for c in suppressed_cells(cells, threshold)}
    assert {(0, c) for c, cell in enumerate(cells) if cell < threshold} <= hidden
    _assert_not_derivable([cells], hidden, threshold, columns=False)


@settings(max_examples=100, deadline=None)
@given(
    table=st.integers(min_value=2, max_value=3).flatmap(
        lambda width: st.lists(
            st.lists(st.integers(min_value=0, max_value=12), min_size=width, max_size=width),
            min_size=2,
            max_size=3,
        )
    ),
    threshold=st.integers(min_value=3, max_value=6),
)
# Each row and column rule holds here, yet the totals pinned every withheld cell: the third
# column's two withheld cells must hold 6, and each row allows them 3 at most.
@example(table=[[0, 0, 3], [0, 0, 3], [3, 3, 3]], threshold=3)
def test_no_withheld_cell_of_a_table_follows_from_row_and_column_totals(table, threshold):
    # The collaborative table lists centers and pooled subgroups that each reach the threshold
    # (a smaller center or pooled subgroup is withheld whole, margin and all).
    assume(all(sum(row) >= threshold for row in table))
    assume(all(sum(column) >= threshold for column in zip(*table, strict=True)))
    hidden = suppressed_table(table, threshold)
    primary = {
        (r, c) for r, row in enumerate(table) for c, cell in enumerate(row) if cell < threshold
    }
    assert primary <= hidden
    _assert_not_derivable(table, hidden, threshold)


def test_the_published_cells_are_all_that_a_table_keeps():
    table = [[20, 3, 40], [15, 12, 30]]
    hidden = suppressed_table(table, 10)
    assert all(
        table[r][c] >= 10 for r, c in itertools.product(range(2), range(3)) if (r, c) not in hidden
    )
