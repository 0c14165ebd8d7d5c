"""From a grid of printed cells to a table of figures, using only the table catalogue.

Readers turn a page or a text into a :class:`Grid` (cells in columns, a header
path above each column); :func:`interpret` turns a grid into a
:class:`model.Table`: which columns hold codes, names or figures, which row
concept and canonical column each figure belongs to. Nothing here knows of
PDFs, of one publisher, or of RDF.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

from .errors import ReadError
from .model import LABEL_JOIN, Figure, Row, Table, full_width_brackets, strip_ordinal
from .tables import AMOUNT, TableKind, catalogue

# A CJK radical or compatibility ideograph that a font's map names for the glyph of a unified ideograph (⼀ U+2F00
# for 一, ⽀ U+2F40 for 支: a PDF's text then reads ⼀般公共预算⽀出 where the page prints 一般公共预算支出): the
# ideograph it stands for, by its compatibility decomposition (NFKC; full-width forms, （）and the like, are kept).
# The simplified radicals of the supplement, which have no decomposition, are given by hand: ⻔ for 门, ⻓ for 长.
_RADICALS, _SIMPLIFIED = "⺁⺠⻄⻅⻆⻉⻋⻓⻔⻙⻚⻛⻜⻢⻥⻦⻧⻨⻩⻬⻮⻰", "厂民西见角贝车长门韦页风飞马鱼鸟卤麦黄齐齿龙"
IDEOGRAPHS = {cp: folded for cp in (*range(0x2E80, 0x2FE0), *range(0xF900, 0xFB00), *range(0x2F800, 0x2FA20))
              if len(folded := unicodedata.normalize("NFKC", chr(cp))) == 1 and folded != chr(cp)} | {
    ord(r): s for r, s in zip(_RADICALS, _SIMPLIFIED, strict=True)}


def ideographs(text: str) -> str:
    """``text`` with each radical or compatibility ideograph written as the unified ideograph it stands for."""
    return text.translate(IDEOGRAPHS)


def normalize(text: str | None) -> str:
    """Remove all white space (wrapped cells, letter-spaced headers) and control characters (no text of a
    report's)."""
    return re.sub(r"[\s\x00-\x1f\x7f-\x9f]+", "", text or "")




_AMOUNT_RE = re.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_MISGROUPED = re.compile(r"^[-−]?\d+(?:,\d+)+(?:\.\d+)?$")  # thousands separators in the wrong place: 125360,898
_TOTALS = ("合计", "总计", "小计")
_LEAD_WORDS = (*_TOTALS, "其中", "本级", "注")  # words that begin a row or a note of their own, no name's end
KIND_TOTAL, GRAND_TOTAL = "合计", "总计"  # a 三公 table's 三公 total, and its total of 三公 with 会议费, 培训费 …
_SPILL_CODE = re.compile(r"^([\u4e00-\u9fff]{1,2})(\d{3}(?:\d{2}){0,2})$")
# the end of the name beside a figure, overflowing into the figure's cell (支2947399.16, 出 2,022.39, ） 104.31), or
# alone in a cell left blank (助, ）)
_SPILL = re.compile(r"^([\u4e00-\u9fff（）()、]{1,3})([-−]?\d[\d,]*(?:\.\d+)?)?$")
_NAME_CHARS = re.compile(r"[\u4e00-\u9fff（）()、]")


def _spills_a_figure(text: str) -> bool:
    spill = _spilled(text)
    return spill is not None and spill[1] is not None


def _spilled(text: str) -> tuple[str, str | None] | None:
    """(the name's characters, the figure) of a figure's cell that a name beside it overflows into, or None: the
    name's end before the figure (支2947399.16; 缴费支出43608.96) or interleaved with its digits where the two
    overprint (障中18心39311.66 of 保障中心 over 1839311.66; 算0的.0项0目 over 0.00), the figure None where the cell
    holds only the name's end (助). Overprinted, the name's characters are a name's (one at least) and the figure
    is money (two decimals): a figure in brackets, with a note's number after it or a year before it ((2.00),
    10.00(1), 1,234.00(注1), 2026年1.5) is no spill, and no figure."""
    m = _SPILL.match(text)
    if m:
        return m.group(1), m.group(2)
    figure = _NAME_CHARS.sub("", text)
    if re.search(r"[\u4e00-\u9fff]", text) and re.fullmatch(r"[-−]?\d[\d,]*\.\d\d", figure):
        return "".join(_NAME_CHARS.findall(text)), figure
    return None
_CARRIED = re.compile(r"^([\u4e00-\u9fff]{1,3})(\d{3}(?:\d{2}){0,2}[-－—]?[\u4e00-\u9fff].*)$")
_DECIMAL_LIMIT = Decimal(10) ** 20  # xsd:decimal as stores compute it: 128 bits, 18 decimals
_NO_FIGURE = {"", "-", "—", "--", "——", "－", "/", "*", "**", "***", "x", "X", "×"}
_CODE_RE = re.compile(r"^[\[【(（]?(\d{3}(?:\s*\d{2}){0,3})[\]】)）]?(?:$|[-—－\s:：.、]*(?=\D)(.*)$)")


# the full-width digits, point, comma and minus of a figure or code typed with a Chinese input method
_HALF_WIDTH = str.maketrans("０１２３４５６７８９．，－", "0123456789.,-")


def plain_number(text: str) -> str:
    """A figure or code printed in full-width characters (１２０．００, ２０１０３０１) in ASCII ones; any other
    text (a name, even one with full-width digits) as it is printed."""
    plain = text.translate(_HALF_WIDTH)
    return plain if plain != text and is_number(plain.strip()) else text


def is_amount(text: str) -> bool:
    """A printed figure with a decimal point or thousands separators (plain small integers may be 栏次), the
    separators in their place or not (125360,898)."""
    return bool(_AMOUNT_RE.match(text) or _MISGROUPED.match(text)) and ("." in text or "," in text)


def is_number(text: str) -> bool:
    return bool(_AMOUNT_RE.match(text))


def parse_amount(text: str) -> Decimal:
    """A printed amount as an exact decimal; thousands separators dropped."""
    try:
        return Decimal(text.replace(",", "").replace("−", "-"))
    except InvalidOperation as exc:  # pragma: no cover - guarded by is_number
        raise ValueError(text) from exc


def split_code(text: str) -> tuple[str | None, str]:
    """A cell that starts with a classification code ("2010301", "201 03 01", "2019999-其他…"): (code, rest)."""
    m = _CODE_RE.match(text.strip())
    if not m:
        return None, text
    code = re.sub(r"\s", "", m.group(1))
    if len(code) not in (3, 5, 7, 9) or catalogue().scheme_of(code) is None:
        return None, text
    return code, normalize(m.group(2) or "")


# ---------------------------------------------------------------- grids
@dataclass(frozen=True)
class GridRow:
    cells: tuple[str, ...]
    page: int | None
    line: int | None


@dataclass
class Grid:
    """A table as a reader sees it: a header path per column and rows of cell texts."""

    title: str
    unit: str | None
    page: int | None
    line: int | None
    columns: tuple[str, ...]  # header path per column, parts joined by "/"
    rows: list[GridRow] = field(default_factory=list)
    note: str | None = None
    last_page: int | None = None
    column_pages: dict[int, int] = field(default_factory=dict)  # a column printed on a later page than its rows'
    # first cells: a table too wide for its page, printed column-wise over two pages


# 单位：万元; also 单位 万元 at the end of its line where the colon is printed apart (重庆: a text layer that sets
# punctuation on a line of its own)
UNIT = re.compile(r"单位(?:[：:]\s*(?:人民币)?|(?=(?:万元|千元|元)$))(万元|元|千元)")
ORG = re.compile(r"(?:编制单位|单位名称|部门名称|预算单位|主管部门|部门|单位)[：:]\s*(?!(?:人民币)?(?:万元|元|千元))"
                 r"([^\s：:]{2,40}?)(?=\s|金额单位|单位[：:]|$)")


@dataclass
class PrintedTable:
    """A table as printed in a file, before it is read: its kind (None for a table the catalogue does not
    know), its grid, and the organization named above it (编制单位：, 部门：, 单位名称：)."""

    kind: TableKind | None
    grid: Grid
    org: str | None = None
    edges: list[int] = field(default_factory=list)  # left edges of its columns on the page (PDF points)


CODE, LABEL, SKIP, TEXT = "code", "label", "skip", "text"
_LABEL_WORDS = ("名称", "项目", "科目", "单位", "类别", "品目", "部门")
_NAME_WORDS = ("名称", "类别", "品目")


_RATE = re.compile(r"[%％]|(?:率|比例|比重|占比|百分比)(?:[（(][^）)]*[）)])?$")


def is_rate(header: str) -> bool:
    """A header of rates, not amounts (增减率（%）, 增长%, 执行率, 占比): its figures are not read."""
    return bool(_RATE.search(header))


def column_role(path: str) -> str:
    """What a column holds, from its header path: codes, names, nothing (栏次/行次), or figures."""
    parts = [p for p in path.split("/") if p]
    leaf = parts[-1] if parts else ""
    if not parts or leaf in ("行次", "栏次", "序号") or leaf.startswith("栏") or any(map(is_rate, parts)):
        return SKIP
    if any(word in leaf for word in catalogue().quantities):
        return SKIP  # a count or a quantity (采购数量), not an amount
    if any(("编码" in p or "代码" in p) and ("单位" in p or "项目" in p) for p in parts):
        return LABEL  # a unit's or a project's code names the row, it is no classification code
    if leaf in ("类", "款", "项") or any("编码" in p or "代码" in p for p in parts):
        return CODE
    if leaf in catalogue().columns or leaf in catalogue().column_words:
        return "amount"
    if any(re.sub(r"[（(][^）)]*[）)]$", "", p).endswith(_LABEL_WORDS) or any(w in p for w in _NAME_WORDS)
           for p in parts):
        return LABEL
    return "amount"


YEAR = r"[2２][0０]\d\d"  # a printed year, its digits ASCII or full-width (int() reads both)
_YEARED = re.compile(rf"^({YEAR})年度?(.*)$")


def relative_year(part: str, year: int | None) -> str:
    """2026年预算数 in a 2026 report is 本年预算数; 2025年执行数 is 上年执行数."""
    m = _YEARED.match(part)
    if not m or year is None:
        return part
    y, rest = int(m.group(1)), m.group(2)
    prefix = {year: "本年", year - 1: "上年"}.get(y)
    if prefix is None:
        return part
    return prefix + rest if rest else prefix


def _known(part: str) -> str:
    """A header word with a character of its neighbour cell printed into it (预算数政, ）预算数, 公公务接待费) is the
    word; so is a word of four characters or more whose first character is printed into the cell before it
    (务用车购置及运行维护), where one word the catalogue knows ends so."""
    words = catalogue().header_words
    if part in words or len(part) < 3:
        return part
    near = next((w for w in (part[:-1], part[1:]) if w in words), None)
    if near is None and len(part) >= 4:
        missing = [w for w in words if len(w) == len(part) + 1 and w.endswith(part)]
        near = missing[0] if len(missing) == 1 else None
    return near or part


def canonical_parts(path: str, phase: str, year: int | None) -> list[str]:
    cat = catalogue()
    parts = []
    for p in path.split("/"):
        p = re.sub(r"[“”\"]", "", p)
        if not p:
            continue
        p = _known(relative_year(p, year))
        p = cat.column_words.get(p, p)
        parts.append(cat.amount(phase) if p == AMOUNT else p)
    return parts


def _scoped(kind: TableKind, parts: list[str]) -> bool:
    """A total column under a header that names the kind's scope (一般公共预算拨款安排的“三公”经费预算/小计): the
    kind's own total (合计), whatever else the table prints beside it (会议费, 培训费)."""
    parts = [p for p in parts if not p.endswith(kind.stages)] if kind.stages else parts
    return (len(parts) > 1 and parts[-1].endswith(catalogue().total_words)
            and any(w in parts[-2] for w in kind.total_scope))


def canonical_column(kind: TableKind, path: str, phase: str, year: int | None) -> str:
    """The canonical column a printed header path stands for; a header the catalogue does not know is
    kept as printed (its parts read relative to the year)."""
    cat = catalogue()
    amount = cat.amount(phase)
    parts = canonical_parts(path, phase, year)
    if not parts:
        return amount
    if kind.stages:
        stage = next((s for p in parts for s in sorted(kind.stages, key=len, reverse=True) if p.endswith(s)), amount)
        rest = [p for p in parts if not p.endswith(kind.stages)]
        if _scoped(kind, rest):
            return f"{stage}/{KIND_TOTAL}"
        for n in range(len(rest), 0, -1):
            item = kind.columns.get("/".join(rest[-n:]))
            if item:
                return f"{stage}/{item}"
        return "/".join(parts)
    columns = {k.replace(AMOUNT, amount): v.replace(AMOUNT, amount) for k, v in kind.columns.items()}
    for n in range(len(parts), 0, -1):
        hit = columns.get("/".join(parts[-n:]))
        if hit:
            return hit
    if len(parts) == 1 and (parts[0] in cat.columns or parts[0] == amount):
        return parts[0]
    if all(p == amount for p in parts):
        return amount
    return "/".join(p for p in parts if p != amount) or amount


_HEADER_UNIT = re.compile(r"[（(](?:(?:金额)?单位[：:])?(?:人民币)?(万元|元|千元)[）)]$")


def units_in_headers(grid: Grid) -> Grid:
    """A unit printed in the column headers (本年支出合计（元）) rather than above the table: the table's unit if it
    names none, and the headers without it."""
    units = {m.group(1) for path in grid.columns for part in path.split("/") if (m := _HEADER_UNIT.search(part))}
    if not units:
        return grid
    columns = tuple("/".join(_HEADER_UNIT.sub("", part) for part in path.split("/")) for path in grid.columns)
    return replace(grid, columns=columns, unit=grid.unit or (units.pop() if len(units) == 1 else None))


def interpret(grid: Grid, kind: TableKind, source: str, phase: str, year: int | None) -> Table:
    """Turn a grid into a table of figures, each in its canonical row and column (a unit printed in its headers
    taken out first: :func:`units_in_headers`)."""
    # an empty bracket pair is a header's brackets set apart by the text layer (因公出国 境 费 / ( )): it says nothing
    grid = replace(grid, columns=tuple(_overprinted(re.sub(r"[（(]\s*[）)]", "", path), catalogue().amount(phase))
                                       for path in grid.columns))
    roles = [column_role(path) for path in grid.columns]
    roles = [_by_content(grid, j, role, source) for j, role in enumerate(roles)]
    if TEXT in roles and not {CODE, LABEL} & set(roles):  # no header names the rows: the first text column does
        roles[roles.index(TEXT)] = LABEL
    sides = _sides(roles) if kind.halves > 1 else [list(enumerate(roles))]
    headers: dict[int, str] = {}
    for side in sides:
        used: set[str] = set()  # one canonical column per printed column, within each half
        columns = {j: canonical_column(kind, grid.columns[j], phase, year) for j, role in side if role == "amount"}
        in_scope = {j: _scoped(kind, canonical_parts(grid.columns[j], phase, year)) for j in columns}
        scoped = {columns[j] for j in columns if in_scope[j]}
        for j, column in columns.items():
            if column in scoped and not in_scope[j]:
                column = column.removesuffix(KIND_TOTAL) + GRAND_TOTAL  # the 合计 of the scope and what is beside it
            if column in used:  # two printed columns for one canonical column: the second keeps its header
                column = "/".join(canonical_parts(grid.columns[j], phase, year)) or grid.columns[j]
                base, n = column, 2
                while column in used:
                    column, n = f"{base}#{n}", n + 1
            used.add(column)
            headers[j] = column
    rows = _tails_carried_back(grid.rows, [j for j, role in enumerate(roles) if role in (CODE, LABEL)])
    parsed: list[tuple[GridRow, int, list[str], str, list[tuple[str, Decimal]], str, str, tuple[str, ...]]] = []
    misread: list[str] = []  # figures read although printed with their thousands separators misplaced
    previous: list[dict[int, str]] = [{} for _ in sides]
    unit_column = next((j for j, role in enumerate(roles) if role == LABEL and "单位" in grid.columns[j]
                        and not re.search(r"编码|代码", grid.columns[j])), None)
    unit = ""  # the unit (预算单位) a row belongs to, in a table that lists several units' rows in turn
    for row in rows:
        if _is_column_numbers(row, roles):
            continue
        inherited = ""  # the unit of a row that leaves its unit cell blank, printed on a row above (2025年, 2026年 …)
        if unit_column is not None and unit_column < len(row.cells):
            named = normalize(row.cells[unit_column])
            unit = named if named and strip_ordinal(named) not in _TOTALS else unit
            inherited = "" if named else unit
        left: tuple[list[str], str, tuple[str, ...]] = ([], "", ())
        for s, side in enumerate(sides):
            got = _row(side, row, headers, source, previous[s], misread)
            if got is None:
                continue
            codes, label, values, names = got
            if not codes and not label and values:  # figures whose name spans from the half to their left
                codes, label, names = left
            left = (codes, label, names)
            parsed.append((row, s, codes, label, values, unit, inherited, names))
    # a half of a summary named by economic classification (部门预算支出经济分类科目（按大类）) names no function class
    economic = {n for n, side in enumerate(sides)
                if any(r in (CODE, LABEL) and "经济" in grid.columns[j] for j, r in side)}
    pages = {(headers[j], s): grid.column_pages[j] for s, side in enumerate(sides) for j, _ in side
             if j in headers and j in grid.column_pages}
    figures = _figures(kind, parsed, source, named=bool({CODE, LABEL} & set(roles)), economic=economic, pages=pages)
    return Table(kind.key, grid.title, grid.unit or "万元", grid.page, grid.line, tuple(figures), grid.note,
                 tuple((headers[j], grid.columns[j], s)
                       for s, side in enumerate(sides) for j, _ in side if j in headers),
                 grid.last_page, tuple(misread),
                 tuple("｜".join(grid.columns[j] for j, r in side if r in (CODE, LABEL)) for side in sides)
                 if len(sides) > 1 else ())


def _tails_carried_back(rows: list[GridRow], named: list[int]) -> list[GridRow]:
    """The rows with the end of a name that overflowed its cell into the cell below (护 of 水利工程运行与维护,
    read before the next row's own code and name: 护2130306-水利工程运行与维) given back to the cell above."""
    rows = list(rows)
    for r in range(1, len(rows)):
        for j in named:
            above, cell = (normalize(rows[k].cells[j]) if j < len(rows[k].cells) else "" for k in (r - 1, r))
            m = _CARRIED.match(cell)
            if not m and re.fullmatch(r"[\u4e00-\u9fff]{1,3}", cell) and not any(
                    normalize(c) for k, c in enumerate(rows[r].cells) if k != j):
                m = re.match(r"(.*)()", cell)  # the end of the last name, on a line of its own
            if (m and re.search(r"[\u4e00-\u9fff]$", above) and split_code(above)[0] is not None
                    and not m.group(1).startswith(_LEAD_WORDS)):
                rows[r - 1] = replace(rows[r - 1], cells=_with(rows[r - 1].cells, j, above + m.group(1)))
                rows[r] = replace(rows[r], cells=_with(rows[r].cells, j, m.group(2)))
    return rows


def _with(cells: tuple[str, ...], j: int, text: str) -> tuple[str, ...]:
    return (*cells[:j], text, *cells[j + 1:])


def _overprinted(path: str, amount: str) -> str:
    """A header path whose last part is the phase's amount word (预算数) printed over by the end of a longer header
    beside it (部门预算支出经济分类科目（按大类）: 部门预预算算数支), read as the amount word: a part the catalogue does
    not know that holds the amount word's characters in order (its first twice) in at most 12 characters."""
    *head, leaf = path.split("/")
    cat = catalogue()
    if leaf in cat.columns or leaf in cat.column_words or amount in leaf or len(leaf) > 12:
        return path
    rest = iter(leaf)
    if all(ch in rest for ch in amount) and leaf.count(amount[0]) > 1:
        return "/".join([*head, amount])
    return path


_PERCENT = re.compile(r"^[-−]?\d+(?:\.\d+)?[%％]$")


def _by_content(grid: Grid, j: int, role: str, source: str) -> str:
    """A figure column whose cells are mostly words holds text (a project's aim, a 采购方式) or, when they are
    short, names (2026年, 增减); a code column whose cells are names is a name column. A column headed by a
    word the catalogue knows (合计, 基本支出, …) holds figures whatever its cells print."""
    path = grid.columns[j]
    cat = catalogue()
    cells = [normalize(r.cells[j]) for r in grid.rows if j < len(r.cells)]
    cells = [c for c in cells if c not in _NO_FIGURE]
    leaf = re.sub(r"[“”\"]", "", path.rsplit("/", 1)[-1])
    if cells and sum(bool(_PERCENT.match(c)) for c in cells) * 2 > len(cells):
        return SKIP  # rates (2.01%), not amounts: not read, nor taken for names
    if role == "amount" and leaf not in cat.columns and leaf not in cat.column_words:
        words = [c for c in cells
                 if not is_number(c) and not _MISGROUPED.match(c) and not _spills_a_figure(c)]
        if words and len(words) * 3 >= len(cells):
            return LABEL if max(map(len, words)) <= 16 else TEXT
    if role == CODE and cells:
        names = [c for c in cells if not c.isdigit() and split_code(c)[0] is None and strip_ordinal(c) not in _TOTALS]
        if len(names) * 2 > len(cells):
            return LABEL
    if role == LABEL and cells and all(is_number(c) for c in cells) and not re.search(r"编码|代码|序号", path):
        return "amount"  # a header word such as 项目 over a column of figures (政府采购项目/小计)
    return role


def _sides(roles: list[str]) -> list[list[tuple[int, str]]]:
    """Split columns into halves: a code or label column after a figure column starts a new half."""
    sides: list[list[tuple[int, str]]] = [[]]
    seen_amount = False
    for i, role in enumerate(roles):
        if role in (CODE, LABEL) and seen_amount:
            sides.append([])
            seen_amount = False
        elif role == "amount":
            seen_amount = True
        sides[-1].append((i, role))
    return sides


def _is_column_numbers(row: GridRow, roles: list[str]) -> bool:
    """A row of column numbers (栏次: 1 2 3 …, or **) rather than figures."""
    cells = [normalize(c) for c in row.cells]
    if any(c.startswith("栏次") for c in cells):
        return True
    numbers = [c for c, r in zip(cells, roles, strict=False) if r == "amount" and c]
    words = [c for c, r in zip(cells, roles, strict=False) if r in (CODE, LABEL) and c]
    if not numbers or words:
        return False
    if all(c.strip("*") == "" for c in numbers):
        return True
    return all(c.isdigit() for c in numbers) and [int(c) for c in numbers] == list(
        range(int(numbers[0]), int(numbers[0]) + len(numbers))) and len(numbers) > 1


_DISPLACED = re.compile(r"^\s*([一二三四五六七八九十]{1,3}|\d{1,2})\s+(\S.*?)\s*(、|[（(]\s*[）)])\s*$", re.S)


def _ordinal_in_place(text: str) -> str:
    """A name whose list numbering's punctuation a text layer sets after it (一 一般公共预算资金 、, 一 教育支出 ( )),
    with its numbering whole again (一、一般公共预算资金, （一）教育支出)."""
    m = _DISPLACED.match(text)
    if not m:
        return text
    number, name, mark = m.groups()
    return f"{number}、{name}" if mark == "、" else f"（{number}）{name}"


def _row(side, row: GridRow, headers: dict[int, str], source: str, previous: dict[int, str], misread: list[str]):
    """(codes, label, values, names) of one half of a printed row, or None for a row without figures or names;
    ``names`` are the name printed beside each code, where the row prints several codes.

    ``previous`` holds the last code read from each run of code columns: a row of a table that prints
    类/款/项 in separate columns and only its own segment ("", "", "01") continues the code above it.
    """
    cell = lambda i: normalize(_ordinal_in_place(row.cells[i])) if i < len(row.cells) else ""  # noqa: E731
    where = f"page {row.page}" if row.page else f"line {row.line}"
    codes: list[str] = []
    label_parts: list[str] = []
    named: list[tuple[int, str]] = []  # each part of the name, with how many codes were printed before it
    run: list[str] = []  # digit segments of consecutive code columns

    def end_run() -> None:
        if not any(run):
            run.clear()
            return
        key = len(codes)
        above = previous.get(key, "")
        if len(run) == 1 and len(run[0]) <= 2 and len(above) in (3, 7) and catalogue().scheme_of(above):
            code = above[:3] + run[0].zfill(2)  # a 款 printed as its own digits under its 类 (10 for 20110)
        elif run[0]:
            code = "".join(run)
        else:
            first = next(k for k, seg in enumerate(run) if seg)
            stem = previous.get(key, "")[:3 + 2 * (first - 1)]
            code = stem + "".join(run[first:]) if len(stem) == 3 + 2 * (first - 1) else "".join(run)
        previous[key] = code
        codes.append(code)
        run.clear()

    for i, role in side:
        text = cell(i)
        if role == CODE and (text.isdigit() or text in ("", "类", "款", "项")):
            run.append(text if text.isdigit() else "")  # 类/款/项: the level header on the first row
            continue
        end_run()
        spilled = _SPILL_CODE.match(text) if role in (CODE, LABEL) else None
        if spilled and label_parts:  # the end of the name to the left, wrapped into the code's cell: 险50102
            label_parts[-1] += spilled.group(1)
            text = spilled.group(2)
        if role in (CODE, LABEL):
            code, rest = split_code(text)
            if code and (rest or role == CODE):
                codes.append(code)
                text = rest
            if text:
                label_parts.append(text)
                named.append((len(codes), text))
    end_run()
    values = []
    for n, (i, role) in enumerate(side):
        if role != "amount":
            continue
        text = cell(i)
        if text in _NO_FIGURE:
            continue
        spill = _spilled(text)
        if spill:  # the end of a name overflowing into the figure's cell (支2947399.16): not the figure's
            name, figure = spill
            if label_parts and n and side[n - 1][1] == LABEL:  # the name's, printed in the column right of it
                label_parts[-1] += name
            if figure is None:
                continue
            text = figure
        if _MISGROUPED.match(text) and not is_number(text):  # 125360,898: the number its digits make
            misread.append(f"{source}: {where}: {text!r} in column {headers[i]!r} has its thousands separators "
                           f"in the wrong place; read as {text.replace(',', '')}")
        elif not is_number(text):
            raise ReadError(source, where, f"a figure in column {headers[i]!r}, found {text!r}")
        value = parse_amount(text)
        if abs(value) >= _DECIMAL_LIMIT or -value.as_tuple().exponent > 18:  # type: ignore[operator]
            raise ReadError(source, where, f"a figure in column {headers[i]!r} below 10^20 with at most 18 decimals "
                                           f"(what xsd:decimal arithmetic keeps exact), found {text!r}")
        values.append((headers[i], value))
    names: tuple[str, ...] = ()
    if len(codes) > 1:  # code, name, code, name: each code's name follows it; the row's name is its first code's
        names = tuple(next((t for n, t in named if max(n, 1) == k), "") for k in range(1, len(codes) + 1))
        if len(label_parts) > 1:
            label_parts = label_parts[:1]
    label = LABEL_JOIN.join(dict.fromkeys(label_parts))  # a row named in several columns (unit｜year)
    if not codes and not label and not values:
        return None
    return codes, label, values, names


def _figures(kind: TableKind, parsed, source: str, named: bool, economic: set[int],
             pages: dict[tuple[str, int], int]) -> list[Figure]:
    """Row concepts for the parsed rows, then one figure per (row, column); a row printed again on a
    continuation page with the same figures is one row (two halves' rows of one name and equal figures are two:
    支出总计 by function and by economic class). In a table that lists several units' rows in turn,
    a code is keyed with its unit (2010401@X单位): each unit's hierarchy is its own."""
    cat = catalogue()
    context: dict[int, str] = {}
    repeated = Counter(codes[0] for _, _, codes, *_ in parsed if len(codes) > 1)
    units = _unit_codes([(codes, label) for _, _, codes, label, *_ in parsed])
    if not any(unit for *_, unit, _, _ in parsed):
        parsed = _in_unit_blocks(parsed, units)
    scoped = len({unit for *_, unit, _, _ in parsed if unit}) > 1  # codes repeat under each unit: keyed code@unit
    figures: dict[tuple[str, str, str], Figure] = {}
    taken: dict[tuple[str, str], tuple] = {}
    for number, (row, s, codes, label, values, unit, inherited, names) in enumerate(parsed, start=1):
        where = f"page {row.page}" if row.page else f"line {row.line}"
        # 支出 may be printed in several halves
        side_name = kind.sides[min(s, len(kind.sides) - 1)] if kind.sides else ""
        schemes = {c: found.key for c in codes if (found := cat.scheme_of(c)) and c not in units}
        valid = list(schemes)
        if not valid and not label and values and (kind.row_item or not named):
            # a table that names no rows: its one row (三公经费, 合计), or its rows in order
            label = kind.row_item or ("合计" if len(parsed) == 1 else f"第{number}行")
        if valid:
            several = tuple(valid) if len(valid) > 1 else ()
            name_of = dict(zip(codes, names, strict=False))
            own_names = tuple(name_of.get(c, "") for c in several)
            if len(valid) > 1 and repeated[valid[0]] > 1:  # the codes together name the row
                concept = Row(label, valid[0], "combination", "+".join(valid), several, own_names)
            else:
                concept = Row(label, valid[0], schemes[valid[0]], valid[0], several, own_names)
            if scoped and unit:
                concept = Row(label, valid[0], concept.scheme, f"{concept.key}@{unit}", concept.codes, concept.names)
        elif codes or label:  # a code of no classification (a unit's or a project's) names an item
            concept = _item(kind, "".join(codes) + label, side_name, context, s, s in economic)
            if inherited and concept.scheme == "item":  # one unit's rows: keyed with their unit, as its first row is
                concept = Row(concept.label, None, "item", f"{inherited}{LABEL_JOIN}{concept.key}")
        elif number == len(parsed) and len(parsed) > 1 and not any(
                strip_ordinal(p[3]) in _TOTALS for p in parsed):  # the last row, printed without its name: the total
            concept = _item(kind, "合计", side_name, context, s, s in economic)
        else:
            raise ReadError(source, where, "a row label or code before the figures")
        if not values:
            continue
        signature = (s, tuple(values))
        key, n = concept.key, 1
        while taken.setdefault((concept.scheme, key), signature) != signature:  # another row under one name
            n += 1
            key = f"{concept.key}#{n}"
        if key != concept.key:
            concept = Row(concept.label, concept.code, concept.scheme, key, concept.codes, concept.names)
        for column, value in values:
            figures.setdefault((concept.scheme, concept.key, column),
                               Figure(concept, column, value, pages.get((column, s), row.page), row.line, s))
    return list(figures.values())


def _in_unit_blocks(parsed: list, units: set[str]) -> list:
    """The parsed rows of a table printed in blocks, one per unit (a row 125001 X局, its classes and codes, a
    row 125002 X中心, its own …), each coded row with the unit of its block: each unit's hierarchy is its own.
    A unit's row prints a unit's code (one :func:`_unit_codes` finds, or six digits of no classification) and a
    name."""
    cat = catalogue()
    unit, out = "", []
    for entry in parsed:
        codes, label = entry[2], entry[3]
        if codes and label and (codes[0] in units or (len(codes[0]) == 6 and not cat.scheme_of(codes[0]))):
            unit = codes[0]
        elif codes and unit:
            entry = (*entry[:5], unit, *entry[6:])
        out.append(entry)
    return out


def _unit_codes(rows: list[tuple[list[str], str]]) -> set[str]:
    """The codes of a table's rows (codes, label) that look like a classification's 类 or 款 but are a unit's (a
    department 309, its units 309001, 309002 …): codes not printed with a class's name, and printed with longer
    codes that begin with them and three digits more and fit no classification, and with none that do."""
    cat = catalogue()
    codes = [c for row, _ in rows for c in row]
    named = {c for row, label in rows for c in row if strip_ordinal(label) in cat.class_names}
    loose = {c for c in codes if not cat.scheme_of(c)}
    units = set()
    for code in set(codes) - loose - named:
        scheme = cat.scheme_of(code)
        if scheme is None or len(code) == max(scheme.levels):
            continue
        longer = [c for c in codes if len(c) > len(code) and c.startswith(code)]
        if longer and all(c in loose and len(c) == len(code) + 3 for c in longer):
            units.add(code)
    return units


def _item(kind: TableKind, label: str, side_name: str, context: dict[int, str], s: int, economic: bool) -> Row:
    cat = catalogue()
    bare = strip_ordinal(label)
    bare = cat.item_aliases.get(bare, bare)
    if side_name == "支出" and not economic and bare in cat.class_names:
        return Row(label, None, "function", cat.class_names[bare])
    if kind.named_classes == "economic" and full_width_brackets(bare) in cat.economic_class_names:
        return Row(label, None, "economic", cat.economic_class_names[full_width_brackets(bare)])
    if "结转和结余" in bare and ("年初" in bare or "年末" in bare):
        context[s] = bare
    elif bare == "总计":
        context.pop(s, None)
    elif s in context and bare in ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"):
        bare = f"{context[s]}/{bare}"
    key = f"{side_name}/{bare}" if side_name else bare
    return Row(label, None, "item", key)


# ---------------------------------------------------------------- headers
def is_data_row(cells: list[str]) -> bool:
    """A row that prints figures or a classification code, rather than header words or column numbers."""
    texts = [normalize(c) for c in cells if normalize(c)]
    if any(is_amount(t) for t in texts):
        return True
    if texts and re.match(r"^[一二三四五六七八九十]{1,3}、", texts[0]):
        return True  # a row named with its list numbering (一、部门预算), its figures printed blank or below
    if any(split_code(t)[0] and (t.isdigit() or split_code(t)[1]) for t in texts[:4]):
        return True
    numbers = [int(t) for t in texts if t.isdigit()]
    if any(strip_ordinal(t) in ("合计", "总计") for t in texts[:3]) and numbers:
        return True
    return len(numbers) >= 2 and max(numbers) >= 1000  # integer figures (元), not column numbers 1 2 3 …


def header_rows(rows: list[list[str]]) -> int:
    """How many leading rows are header rows: the rows before the first row of figures or codes."""
    for i, cells in enumerate(rows):
        if is_data_row(cells):
            return i
    return len(rows)
