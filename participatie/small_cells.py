"""The small-cell rule: figures about fewer people than a gemeente's threshold are not shown.

One rule for every aggregate the portal shows or exports (survey results, breakdowns, reach
overviews, journey maps), so that no app invents its own. A count ``n`` is *small* when
``0 < n < threshold``; zero is shown, because it singles nobody out.

Hiding one cell is not enough where its row or column total is shown: the hidden value is then
the total minus the others. ``suppress_table`` therefore also hides a second cell (the smallest
other one) in every row and column that would otherwise have exactly one hidden cell, and
repeats that until every line with a shown total has either no hidden cell or at least two.
"""

from collections.abc import Sequence

DEFAULT_THRESHOLD = 5


def threshold_for(gemeente) -> int:
    """The gemeente's small-cell threshold (the default where no gemeente is known)."""
    return getattr(gemeente, "small_cell_threshold", None) or DEFAULT_THRESHOLD


def is_small(n: int | None, *, threshold: int) -> bool:
    """True when a count is about so few people (but more than none) that it must not be shown."""
    return n is not None and 0 < n < threshold


def _hide_second(values: Sequence[int], hidden: list[bool], positions: Sequence[int]) -> bool:
    """In one line (row or column), hide a second cell where exactly one is hidden; True when it did.

    ``values[i]`` is the count at ``positions[i]``; ``hidden`` is indexed by position.
    """
    if sum(hidden[p] for p in positions) != 1:
        return False
    candidates = [(value == 0, value, p) for value, p in zip(values, positions, strict=True) if not hidden[p]]
    if not candidates:
        return False
    # The smallest other cell costs the reader least; a non-zero one hides more than a zero would.
    hidden[min(candidates)[2]] = True
    return True


def suppress_line(counts: Sequence[int], *, threshold: int, total_shown: bool = True) -> list[bool]:
    """Which cells of one line (e.g. the options of one question) to hide.

    With ``total_shown`` (the line's total, such as a valid n, is on the page) a lone hidden cell
    takes a second one with it.
    """
    hidden = [is_small(n, threshold=threshold) for n in counts]
    if total_shown:
        _hide_second(list(counts), hidden, list(range(len(counts))))
    return hidden


def suppress_table(
    rows: Sequence[Sequence[int]], *, threshold: int, row_totals_shown: bool = True, column_totals_shown: bool = True
) -> list[list[bool]]:
    """Which cells of a cross-table (rows x columns of counts) to hide, primary and secondary."""
    height = len(rows)
    width = len(rows[0]) if rows else 0
    flat = [n for row in rows for n in row]
    hidden = [is_small(n, threshold=threshold) for n in flat]
    changed = True
    while changed:
        changed = False
        if row_totals_shown:
            for r in range(height):
                positions = [r * width + c for c in range(width)]
                changed |= _hide_second([flat[p] for p in positions], hidden, positions)
        if column_totals_shown:
            for c in range(width):
                positions = [r * width + c for r in range(height)]
                changed |= _hide_second([flat[p] for p in positions], hidden, positions)
    return [hidden[r * width : (r + 1) * width] for r in range(height)]


def masked(counts: Sequence[int], hidden: Sequence[bool]) -> list[int | None]:
    """The counts with hidden cells replaced by None (shown as 'te weinig' / left empty in exports)."""
    return [None if h else n for n, h in zip(counts, hidden, strict=True)]
