"""The small-cell rule for aggregate reports: pure, no database.

A cell built from fewer than `SMALL_CELL` patients is hidden (primary
suppression). Then, so that no hidden value can be worked out from what is
shown, more cells are hidden (complementary suppression): a table's rows and
columns add up to their totals, so a hidden cell that is the only unknown of
its row or column, or that can be found by combining rows and columns, is
recoverable. Drawn as a graph, with a node per row and per column (the
totals row and column included) and an edge per unknown entry, an unknown
entry is recoverable exactly when its edge is on no cycle. We hide the
smallest known entry next to such an edge until every unknown edge lies on a
cycle. A total that is not published counts as unknown from the start.
"""

from collections.abc import Sequence

from django.utils.translation import gettext_noop

SMALL_CELL = 5
# English in the CSV export; pages show them translated (gettext at display).
SUPPRESSED_TEXT = gettext_noop("fewer than 5")
FOOTNOTE = gettext_noop(
    "Figures built from fewer than 5 patients are shown as “fewer than 5”, "
    "and so are some others, so that a hidden figure cannot be worked out "
    "from the rest or from the totals."
)


def is_small(patients: int) -> bool:
    return 0 < patients < SMALL_CELL


def _connected_without(edges: set, a, b, skip) -> bool:
    """Whether nodes a and b are joined by the edges other than `skip`."""
    neighbours: dict = {}
    for edge in edges:
        if edge == skip:
            continue
        row, col = edge
        neighbours.setdefault(("r", row), []).append(("c", col))
        neighbours.setdefault(("c", col), []).append(("r", row))
    seen, stack = {a}, [a]
    while stack:
        node = stack.pop()
        if node == b:
            return True
        for nxt in neighbours.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False


def suppress(
    values: Sequence[Sequence[int]],
    patients: Sequence[Sequence[int]],
    *,
    row_totals: bool = True,
    column_totals: bool = True,
) -> set[tuple[int, int]]:
    """The (row, column) entries to hide, totals included.

    Row index `len(values)` is the totals row and column index
    `len(values[0])` the totals column. Unpublished totals are not in the
    answer (they are not shown anyway).

    `values` are the additive figures shown (counts), `patients` how many
    patients each cell is built from. `row_totals` / `column_totals` say
    whether the totals of each row / column (and the grand total) can be
    known by the reader; an unpublished total is treated as hidden. Cells
    with no patients are shown (as nothing) and never needed as complements
    unless no other cell will do.
    """
    rows = len(values)
    cols = len(values[0]) if rows else 0
    if not rows or not cols:
        return set()
    entry = _with_totals(values, patients)
    # Unpublished totals are unknown to the reader, but not secret: working
    # one out reveals nothing, so they are never protected themselves.
    unpublished = set()
    if not row_totals:
        unpublished |= {(r, cols) for r in range(rows + 1)}
    if not column_totals:
        unpublished |= {(rows, c) for c in range(cols + 1)}
    hidden = {key for key, (_, n) in entry.items() if is_small(n)} - unpublished

    def preference(key):
        value, n = entry[key]
        return (n == 0, value, n, key)

    while (exposed := _exposed(hidden, unpublished)) is not None:
        r, c = exposed
        candidates = [
            key
            for key in entry
            if key not in hidden | unpublished and (key[0] == r or key[1] == c)
        ]
        if not candidates:  # every entry of its row and column is hidden
            candidates = [key for key in entry if key not in hidden | unpublished]
        hidden.add(min(candidates, key=preference))
    return hidden


def _with_totals(values, patients) -> dict:
    """{(row, column): (value, patients)}, the totals at index len()."""
    rows, cols = len(values), len(values[0])
    entry = {
        (r, c): (values[r][c], patients[r][c]) for r in range(rows) for c in range(cols)
    }
    for r in range(rows):
        entry[r, cols] = (sum(values[r]), sum(patients[r]))
    for c in range(cols):
        entry[rows, c] = (
            sum(values[r][c] for r in range(rows)),
            sum(patients[r][c] for r in range(rows)),
        )
    entry[rows, cols] = (sum(map(sum, values)), sum(map(sum, patients)))
    return entry


def _exposed(hidden: set, unpublished: set):
    """A hidden entry on no cycle of unknown entries: one the rest pins down."""
    unknown = hidden | unpublished
    return next(
        (
            (r, c)
            for (r, c) in sorted(hidden)
            if not _connected_without(unknown, ("r", r), ("c", c), (r, c))
        ),
        None,
    )


def suppress_column(values: Sequence[int], patients: Sequence[int]) -> set[int]:
    """The rows to hide of a one-column table whose total can be known."""
    cells = suppress([[v] for v in values], [[n] for n in patients], row_totals=False)
    return {r for r, c in cells if r < len(values) and c == 0}
