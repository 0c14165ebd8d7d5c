"""Read the tables of a report from its text form (a PDF's extracted text).

Text keeps no cell borders, so a line is split into tokens and aligned to the
columns the table's header names: per half of the table a code, a label, an
optional 行次 and a known number of figures. Text extractions print zeros as
0.00, so every column has a figure; a row with fewer figures than columns
cannot be placed and is an error, never a guess.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import ReadError
from .layout import ORG, UNIT, Grid, GridRow, PrintedTable, ideographs, is_amount, normalize, plain_number
from .tables import TableKind, catalogue

_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_INT = re.compile(r"^\d{1,3}$")
_END = re.compile(r"^(?:注[：:]|第[一二三四五]部分)")
_PAGE_MARK = re.compile(r"^表\s*\d+$")
_MAX_ROW_LINES = 12


UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # what Windows Notepad's "Unicode" begins a file with
UNICODE_BOMS = UTF32_BOMS + UTF16_BOMS  # a file begun by one of these may hold NUL bytes and still be text
_PHASES = ("预算", "决算")  # a report names its phase; in Big5 (traditional characters) 預算, 決算


def decode_lines(path: Path, data: bytes) -> list[str]:
    """The lines of a text file in UTF-8, GB18030 or (begun by its byte-order mark) UTF-32 or UTF-16, radicals
    written as the ideographs they stand for (:func:`layout.ideographs`). A file in Big5 (traditional characters,
    which GB18030 decodes into other characters) is refused, saying so."""
    encoding = encoding_of(data)
    if encoding is None:
        raise ReadError(str(path), "file", "text in UTF-8, GB18030, UTF-16 or UTF-32")
    text = data.decode(encoding)
    if encoding == "gb18030" and not any(w in text for w in _PHASES) and _big5(data):
        raise ReadError(str(path), "file", "text in simplified Chinese (UTF-8, GB18030, UTF-16 or UTF-32); "
                                           "this file is in Big5 (traditional Chinese)")
    return ideographs(text).splitlines()


def encoding_of(data: bytes) -> str | None:
    """The encoding a text file is read in: UTF-32 or UTF-16 when begun by its byte-order mark, else UTF-8 (with or
    without its mark) or GB18030, whichever decodes it; None for bytes that are no text in any of them."""
    if data.startswith(UTF32_BOMS):
        candidates: tuple[str, ...] = ("utf-32",)
    elif data.startswith(UTF16_BOMS):
        candidates = ("utf-16",)
    else:
        candidates = ("utf-8-sig", "gb18030")
    for encoding in candidates:
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    return None


def _big5(data: bytes) -> bool:
    """Whether a file is Big5 text naming a report's phase in traditional characters (預算, 決算)."""
    try:
        text = data.decode("big5")
    except UnicodeDecodeError:
        return False
    return any(w in text for w in ("預算", "決算"))


def read_tables(path: Path, lines: list[str]) -> list[PrintedTable]:
    grids: list[PrintedTable] = []
    classify_title = catalogue().classify_title
    current: tuple[TableKind, Grid, list] | None = None  # kind, grid, halves spec
    header: list[str] = []
    header_at = 0  # the line the header starts on
    pending: list[tuple[int, str]] = []
    in_header = False
    for number, raw in enumerate(lines, start=1):
        flat = normalize(raw)
        if not flat or _PAGE_MARK.match(flat):
            continue
        kind = classify_title(flat)
        if kind is not None:
            _flush(path, current, pending)
            if current is None or current[0] is not kind:
                current = (kind, Grid(flat, None, None, number, ()), [])
                grids.append(PrintedTable(kind, current[1]))
            header, in_header = [], True
            continue
        if current is None:
            continue
        kind, grid, spec = current
        if _END.match(flat):
            _flush(path, current, pending)
            if flat.startswith("注"):
                grid.note = flat
            current = None
            continue
        tokens = _tokens(raw)
        if in_header:
            unit = UNIT.search(flat)
            org = ORG.search(flat)
            if org:
                grids[-1].org = grids[-1].org or org.group(1)
            if unit:
                grid.unit = grid.unit or unit.group(1)
            if unit or org:
                continue
            if not _starts_row(tokens):
                header_at = header_at if header else number
                header.append(flat)
                continue
            in_header = False
            if not spec:
                spec.extend(_spec(path, kind, "".join(header), header_at if header else number))
                grid.columns = tuple(_columns(spec))
        pending.append((number, raw))
        cells = _align(spec, [t for _, line in pending for t in _tokens(line)])
        if cells is not None:
            grid.rows.append(GridRow(tuple(cells), None, pending[0][0]))
            pending.clear()
        elif len(pending) > _MAX_ROW_LINES:
            _fail_row(path, spec, pending)
    _flush(path, current, pending)
    return grids


def _tokens(line: str) -> list[str]:
    """The words of a line, figures and codes typed in full-width characters in ASCII ones."""
    return [plain_number(t) for t in line.split()]


