from participatie.small_cells import (
    DEFAULT_THRESHOLD,
    is_small,
    masked,
    suppress_line,
    suppress_table,
    threshold_for,
)
from participatie.tests.factories import GemeenteFactory


def test_small_means_more_than_none_and_below_the_threshold():
    assert [is_small(n, threshold=5) for n in (0, 1, 4, 5, 40)] == [False, True, True, False, False]
    assert not is_small(None, threshold=5)


def test_a_lone_hidden_cell_takes_the_smallest_other_cell_with_it():
    # 3 is small; with the total (3+12+7+40=62) on the page it is 62-12-7-40, so 7 goes too.
    assert suppress_line([3, 12, 7, 40], threshold=5) == [True, False, True, False]


def test_a_zero_is_hidden_as_second_cell_only_when_nothing_else_is_left():
    assert suppress_line([2, 0, 9], threshold=5) == [True, False, True]
    assert suppress_line([2, 0], threshold=5) == [True, True]


def test_two_small_cells_need_no_second_and_no_total_needs_none():
    assert suppress_line([1, 2, 30], threshold=5) == [True, True, False]
    assert suppress_line([3, 12, 7], threshold=5, total_shown=False) == [True, False, False]


def test_a_table_hides_a_second_cell_in_every_row_and_column_until_stable():
    rows = [
        [3, 20, 30],
        [25, 40, 50],
        [30, 35, 60],
    ]
    hidden = suppress_table(rows, threshold=5)
    # Row 0 hides 3 and then 20 (its smallest other); column 0 then has one hidden (3) and takes 25;
    # column 1 has one hidden (20) and takes 35; rows 1 and 2 now each have exactly one hidden and
    # take their smallest others, and so on until every line has none or at least two.
    for r, row in enumerate(hidden):
        assert sum(row) != 1, f"row {r} leaks its hidden cell: {row}"
    for c in range(3):
        column = [hidden[r][c] for r in range(3)]
        assert sum(column) != 1, f"column {c} leaks its hidden cell: {column}"
    assert hidden[0][0] is True


def test_masked_replaces_hidden_counts_with_none():
    assert masked([3, 12, 7], [True, False, True]) == [None, 12, None]


def test_the_threshold_is_the_gemeentes_own(db):
    assert threshold_for(None) == DEFAULT_THRESHOLD == 5
    assert threshold_for(GemeenteFactory(small_cell_threshold=10)) == 10
