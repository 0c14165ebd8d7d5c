"""Expand the catalogue's identities, the code hierarchies and the printed headers into the summations of one
report.

Every coded table gets, per column, parent code = Σ children (a code whose parent is not printed counts in its
nearest printed ancestor) and 合计 row = Σ top-level codes; every table
whose header prints a 合计/小计 column beside its parts gets that column identity; the catalogue declares
the rest (balances, rows of the summary tables, the same quantity in two tables), per phase.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .key_figures import printed_again
from .model import Figure, Report, Table
from .tables import AMOUNT, Identity, TableKind, catalogue


@dataclass(frozen=True, order=True)
class Cell:
    """An address in a report: table key, row concept, column. It may be blank (an exact zero)."""

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
    cat = catalogue()
    cells = figures_by_cell(report)
    rows: dict[str, set[tuple[str, str]]] = defaultdict(set)
    columns: dict[str, set[str]] = defaultdict(set)
    halves: dict[tuple[str, str, str], set[int]] = defaultdict(set)  # the halves a row prints figures in
    for c, f in cells.items():
        rows[c.table].add((c.scheme, c.key))
        columns[c.table].add(c.column)
        halves[(c.table, c.scheme, c.key)].add(f.half)
    out: list[Summation] = []
    amount = cat.amount(report.document)

    def add(rule: str, total: Cell, items: list[tuple[int, Cell]]) -> None:
        if items and (total in cells or any(c in cells for _, c in items)):
            out.append(Summation(rule, total, tuple(items)))

    def col(name: str) -> str:
        return name.replace(AMOUNT, amount)

    def applies(identity: Identity, kind: str) -> bool:
        return report.document in identity.phases and (not identity.kinds or cat.kind(kind).key in identity.kinds)

    for table in report.tables:
        t = table.kind
        kind = cat.kind(t)
        for groups in _code_groups(rows[t]).values():
            children: dict[str, list[tuple[str, str]]] = defaultdict(list)
            for code, rs in sorted(groups.items()):
                # its nearest printed ancestor: a 项 whose 款 is not printed (3010201 without 30102) counts in its 类
                parent = next((code[:end] for end in range(len(code) - 2, 2, -2) if code[:end] in groups), None)
                if parent is not None:
                    children[parent] += rs
            for column in sorted(columns[t]):
                for parent, parent_rows in sorted(groups.items()):
                    kids = children.get(parent)
                    if kids:  # a code printed on several rows (beside other codes): all its rows together
                        add("hierarchy-sum", Cell(t, *parent_rows[0], column),
                            [(1, Cell(t, *r, column)) for r in kids]
                            + [(-1, Cell(t, *r, column)) for r in parent_rows[1:]])
        coded = {s for s, k in rows[t] if s != "item"}
        named = {k for s, k in rows[t] if s == "item"} - {"合计", "总计"}
        if len(coded) == 1 and coded <= set(cat.schemes) and not kind.sides and not named:
            scheme = next(iter(coded))
            tops = [k for s, k in sorted(rows[t]) if s == scheme and len(k) == 3 and k.isdigit()]
            for total in ("合计", "总计"):
                if ("item", total) in rows[t]:
                    for column in sorted(columns[t]):
                        add("total-row", Cell(t, "item", total, column),
                            [(1, Cell(t, scheme, c, column)) for c in tops])
                    break
        header_sums = _header_identities(table, kind) if kind.header_identities else []
        declared = [(total, items, None) for identity in cat.column_identities if applies(identity, t)
                    for total, items in _staged(identity, kind.stages)]
        for total, items, half in header_sums + declared:
            if not any(col(c) in columns[t] for _, c in items):
                continue  # the table prints none of the parts: the identity is not this table's
            for scheme, key in sorted(rows[t]):
                if half is not None and half not in halves[(t, scheme, key)]:
                    continue  # a row of the other half of the table
                add("column-identity", Cell(t, scheme, key, col(total)),
                    [(w, Cell(t, scheme, key, col(c))) for w, c in items])
        for identity in cat.row_identities:
            if not applies(identity, t):
                continue
            for column in identity.columns:
                expanded: list[tuple[int, Cell]] = []
                for w, item in identity.items:
                    if item == "*function":
                        expanded += [(w, Cell(t, "function", k, col(column))) for s, k in sorted(rows[t])
                                     if s == "function" and len(k) == 3]
                    else:
                        expanded.append((w, _cell(t, item, col(column))))
                if any((c.scheme, c.key) in rows[t] for _, c in expanded):
                    add("row-identity", _cell(t, identity.total, col(column)), expanded)
    present = {t.kind for t in report.tables}
    for identity in cat.cross_identities:
        if report.document not in identity.phases:
            continue
        t, row, column = identity.total
        if t not in present or any(it not in present for _, (it, _, _) in identity.items):
            continue
        if col(column) not in columns[t] or any(col(ic) not in columns[it] for _, (it, _, ic) in identity.items):
            continue  # a table prints the quantity under another heading: not comparable
        if row == "*class":
            classes = {k for tk in [t] + [it for _, (it, _, _) in identity.items]
                       for s, k in rows[tk] if s == "function" and len(k) == 3}
            for code in sorted(classes):
                add("cross-table", Cell(t, "function", code, col(column)),
                    [(w, Cell(it, "function", code, col(ic))) for w, (it, _, ic) in identity.items])
        else:
            add("cross-table", _cell(t, row, col(column)),
                [(w, _cell(it, ir, col(ic))) for w, (it, ir, ic) in identity.items])
    # a key figure printed by two tables (or two cells) of one unit: the same quantity
    printed_twice = {(s.total, s.items) for s in out}
    for first, other in printed_again(report):
        if first.unit != other.unit:
            continue
        a, b = (Cell(k.table, k.cells[0].row.scheme, k.cells[0].row.key, k.cells[0].column) for k in (first, other))
        if (a, ((1, b),)) not in printed_twice and (b, ((1, a),)) not in printed_twice:
            printed_twice.add((a, ((1, b),)))
            add("cross-table", a, [(1, b)])
    return out


def _code_groups(rows: set[tuple[str, str]]) -> dict[tuple[str, str], dict[str, list[tuple[str, str]]]]:
    """The coded rows of a table by scope (scheme, unit) and code: a row's code is its key (2010301), the first
    of the codes it prints together (2080201+50201+30201) or its code within a unit (2010301@X单位). Rows
    printed under one name more than once (#2) are left out: which of them a parent counts is not known."""
    cat = catalogue()
    groups: dict[tuple[str, str], dict[str, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    for scheme, key in sorted(rows):
        if "#" in key or (scheme not in cat.schemes and scheme != "combination"):
            continue
        code, _, unit = key.partition("@")
        code = code.split("+", 1)[0]
        found = cat.scheme_of(code)
        if code.isdigit() and found:
            groups[(found.key, unit)][code].append((scheme, key))
    return groups


def _staged(identity: Identity, stages: tuple[str, ...]) -> list[tuple[str, tuple[tuple[int, str], ...]]]:
    total = str(identity.total)
    if "{stage}" not in total:
        return [(total, tuple((w, str(i)) for w, i in identity.items))]
    return [(total.format(stage=s), tuple((w, str(i).format(stage=s)) for w, i in identity.items)) for s in stages]


def _header_identities(table: Table, kind: TableKind) -> list[tuple[str, tuple[tuple[int, str], ...], int]]:
    """Column identities a table's header declares: under one header, a 合计/小计 column = Σ the columns
    beside it (a group of columns counts with its own 小计, or else with each of its columns); none where a
    column beside it is a comparison (上年, 增减, …); a subset beside it (扣除…, 政府采购…) is no part of it.
    A stage printed under each item (因公出国
    费/预算数) is read as the item under the stage (预算数/因公出国费)."""
    cat = catalogue()
    stages = kind.stages
    trees: dict[int, dict] = {}
    for column, path, half in table.headers:
        node = trees.setdefault(half, {})
        words = path.split("/")
        staged = [p for p in words if p.endswith(stages)] if stages else []
        for part in staged[-1:] + [p for p in words if p not in staged[-1:]]:
            node = node.setdefault(part, {})
        node[""] = column  # the column printed under this header path

    def is_total(name: str) -> bool:
        return name.endswith(cat.total_words)

    def non_additive(name: str) -> bool:
        return any(w in name for w in cat.non_additive)

    def not_part(name: str) -> bool:
        return any(w in name for w in cat.not_parts)

    def total_of(node: dict) -> str | None:
        """The one column under a header that totals the others (合计, 小计, 项目支出总数 …), if printed."""
        subs = {k: v for k, v in node.items() if k}
        totals = [v[""] for k, v in subs.items() if is_total(k) and "" in v and len(v) == 1]
        return totals[0] if len(totals) == 1 else None

    def parts(node: dict) -> list[str] | None:
        """What a header contributes to a total above it: its own total, or the sum of its columns; None when
        neither is printed (a comparison or a subset among its columns)."""
        subs = {k: v for k, v in node.items() if k}
        if not subs:
            return [node[""]] if "" in node else []
        total = total_of(node)
        if total:
            return [total]
        if any(non_additive(k) for k in subs):
            return None
        below = [parts(v) for k, v in subs.items() if not not_part(k)]
        return _joined(below)

    found: list[tuple[str, tuple[tuple[int, str], ...], int]] = []

    def walk(node: dict, half: int) -> None:
        subs = {k: v for k, v in node.items() if k}
        totals = [k for k, v in subs.items() if is_total(k) and "" in v and len(v) == 1]
        if len(totals) == 1 and len(subs) > 1 and not any(non_additive(k) for k in subs):
            apart = [x for word, words in kind.total_scope.items() if word in totals[0] for x in words]
            items = _joined([parts(v) for k, v in subs.items()
                             if k != totals[0] and not not_part(k) and not any(x in k for x in apart)])
            if items:
                found.append((subs[totals[0]][""], tuple((1, c) for c in items), half))
        for v in subs.values():
            walk(v, half)

    for half, tree in trees.items():
        walk(tree, half)
    return list(dict.fromkeys(found))


def _joined(parts: list[list[str] | None]) -> list[str] | None:
    """The columns of several headers together, or None when one of them cannot say what it adds."""
    if any(p is None for p in parts):
        return None
    return [c for p in parts if p is not None for c in p]


def _cell(table: str, row: str, column: str) -> Cell:
    if row.isdigit():
        return Cell(table, catalogue().scheme_key(row), row, column)
    return Cell(table, "item", row, column)
