"""Plain-text tables for the commands and the facilitator report, in a leaf module any layer may use."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def table_lines(rows: Sequence[Sequence[str]], right: Iterable[int] = ()) -> list[str]:
    """`rows` (the first one the heading) as lines of columns two spaces apart; the columns numbered in
    `right` are right-aligned (figures), the others left-aligned. No line ends in spaces."""
    right = set(right)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [cell.rjust(width) if i in right else cell.ljust(width)
                 for i, (cell, width) in enumerate(zip(row, widths, strict=True))]
        lines.append("  ".join(cells).rstrip())
    return lines
