"""What the national layout of a 部门决算/部门预算 looks like: tables, columns, rows.

Readers turn a page or a text into a :class:`Grid` (cells in columns, header
paths above them); :func:`interpret` turns a grid into a :class:`model.Table`
using only what is written here. Nothing here knows of PDFs or RDF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .errors import ReadError
from .model import Figure, Row, Table

# ---------------------------------------------------------------- columns
# canonical label -> IRI slug; the one set of column concepts.
COLUMNS: dict[str, str] = {
    "决算数": "amount",
    "本年收入合计": "income-total",
    "财政拨款收入": "fiscal-income",
    "上级补助收入": "superior-grant-income",
    "事业收入": "institution-income",
    "经营收入": "business-income",
    "附属单位上缴收入": "subsidiary-remittance-income",
    "其他收入": "other-income",
    "本年支出合计": "expenditure-total",
    "基本支出": "basic-expenditure",
    "项目支出": "project-expenditure",
    "上缴上级支出": "remittance-to-superior",
    "经营支出": "business-expenditure",
    "对附属单位补助支出": "subsidiary-grant-expenditure",
    "合计": "total",
    "一般公共预算财政拨款": "general-budget",
    "政府性基金预算财政拨款": "government-fund",
    "国有资本经营预算财政拨款": "state-capital-budget",
    "年初结转和结余": "opening-balance",
    "本年收入": "year-income",
    "年末结转和结余": "closing-balance",
    "纳入预算管理已缴国库小计": "treasury-subtotal",
    "纳入财政专户管理已缴财政专户小计": "special-account-subtotal",
}
SANGONG_STAGES = {"预算数": "budget", "决算数": "final"}
SANGONG_ITEMS = {
    "合计": "total",
    "因公出国（境）费": "overseas",
    "公务用车购置及运行费": "vehicle",
    "公务用车购置费": "vehicle-purchase",
    "公务用车运行费": "vehicle-operation",
    "公务接待费": "reception",
}
for _stage, _s in SANGONG_STAGES.items():
    for _item, _i in SANGONG_ITEMS.items():
        COLUMNS[f"{_stage}/{_item}"] = f"sangong-{_s}-{_i}"

# printed variants of 三公 items (whitespace already removed)
_SANGONG_VARIANTS = {
    "小计": "公务用车购置及运行费",
    "公务用车购置及运行维护费": "公务用车购置及运行费",
    "公务用车运行维护费": "公务用车运行费",
    "因公出国(境)费": "因公出国（境）费",
    "因公出国（境）费用": "因公出国（境）费",
}

_INCOME_COLUMNS = {
    "本年收入合计": "本年收入合计",
    "合计": "本年收入合计",
    "财政拨款收入": "财政拨款收入",
    "上级补助收入": "上级补助收入",
    "事业收入": "事业收入",
    "经营收入": "经营收入",
    "附属单位上缴收入": "附属单位上缴收入",
    "其他收入": "其他收入",
}
_EXPENDITURE_COLUMNS = {
    "本年支出合计": "本年支出合计",
    "合计": "本年支出合计",
    "基本支出": "基本支出",
    "项目支出": "项目支出",
    "上缴上级支出": "上缴上级支出",
    "经营支出": "经营支出",
    "对附属单位补助支出": "对附属单位补助支出",
}
_FUND_COLUMNS = {
    "年初结转和结余": "年初结转和结余",
    "本年收入": "本年收入",
    "本年支出/小计": "本年支出合计",
    "本年支出/合计": "本年支出合计",
    "小计": "本年支出合计",
    "基本支出": "基本支出",
    "项目支出": "项目支出",
    "年末结转和结余": "年末结转和结余",
}
_FUND_GROUPS = {"本年支出": ("本年支出合计", "基本支出", "项目支出")}
_AMOUNT = {"决算数": "决算数", "金额": "决算数", "预算数": "决算数"}


@dataclass(frozen=True)
class TableKind:
    """One table of the layout."""

    key: str
    number: int  # its place in the national layout
    title: re.Pattern
    row_scheme: str  # scheme of coded rows: "function", "economic" or "item"
    columns: dict[str, str] = field(default_factory=dict)  # printed -> canonical
    sides: tuple[str, ...] = ()  # names of the halves of a two-sided table
    required: bool = True
    row_item: str | None = None  # the one row of a table that prints no row labels
    halves: int = 1  # how many label+figures halves a printed line holds
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)  # header group -> its columns


def _title(body: str) -> re.Pattern:
    return re.compile(rf"^(?:表\d+)?{body}(?:决算|预算)(?:总)?表$")


KINDS: tuple[TableKind, ...] = (
    TableKind("summary", 1, re.compile(r"^(?:表\d+)?收入支出(?:决算|预算)总表$"), "function",
              {**_AMOUNT}, sides=("收入", "支出"), halves=2),
    TableKind("income", 2, _title("收入"), "function", _INCOME_COLUMNS),
    TableKind("expenditure", 3, _title("支出"), "function", _EXPENDITURE_COLUMNS),
    TableKind("fiscal-summary", 4, re.compile(r"^(?:表\d+)?财政拨款收入支出(?:决算|预算)总表$"), "function",
              {**_AMOUNT, "合计": "合计", "一般公共预算财政拨款": "一般公共预算财政拨款",
               "政府性基金预算财政拨款": "政府性基金预算财政拨款",
               "国有资本经营预算财政拨款": "国有资本经营预算财政拨款"},
              sides=("收入", "支出"), halves=2),
    TableKind("general-budget", 5, _title("一般公共预算财政拨款支出"), "function",
              {k: v for k, v in _EXPENDITURE_COLUMNS.items() if v in ("本年支出合计", "基本支出", "项目支出")}),
    TableKind("basic-expenditure", 6, _title("一般公共预算财政拨款基本支出"), "economic", {**_AMOUNT}, halves=2),
    TableKind("sangong", 7, re.compile(r"^(?:表\d+)?(?:一般公共预算)?财政拨款[“\"]?三公[”\"]?经费支出(?:决算|预算)表$"), "item",
              row_item="三公经费"),
    TableKind("government-fund", 8, _title("政府性基金预算财政拨款收入支出"), "function", _FUND_COLUMNS,
              groups=_FUND_GROUPS),
    TableKind("state-capital", 9, _title("国有资本经营预算财政拨款收入支出"), "function", _FUND_COLUMNS,
              required=False, groups=_FUND_GROUPS),
    TableKind("nontax", 9, re.compile(r"^(?:表\d+)?非税收入征缴情况表$"), "item",
              {"合计": "合计", "纳入预算管理已缴国库小计": "纳入预算管理已缴国库小计",
               "纳入财政专户管理已缴财政专户小计": "纳入财政专户管理已缴财政专户小计"},
              required=False),
)
KIND_BY_KEY = {k.key: k for k in KINDS}
TITLES = {
    "summary": "收入支出决算总表", "income": "收入决算表", "expenditure": "支出决算表",
    "fiscal-summary": "财政拨款收入支出决算总表", "general-budget": "一般公共预算财政拨款支出决算表",
    "basic-expenditure": "一般公共预算财政拨款基本支出决算表", "sangong": "财政拨款“三公”经费支出决算表",
    "government-fund": "政府性基金预算财政拨款收入支出决算表", "state-capital": "国有资本经营预算财政拨款收入支出决算表",
    "nontax": "非税收入征缴情况表",
}


def normalize(text: str | None) -> str:
    """Remove all white space (wrapped cells, letter-spaced headers)."""
    return re.sub(r"\s+", "", text or "")


def classify_title(text: str) -> TableKind | None:
    flat = normalize(text).replace("\"", "“")
    return next((k for k in KINDS if k.title.match(flat)), None)


# ---------------------------------------------------------------- rows
# function classes (类) named in the summary tables, current names and earlier ones
CLASS_NAMES: dict[str, str] = {
    "一般公共服务支出": "201", "外交支出": "202", "国防支出": "203", "公共安全支出": "204",
    "教育支出": "205", "科学技术支出": "206", "文化旅游体育与传媒支出": "207", "文化体育与传媒支出": "207",
    "社会保障和就业支出": "208", "社会保险基金支出": "209", "卫生健康支出": "210",
    "医疗卫生与计划生育支出": "210", "节能环保支出": "211", "城乡社区支出": "212", "农林水支出": "213",
    "交通运输支出": "214", "资源勘探工业信息等支出": "215", "资源勘探信息等支出": "215",
    "商业服务业等支出": "216", "金融支出": "217", "援助其他地区支出": "219",
    "自然资源海洋气象等支出": "220", "国土海洋气象等支出": "220", "住房保障支出": "221",
    "粮油物资储备支出": "222", "国有资本经营预算支出": "223", "灾害防治及应急管理支出": "224",
    "预备费": "227", "其他支出": "229", "转移性支出": "230", "债务还本支出": "231",
    "债务付息支出": "232", "债务发行费用支出": "233", "抗疫特别国债安排的支出": "234",
}
_ORDINAL = re.compile(r"^[一二三四五六七八九十]+[、.．]")
_FUNDS = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")
# uncoded rows printed under two names for one meaning
_ITEM_ALIASES = {
    "使用非财政拨款结余（含专用结余）": "使用非财政拨款结余",
    "使用非财政拨款结余(含专用结余)": "使用非财政拨款结余",
}


def strip_ordinal(label: str) -> str:
    return _ORDINAL.sub("", label)


_AMOUNT_RE = re.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def is_amount(text: str) -> bool:
    """A printed figure: digits with a decimal point (integers are 行次/栏次, not figures)."""
    return bool(_AMOUNT_RE.match(text)) and "." in text


def parse_amount(text: str) -> Decimal:
    """A printed amount as an exact decimal; thousands separators dropped."""
    try:
        return Decimal(text.replace(",", "").replace("−", "-"))
    except InvalidOperation as exc:  # pragma: no cover - guarded by is_amount
        raise ValueError(text) from exc


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


_CODE_ROLE, _LABEL_ROLE, _SKIP_ROLE = "code", "label", "skip"


def _role(path: str, kind: TableKind, where: str, source: str) -> str:
    parts = [p for p in path.split("/") if p]
    leaf = parts[-1] if parts else ""
    if not parts or leaf in ("行次", "栏次") or leaf.startswith("栏"):
        return _SKIP_ROLE
    if leaf in ("类", "款", "项") or any("编码" in p for p in parts):
        return _CODE_ROLE
    if leaf == "项目" or any(p in ("科目名称", "项目名称") for p in parts):
        return _LABEL_ROLE
    return canonical_column(kind, parts, source, where)


def canonical_column(kind: TableKind, parts: list[str], source: str, where: str) -> str:
    """The canonical column for a header path, or a ReadError naming the unknown header."""
    if kind.key == "sangong":
        stage = next((p for p in parts if p in SANGONG_STAGES), None)
        items = [_SANGONG_VARIANTS.get(p, p) for p in parts if p not in SANGONG_STAGES]
        item = next((p for p in reversed(items) if p in SANGONG_ITEMS), None)
        if stage and item:
            return f"{stage}/{item}"
    else:
        for n in (2, 1):
            if len(parts) >= n and "/".join(parts[-n:]) in kind.columns:
                return kind.columns["/".join(parts[-n:])]
        if parts[-1] in kind.columns.values():
            return parts[-1]
        if not kind.columns:  # a table read as printed
            return parts[-1]
    raise ReadError(source, where, f"a known column header of {kind.key} table, found {'/'.join(parts)!r}")


def interpret(grid: Grid, kind: TableKind, source: str) -> Table:
    """Turn a grid into a table of figures, each in its canonical row and column."""
    where = f"page {grid.page}" if grid.page else f"line {grid.line}"
    roles = [_role(path, kind, where, source) for path in grid.columns]
    sides = _sides(roles)
    if kind.sides and len(sides) != len(kind.sides):
        raise ReadError(source, where, f"{len(kind.sides)} halves (收入 and 支出) in {grid.title}, found {len(sides)}")
    figures: dict[tuple[str, str, str], Figure] = {}
    context: dict[int, str] = {}
    for row in grid.rows:
        row_where = f"page {row.page}" if row.page else f"line {row.line}"
        for s, side in enumerate(sides):
            side_name = kind.sides[s] if kind.sides else ""
            parsed = _row(kind, side, row, side_name, context, s, source, row_where)
            if parsed is None:
                continue
            concept, values = parsed
            for column, value in values:
                fig = Figure(concept, column, value, row.page, row.line)
                slot = (concept.scheme, concept.key, column)
                old = figures.get(slot)
                if old is not None and old.value != value:
                    raise ReadError(source, row_where, f"one value for {concept.label}/{column}, "
                                    f"found {old.value} and {value}")
                figures.setdefault(slot, fig)
    return Table(kind.key, grid.title, grid.unit or "万元", grid.page, grid.line,
                 tuple(figures.values()), grid.note)


def _sides(roles: list[str]) -> list[list[tuple[int, str]]]:
    """Split columns into halves: a code or label column after a figure column starts a new half."""
    sides: list[list[tuple[int, str]]] = [[]]
    seen_amount = False
    for i, role in enumerate(roles):
        if role in (_CODE_ROLE, _LABEL_ROLE) and seen_amount:
            sides.append([])
            seen_amount = False
        elif role not in (_CODE_ROLE, _LABEL_ROLE, _SKIP_ROLE):
            seen_amount = True
        sides[-1].append((i, role))
    return sides


def _row(kind, side, row: GridRow, side_name, context, s, source, where):
    cell = lambda i: normalize(row.cells[i]) if i < len(row.cells) else ""  # noqa: E731
    code_cells = [cell(i) for i, r in side if r == _CODE_ROLE]
    label = "".join(dict.fromkeys(cell(i) for i, r in side if r == _LABEL_ROLE))
    values = []
    for i, role in side:
        if role in (_CODE_ROLE, _LABEL_ROLE, _SKIP_ROLE):
            continue
        text = cell(i)
        if not text or text in ("-", "—", "--"):
            continue
        if not is_amount(text) and not re.fullmatch(r"[-−]?\d+", text):
            raise ReadError(source, where, f"a figure in column {role}, found {text!r}")
        values.append((role, parse_amount(text)))
    code = None
    filled = [c for c in code_cells if c]
    if filled and all(c.isdigit() for c in filled):
        code = "".join(filled)
    elif filled and not label:
        label = "".join(dict.fromkeys(filled))
    if not code and not label and kind.row_item and values:
        label = kind.row_item
    if not code and not label:
        if values:
            raise ReadError(source, where, "a row label or code before the figures")
        return None
    if code:
        lengths = (3, 5) if kind.row_scheme == "economic" else (3, 5, 7)
        if len(code) not in lengths:
            raise ReadError(source, where, f"a {kind.row_scheme} classification code of {lengths} digits, found {code}")
        concept = Row(label, code, kind.row_scheme, code)
    else:
        concept = _item(kind, label, side_name, context, s)
    return concept, values


def _item(kind: TableKind, label: str, side_name: str, context: dict[int, str], s: int) -> Row:
    bare = _ITEM_ALIASES.get(strip_ordinal(label), strip_ordinal(label))
    if side_name == "支出" and bare in CLASS_NAMES:
        return Row(label, None, "function", CLASS_NAMES[bare])
    if "结转和结余" in bare and ("年初" in bare or "年末" in bare):
        context[s] = bare
    elif bare == "总计":
        context.pop(s, None)
    elif s in context and bare in _FUNDS:
        bare = f"{context[s]}/{bare}"
    key = f"{side_name}/{bare}" if side_name else bare
    return Row(label, None, "item", key)


HEADER_WORDS = frozenset({
    "项目", "科目名称", "科目编码", "类", "款", "项", "栏次", "行次", "收入", "支出", "人员经费", "公用经费",
    "功能分类科目编码", "支出功能分类", "支出功能分类科目编码", "经济分类", "经济分类科目编码", "本年支出",
    "小计", "金额", "决算数", "预算数",
})


def is_header_cell(kind: TableKind, text: str) -> bool:
    """A cell that belongs to a table header rather than to a row of figures."""
    t = normalize(text)
    return (t in HEADER_WORDS or t in kind.columns or "编码" in t or "三公" in t
            or _SANGONG_VARIANTS.get(t, t) in SANGONG_ITEMS or t.startswith("栏次"))


def header_rows(kind: TableKind, rows: list[list[str]]) -> int:
    """How many leading rows are header rows: header words and no figure; blank rows between count too."""
    end = 0
    for i, cells in enumerate(rows):
        texts = [normalize(c) for c in cells if normalize(c)]
        if not texts:
            continue
        if any(is_amount(t) for t in texts) or not any(is_header_cell(kind, t) for t in texts):
            break
        end = i + 1
    return end
