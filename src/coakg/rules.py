"""Expand the layout's identities and the code hierarchies into the summations of one report."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .identities import COLUMN_IDENTITIES, CROSS_IDENTITIES, ROW_IDENTITIES
from .layout import KIND_BY_KEY
from .model import Figure, Report


@dataclass(frozen=True, order=True)
class Cell:
    """An address in a report: table kind, row concept, column. It may be blank (an exact zero)."""

    table: str
    scheme: str
    key: str
    column: str


@dataclass(frozen=True)
class Summation:
    rule: str
    total: Cell
    items: tuple[tuple[int, Cell], ...]


def figures_by_cell(report: Report) -> dict[Cell, Figure]:
    return {Cell(t.kind, f.row.scheme, f.row.key, f.column): f for t in report.tables for f in t.figures}


def summations(report: Report) -> list[Summation]:
    """Every summation of the report whose total or items print at least one figure."""
    cells = figures_by_cell(report)
    rows: dict[str, set[tuple[str, str]]] = defaultdict(set)
    columns: dict[str, set[str]] = defaultdict(set)
    for c in cells:
        rows[c.table].add((c.scheme, c.key))
        columns[c.table].add(c.column)
    out: list[Summation] = []

    def add(rule: str, total: Cell, items: list[tuple[int, Cell]]) -> None:
        if items and (total in cells or any(c in cells for _, c in items)):
            out.append(Summation(rule, total, tuple(items)))

    for table in report.tables:
        kind = KIND_BY_KEY[table.kind]
        t = table.kind
        if kind.row_scheme in ("function", "economic"):
            codes = sorted(k for s, k in rows[t] if s == kind.row_scheme)
            children = defaultdict(list)
            for code in codes:
                if len(code) > 3:
                    children[code[:-2]].append(code)
            for column in sorted(columns[t]):
                for parent in codes:
                    if children[parent]:
                        add("hierarchy-sum", Cell(t, kind.row_scheme, parent, column),
                            [(1, Cell(t, kind.row_scheme, c, column)) for c in children[parent]])
                if kind.row_scheme == "function" and ("item", "合计") in rows[t]:
                    classes = [c for c in codes if len(c) == 3]
                    add("total-row", Cell(t, "item", "合计", column),
                        [(1, Cell(t, "function", c, column)) for c in classes])
        for total, items in COLUMN_IDENTITIES.get(t, []):
            for scheme, key in sorted(rows[t]):
                add("column-identity", Cell(t, scheme, key, total),
                    [(w, Cell(t, scheme, key, c)) for w, c in items])
        for total, column, items in ROW_IDENTITIES.get(t, []):
            expanded: list[tuple[int, Cell]] = []
            for w, item in items:
                if item == "*function":
                    expanded += [(w, Cell(t, "function", k, column)) for s, k in sorted(rows[t])
                                 if s == "function" and len(k) == 3]
                else:
                    expanded.append((w, _cell(t, item, column)))
            add("row-identity", _cell(t, total, column), expanded)
    present = {t.kind for t in report.tables}
    for (t, row, column), items in CROSS_IDENTITIES:
        if t not in present or any(it not in present for _, (it, _, _) in items):
            continue
        if row == "*class":
            classes = {k for tk in [t] + [it for _, (it, _, _) in items]
                       for s, k in rows[tk] if s == "function" and len(k) == 3}
            for code in sorted(classes):
                add("cross-table", Cell(t, "function", code, column),
                    [(w, Cell(it, "function", code, ic)) for w, (it, _, ic) in items])
        else:
            add("cross-table", _cell(t, row, column), [(w, _cell(it, ir, ic)) for w, (it, ir, ic) in items])
    return out


def _cell(table: str, row: str, column: str) -> Cell:
    if row.isdigit():
        return Cell(table, KIND_BY_KEY[table].row_scheme, row, column)
    return Cell(table, "item", row, column)
