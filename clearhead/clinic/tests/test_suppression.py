"""The small-cell rule: no hidden figure can be worked out from what is shown."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from clearhead.clinic.outcomes import _cell
from clearhead.clinic.suppression import SMALL_CELL, suppress, suppress_column


def _rank(matrix) -> int:
    rows = [list(map(Fraction, row)) for row in matrix]
    rank, cols = 0, len(rows[0]) if rows else 0
    for col in range(cols):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][col]), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(len(rows)):
            if i != rank and rows[i][col]:
                factor = rows[i][col] / rows[rank][col]
                rows[i] = [
                    a - factor * b for a, b in zip(rows[i], rows[rank], strict=True)
                ]
        rank += 1
    return rank


def _recoverable(rows, cols, hidden, row_totals, column_totals):
    """The hidden entries the shown figures pin down, by linear algebra.

    Entries (r, c) of the table with its totals (index `rows` / `cols`);
    every row and every column adds up to its total. An unknown is pinned
    down when its unit vector lies in the span of the equations restricted
    to the unknowns.
    """
    unknown = set(hidden)
    if not row_totals:
        unknown |= {(r, cols) for r in range(rows + 1)}
    if not column_totals:
        unknown |= {(rows, c) for c in range(cols + 1)}
    order = sorted(unknown)
    index = {key: i for i, key in enumerate(order)}
    equations = _equations(rows, cols, index)
    base = _rank(equations)
    pinned = set()
    for key in hidden:
        unit = [0] * len(order)
        unit[index[key]] = 1
        if _rank([*equations, unit]) == base:
            pinned.add(key)
    return pinned


def _equations(rows, cols, index):
    """Each row and column minus its total is 0, over the unknowns."""
    equations = []
    for r in range(rows + 1):
        row = [0] * len(index)
        for c in range(cols + 1):
            if (r, c) in index:
                row[index[r, c]] += -1 if c == cols else 1
        equations.append(row)
    for c in range(cols + 1):
        row = [0] * len(index)
        for r in range(rows + 1):
            if (r, c) in index:
                row[index[r, c]] += -1 if r == rows else 1
        equations.append(row)
    return equations


TABLES = st.integers(1, 4).flatmap(
    lambda rows: st.integers(1, 4).flatmap(
        lambda cols: st.lists(
            st.lists(st.integers(0, 12), min_size=cols, max_size=cols),
            min_size=rows,
            max_size=rows,
        )
    )
)


@settings(max_examples=300, deadline=None)
@given(TABLES, st.booleans(), st.booleans())
def test_no_hidden_cell_can_be_recovered(patients, row_totals, column_totals):
    values = [[n * 3 for n in row] for row in patients]  # counts built from them
    hidden = suppress(
        values, patients, row_totals=row_totals, column_totals=column_totals
    )
    rows, cols = len(patients), len(patients[0])
    for r in range(rows):
        for c in range(cols):
            if 0 < patients[r][c] < SMALL_CELL:
                assert (r, c) in hidden
    assert not _recoverable(rows, cols, hidden, row_totals, column_totals)


@given(st.lists(st.integers(1, 20), min_size=1, max_size=12))
def test_a_column_never_hides_exactly_one_row(patients):
    hidden = suppress_column([n * 2 for n in patients], patients)
    assert {r for r, n in enumerate(patients) if n < SMALL_CELL} <= hidden
    # The total is known, so one hidden row of several would be recoverable.
    assert len(hidden) != 1 or len(patients) == 1


def test_nothing_small_hides_nothing():
    assert suppress([[5, 9], [7, 12]], [[5, 9], [7, 12]]) == set()


def test_one_small_cell_takes_the_smallest_of_its_row_and_column_with_it():
    hidden = suppress([[2, 9, 30], [7, 12, 40]], [[2, 9, 30], [7, 12, 40]])
    assert (0, 0) in hidden
    assert len(hidden) >= 4  # a rectangle: two in its row, two in its column


@given(
    per_week=st.lists(st.integers(0, 12), min_size=1, max_size=20),
    share=st.floats(0, 1),
)
def test_a_figure_counted_by_week_is_hidden_as_its_period_count_would_hide_it(
    per_week, share
):
    """The report passes a weekly figure's most patients in one week, not
    the period's distinct patients (outcomes._cell): any number the period
    could have (from the week's most to the weeks' sum) hides it alike."""
    most, total = max(per_week), sum(per_week)
    period = round(most + share * (total - most))
    assert (
        _cell(None, most, per_week)["suppressed"]
        == _cell(None, period, per_week)["suppressed"]
    )
