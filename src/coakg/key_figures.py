"""The key figures of a report: the report-level figures compared across departments, cities and years (收入总计,
本年支出合计, 基本支出, 人员经费, 三公经费, expenditure by function class …), each read from the table, row and
column the report prints it in, as the table catalogue declares (``key_figure``). Nothing here knows of PDFs
or RDF.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from .model import LABEL_JOIN, YUAN_PER_UNIT, Figure, Report, Row, Table, strip_ordinal
from .tables import AMOUNT, KeyFigureSpec, KeySource, catalogue


@dataclass(frozen=True)
class KeyFigure:
    """One key figure of a report: the printed cells it is read from (one, or a figure's funds added)."""

    key: str  # the catalogue's key figure, e.g. income-total
    code: str | None  # the class (201, 301 …) of a figure per class
    table: str  # the table kind it is printed in
    unit: str  # the table's unit (万元, 千元, 元)
    cells: tuple[Figure, ...]

    @property
    def value(self) -> Decimal:
        """As printed, in the table's unit (the cells added where several)."""
        return sum((c.value for c in self.cells[1:]), self.cells[0].value)

    @property
    def wan_yuan(self) -> Decimal:
        """In 万元, the unit in which figures of different reports are compared: exact, with no more decimals than
        it needs and no fewer than two (19577.43 for 195,774,300 元; 120.00 for 120.00 万元)."""
        exact = (self.value * YUAN_PER_UNIT[self.unit]).scaleb(-4).normalize()
        exponent = exact.as_tuple().exponent
        return exact.quantize(Decimal("0.01")) if isinstance(exponent, int) and exponent > -2 else exact


def key_figures(report: Report) -> tuple[KeyFigure, ...]:
    """Every key figure the report prints, each from the first of its sources that prints it (a figure per class
    from the first source that prints any class: the classes of one table)."""
    return tuple(first for first, _ in _prints(report))


def printed_again(report: Report) -> list[tuple[KeyFigure, KeyFigure]]:
    """A key figure printed by a later source too (another table or cell): (the key figure, the other print)."""
    return [(first, other) for first, others in _prints(report) for other in others
            if len(first.cells) == 1 and len(other.cells) == 1 and first.cells[0] is not other.cells[0]]


def _prints(report: Report) -> list[tuple[KeyFigure, list[KeyFigure]]]:
    """Each key figure of the report and its prints by later sources."""
    found: dict[tuple[str, str | None], tuple[KeyFigure, list[KeyFigure]]] = {}
    first_source: dict[str, int] = {}
    for n, figure in _every_source(report):
        key = (figure.key, figure.code)
        if key in found:
            found[key][1].append(figure)
        elif figure.code is None or first_source.setdefault(figure.key, n) == n:
            found[key] = (figure, [])
    return list(found.values())


def _every_source(report: Report) -> Iterator[tuple[int, KeyFigure]]:
    """Every print of every key figure, with the number of its source, in the order of the catalogue's sources."""
    sangong = next(iter(_tables(report, "sangong")), None)
    cells = _sangong_cells(sangong, report) if sangong is not None else {}  # read once for all its figures
    for spec in catalogue().key_figures:
        if spec.sangong:
            if sangong is not None:
                yield from ((0, f) for f in _sangong(spec, sangong, cells))
            continue
        for n, source in enumerate(spec.sources):
            for table in _tables(report, source.table):
                yield from ((n, f) for f in _from_source(spec, source, table, report))


def _tables(report: Report, kind: str) -> list[Table]:
    """The report's tables of a kind (a report may print two: by function and by economic class)."""
    cat = catalogue()
    return [t for t in report.tables if cat.kind(t.kind).key == kind]


_COMPARISONS = ("上年", "增减", "增长", "同比", "变动", "差额", "%", "率")  # words of a column compared, not the figure


def _plain(text: str) -> str:
    """A row key or header word compared without white space, brackets, quotes, 、 and list numbering."""
    text = strip_ordinal(re.sub(r"^其中[：:]?", "", re.sub(r"\s", "", text)))
    return re.sub(r"[、（）()“”\"]", "", text)


def _rows(table: Table) -> list[Row]:
    """The table's rows in print order."""
    return list(dict.fromkeys(f.row for f in table.figures))


def _total_row(table: Table, report: Report) -> Row | None:
    """The table's total row: 合计 or 总计, else its first row when that row prints no code and is the department's
    above its units' (it names the department, or it is the only row)."""
    rows = _rows(table)
    totals = [r for r in rows if r.scheme == "item" and _plain(r.key.rsplit("/", 1)[-1]) in ("合计", "总计")]
    if totals:
        return totals[0]
    if not rows or rows[0].scheme != "item" or rows[0].code:
        return None
    named = _plain(rows[0].label.rsplit(LABEL_JOIN, 1)[-1])
    own = named.removesuffix("本级").removesuffix("汇总") == _plain(report.department)  # X（本级）, X（汇总）
    return rows[0] if len(rows) == 1 or own else None


def _headers(table: Table) -> dict[tuple[str, int], str]:
    return {(column, half): path for column, path, half in table.headers}


def _column(headers: dict[tuple[str, int], str], fig: Figure, names: tuple[str, ...], phase: str) -> int | None:
    """Which of ``names`` (in order) the figure's column is: its canonical column, or the last part of its printed
    header path (``headers``: the table's); never a column of comparisons (上年…, 增减, a rate) unless the name
    asks for one."""
    printed = headers.get((fig.column, fig.half), fig.column)
    compared = [w for w in _COMPARISONS if w in printed or w in fig.column]
    own = {_plain(fig.column), _plain(fig.column.rsplit("/", 1)[-1]), _plain(printed.rsplit("/", 1)[-1]),
           _plain(printed)}
    for n, name in enumerate(names):
        if _plain(catalogue().amount(phase) if name == AMOUNT else name) in own \
                and all(w in name for w in compared):
            return n
    return None


def _from_source(spec: KeyFigureSpec, source: KeySource, table: Table, report: Report) -> Iterator[KeyFigure]:
    phase = report.document
    headers = _headers(table)
    if source.unless and any(f.value and any(w in f.row.key or w in headers.get((f.column, f.half), f.column)
                                             for w in source.unless) for f in table.figures):
        return  # the table prints what its totals add beside the year's figures (上年结转 …)
    if spec.per:
        yield from _per_class(spec, source, table, headers, phase)
        return
    total = _total_row(table, report) if "@total" in source.rows else None
    wanted = [_plain(r) for r in source.rows if r != "@total"]
    best: tuple[int, int, Figure] | None = None
    for fig in table.figures:
        if fig.row == total:
            row_rank = source.rows.index("@total")
        elif fig.row.scheme == "item" and _plain(fig.row.key) in wanted:
            row_rank = wanted.index(_plain(fig.row.key))
        else:
            continue
        column_rank = _column(headers, fig, source.columns, phase)
        if source.not_under and any(w in headers.get((fig.column, fig.half), fig.column) for w in source.not_under):
            continue
        if column_rank is not None and (best is None or (row_rank, column_rank) < best[:2]):
            best = (row_rank, column_rank, fig)
    if best is not None:
        yield KeyFigure(spec.key, None, table.kind, table.unit, (best[2],))


def _per_class(spec: KeyFigureSpec, source: KeySource, table: Table, headers: dict[tuple[str, int], str],
               phase: str) -> Iterator[KeyFigure]:
    """One figure per class code of the classification printed as a row of the table (a code scoped to a unit or
    printed beside another code is no class of the report's own); a classification's economic classes are those
    of the 部门预算 economic classification where printed, else of the 政府预算 one."""
    schemes = ("economic", "government-economic") if spec.per == "economic" else (spec.per,)
    for scheme in schemes:
        found: dict[str, tuple[int, Figure]] = {}
        for fig in table.figures:
            row = fig.row
            if row.scheme != scheme or len(row.key) != 3 or not row.key.isdigit():
                continue
            rank = _column(headers, fig, source.columns, phase)
            if rank is not None and (row.key not in found or rank < found[row.key][0]):
                found[row.key] = (rank, fig)
        for code, (_, fig) in sorted(found.items()):
            yield KeyFigure(spec.key, code, table.kind, table.unit, (fig,))
        if found:
            return


# ------------------------------------------------------------------------------------------------ 三公
def _sangong(spec: KeyFigureSpec, table: Table, cells: dict) -> Iterator[KeyFigure]:
    """A 三公 figure (item, stage) read by meaning from the 三公 table: items as columns (under stages, or stages
    under items) or as rows; stages as columns, or years as rows (2025年, 2026年, 增减); the row of the whole
    department (合计, 三公经费, or the first unit's rows); a figure printed only by fund, its funds added."""
    assert spec.sangong is not None
    item, stage = spec.sangong
    found = _sangong_figure(cells, item, stage)
    if found is None and item == "total":  # no 三公 total printed (only one of 三公 and other expenses): its items
        parts = [_sangong_figure(cells, i, stage) for i in ("overseas", "vehicle", "reception")]
        found = tuple(c for p in parts if p for c in p) if all(parts) else None
    if found:
        yield KeyFigure(spec.key, None, table.kind, table.unit, found)


def _sangong_figure(cells: dict, item: str, stage: str) -> tuple[Figure, ...] | None:
    """The cell of an item at a stage, or its funds' cells (of one row) where no total of them is printed."""
    plain = [fig for fig, funded in cells.get((item, stage), []) if not funded]
    if plain:
        return (plain[0],)
    funded = [fig for fig, funded in cells.get((item, stage), []) if funded]
    return tuple(funded) if funded and len({fig.row for fig in funded}) == 1 else None


def _fund(word: str) -> bool:
    """A header word naming a source of funds (一般公共预算财政拨款, 单位资金 …): a part of an item, not the item."""
    funds = catalogue().sangong_words.funds
    return _plain(word) in funds or catalogue().column_words.get(_plain(word)) in funds


def _sangong_cells(table: Table, report: Report) -> dict[tuple[str, str], list[tuple[Figure, bool]]]:
    """Each figure of the department's rows as (item, stage), and whether it is one fund's part."""
    cat = catalogue()
    words = cat.sangong_words
    stages = cat.kind(table.kind).stages
    headers = _headers(table)
    printed = " ".join(headers.values()) + " ".join(f.row.label for f in table.figures)
    beside = any(w in printed for w in words.beside)
    has_total_column = any(words.items.get(_plain(p)) == "total" for c, _, _ in table.headers for p in c.split("/"))

    def item_of(word: str) -> str | None:
        word = _plain(word)
        found = words.items.get(word)
        if found is None and word in words.grand_total and not beside and not has_total_column:
            return "total"
        return found

    def stage_of(word: str) -> str | None:
        word = _plain(word)
        if word in stages:
            return word
        if "增减" in word:  # 2026年比2025年增减 is a change, whatever year it names first
            return "增减"
        if word.startswith(f"{report.year}年") and report.document == "预算":
            return cat.amount(report.document)
        if word.startswith(f"{report.year - 1}年") and report.document == "预算":
            return "上年预算数"
        return None

    def row_parts(row: Row) -> tuple[str, str]:
        """(the unit a row names, what the rest names): a row that leaves its unit blank is keyed with the unit
        printed above it."""
        unit, _, rest = row.key.rpartition(LABEL_JOIN)
        return unit, rest

    printed_stages = {s for c, _, _ in table.headers for p in c.split("/") if (s := stage_of(p)) in stages}
    single_stage = next(iter(printed_stages)) if len(printed_stages) == 1 else None  # a column whose stage is lost
    rows = _rows(table)
    labelled = [r for r in rows if not row_parts(r)[0] and item_of(row_parts(r)[1])]
    if labelled:
        keep = set(labelled)
    else:
        first_unit = row_parts(rows[0])[0] if rows else ""
        keep = {r for r in rows if row_parts(r)[0] == first_unit}
    out: dict[tuple[str, str], list[tuple[Figure, bool]]] = {}
    for fig in table.figures:
        if fig.row not in keep:
            continue
        parts = fig.column.split("/")
        path_parts = headers.get((fig.column, fig.half), fig.column).split("/")
        row_item, row_stage = item_of(row_parts(fig.row)[1]), stage_of(row_parts(fig.row)[1])
        column_stage = next((s for p in parts if (s := stage_of(p)) in stages), None)
        funded = any(_fund(p) for p in parts) or any(_fund(p) for p in path_parts)
        column_item = next((i for p in reversed(parts) if (i := item_of(p))), None)
        if column_item is None and not any(_plain(p) in words.grand_total for p in parts):
            # a column the catalogue has no canonical name for: its printed words (a 总计 the reader told from
            # a 合计 is not the 三公 total)
            column_item = next((i for p in reversed(path_parts) if (i := item_of(p))), None)
        item: str | None
        named = [p for p in parts if stage_of(p) is None and not _fund(p)]  # what a column names beside stage, fund
        if column_item == "total" and beside and row_item in (None, "total") \
                and not any("三公" in p for p in [*path_parts, fig.row.label]):
            column_item = None  # a 合计 of 三公 and of the other expenses beside them: added from the items below
        if row_item and row_item != "total":
            item = row_item  # items printed as rows: a column is a stage, or the row's total of the funds
        elif column_item or named:
            item = column_item  # None for a column of other expenses (会议费) or of all of them (总计)
        else:
            item = row_item
        stage = row_stage or column_stage or single_stage  # a row printing a year says which (years as rows)
        if item and stage:
            out.setdefault((item, stage), []).append((fig, funded))
    return out