def _starts_row(tokens: list[str]) -> bool:
    return bool(tokens) and (any(is_amount(t) for t in tokens) or bool(_CODE.match(tokens[0])))


def _flush(path: Path, current, pending: list[tuple[int, str]]) -> None:
    if current is not None and pending:
        _fail_row(path, current[2], pending)


def _fail_row(path: Path, spec, pending) -> None:
    want = " and ".join(str(len(h["amounts"])) for h in spec)
    found = " ".join(text.strip() for _, text in pending)
    raise ReadError(str(path), f"line {pending[0][0]}",
                    f"a row of {want} figures (every cell printed), found {found!r}")


# ---------------------------------------------------------------- header
def _spec(path: Path, kind: TableKind, header: str, line: int) -> list[dict]:
    """Halves of the table, each with its 行次 flag and its figure columns in printed order."""
    if kind.stages:
        return [{"rowno": False, "amounts": _sangong_columns(kind, header)}]
    tokens = _scan(kind, header)
    halves: list[dict] = []
    for tok in tokens:
        if tok == "LABEL":
            if not halves or (halves[-1]["amounts"] and len(halves) < kind.halves):
                halves.append({"rowno": False, "amounts": []})
        elif tok == "ROWNO":
            if not halves:  # a 行次 before any label: a damaged header, refused below
                break
            halves[-1]["rowno"] = True
        elif halves:
            halves[-1]["amounts"].append(tok)
    if len(halves) != kind.halves or not all(h["amounts"] for h in halves):
        raise ReadError(str(path), f"line {line}", f"a header of the {kind.key} table naming its columns, "
                        f"found {header!r}")
    return halves


def _scan(kind: TableKind, header: str) -> list[str]:
    words = {w: w for w in kind.columns} | {w: w for w in kind.groups}
    words |= {"项目": "LABEL", "科目名称": "LABEL", "行次": "ROWNO"}
    found: list[str] = []
    i = 0
    while i < len(header):
        for w in sorted(words, key=len, reverse=True):
            if header.startswith(w, i):
                found.append("LABEL" if words[w] == "LABEL" else "ROWNO" if words[w] == "ROWNO" else w)
                i += len(w)
                break
        else:
            i += 1
    out = [kind.columns.get(t, t) for t in found]
    for group, members in kind.groups.items():
        if group in out:
            rest = [t for t in out if t not in members]
            at = rest.index(group)
            out = rest[:at] + list(members) + rest[at + 1:]
    return out


def _sangong_columns(kind: TableKind, header: str) -> list[str]:
    """The 三公 columns in printed order, as header paths: items under stages, or stages under items."""
    items = ["合计", "因公出国（境）费", "公务用车购置及运行费/小计", "公务用车购置及运行费/公务用车购置费",
             "公务用车购置及运行费/公务用车运行费", "公务接待费"]
    stages = sorted((s for s in kind.stages if s in header), key=header.find)
    first_item = min((header.find(w) for w in ("合计", "因公出国") if w in header), default=len(header))
    if min(header.find(s) for s in stages) < first_item:
        return [f"{s}/{i}" for s in stages for i in items]
    return [f"{i}/{s}" for i in items for s in stages]


def _columns(spec: list[dict]) -> list[str]:
    cols: list[str] = []
    for half in spec:
        cols += ["科目编码", "科目名称"] + (["行次"] if half["rowno"] else []) + half["amounts"]
    return cols


# ---------------------------------------------------------------- rows
def _align(spec: list[dict], tokens: list[str]) -> list[str] | None:
    """Cells of one row, or None while the row is not complete."""
    cells: list[str] = []
    i, full = 0, False
    for h, half in enumerate(spec):
        code = ""
        if i < len(tokens) and _CODE.match(tokens[i]) and (h == 0 or len(tokens[i]) >= 3):
            code = tokens[i]
            i += 1
            while len(code) < 7 and i < len(tokens) and re.fullmatch(r"\d\d", tokens[i]) and len(code) in (3, 5):
                code += tokens[i]
                i += 1
        label = []
        while i < len(tokens) and not is_amount(tokens[i]) and not (_INT.match(tokens[i]) and half["rowno"]):
            label.append(tokens[i])
            i += 1
        rowno = ""
        if half["rowno"] and i < len(tokens) and _INT.match(tokens[i]):
            rowno = tokens[i]
            i += 1
        amounts: list[str] = []
        while i < len(tokens) and len(amounts) < len(half["amounts"]) and is_amount(tokens[i]):
            amounts.append(tokens[i])
            i += 1
        if amounts and len(amounts) < len(half["amounts"]):
            return None
        if (code or label) and not amounts:
            return None
        full = full or bool(amounts)
        cells += [code, "".join(label)] + ([rowno] if half["rowno"] else [])
        cells += amounts + [""] * (len(half["amounts"]) - len(amounts))
    if i < len(tokens) or not full:
        return None
    return cells
