"""Read the tables of a PDF report from its layout.

pdfplumber finds each ruled table and its cells; a figure belongs to the cell
it is printed in, so a blank cell stays blank. A table without vertical lines
(ruled between its rows only, or, in a PDF with no ruled table at all, with no
lines) gets its columns from where its words stand. Cells that span columns or
rows (nested headers) are spread over every column and row they cover, and
each column's header path is read top-down. A table's title is the last line
above it (or in its first rows) that the catalogue knows, or any short line
ending in 表; a table without a title on its page continues the table before
it. A page pdfplumber cannot lay out is skipped with a located warning.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import SimpleNamespace

from . import plain_text
from .errors import ReadError, UsageError
from .layout import ORG, UNIT, Grid, GridRow, PrintedTable, header_rows, ideographs, is_amount, normalize, plain_number
from .limits import Limits, Overtime, deadline
from .tables import TableKind, catalogue, title_text

COVER_PAGES = 2  # pages whose text is read for the cover even without a table


@dataclass
class PdfText:
    pages: list[str]  # the text of each page whose tables were read, and of the cover
    tables: list[PrintedTable]
    warnings: list[str]
    damage: dict[str, str] = field(default_factory=dict)  # where the file is damaged (page N) -> what its parser said
    prose: dict[int, str] = field(default_factory=dict)  # the text of each other page (of prose), by page number


ENGINES = ("pdfium", "pdfminer")


def read_pdf(path: Path, engine: str | None = None, data: bytes | None = None) -> PdfText:
    """Every page's text and every table of a PDF. What each page prints is read by ``engine``: PDFium (native,
    the default; COAKG_PDF_ENGINE=pdfminer says otherwise), or pdfminer, also for a file PDFium cannot read.
    ``data``: the file's bytes, where the caller has read them. pdfminer's own log messages (a font descriptor
    without its bounding box, and the like) are not shown: they say nothing about the report's figures."""
    import pdfplumber

    engine = engine or os.environ.get("COAKG_PDF_ENGINE") or ENGINES[0]
    if engine not in ENGINES:
        raise UsageError(f"COAKG_PDF_ENGINE={engine!r}: expected one of {', '.join(ENGINES)} (the engine that reads "
                         f"what each page of a PDF prints)")
    damage = _Damage()
    miner = logging.getLogger("pdfminer")
    state = (miner.level, miner.propagate, miner.handlers[:])
    miner.setLevel(logging.WARNING)
    miner.propagate = False
    miner.handlers[:] = [damage]
    tables: list[PrintedTable] = []
    texts: list[str] = []
    warnings: list[str] = []
    pages: list = []
    late: dict[int, str] = {}
    prose: dict[int, str] = {}
    try:
        try:
            pdf = pdfplumber.open(path)
        except Exception as exc:  # pdfminer raises several unrelated types for a file that is not a PDF
            if "PDFPasswordIncorrect" in f"{type(exc).__name__}: {exc}":  # pdfplumber wraps pdfminer's error
                raise ReadError(str(path), "file", "a PDF that opens without a password (this one asks for a "
                                                   "password to be opened; a published report needs none)") from None
            raise ReadError(str(path), "file", f"a PDF document ({type(exc).__name__}: {exc})") from None
        native = None
        try:
            native = _native(path, path.read_bytes() if data is None else data) if engine == "pdfium" else None
            _read_pages(path, pdf, native, pages, tables, texts, warnings, damage, late, prose)
        finally:  # pdf.close() would lay out every page again, the damaged one too
            for page in pages:
                page.close()
            pdf.stream.close()
            if native is not None:
                native.close()
    finally:
        miner.level, miner.propagate, miner.handlers[:] = state
    warnings += [f"{path}: {where}: the PDF is damaged there ({what}); its parser read what it could, so figures "
                 f"may be missing" for where, what in damage.found.items()]
    if not any(t.strip() for t in [*texts, *prose.values()]) and not tables:
        if late:
            number, why = next(iter(late.items()))
            raise ReadError(str(path), f"page {number}", f"a page within coakg's bounds; {why}")
        if damage.found:
            where, what = next(iter(damage.found.items()))
            raise ReadError(str(path), where, f"a readable PDF; it is damaged ({what})")
        raise ReadError(str(path), "every page", "a text layer; this looks like a scanned PDF: run OCR first")
    return PdfText(texts, tables, warnings, damage.found, prose)


def _native(path: Path, data: bytes):
    """The document as PDFium opens it, or None where it cannot, or where one of its streams is damaged: PDFium
    then leaves out what it cannot read (a damaged font's characters, silently), while pdfminer reads what it can
    and says where the file is damaged; pdfminer then reads what each page prints."""
    import pypdfium2 as pdfium

    if _damaged_stream(data):
        return None
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError:
        return None


_STREAM = re.compile(rb"stream\r?\n(\x78[\x01\x5e\x9c\xda])")
_CHECKED_MB = 64  # what the streams of a file are inflated to, at most, looking for damage


def _damaged_stream(data: bytes) -> bool:
    """Whether a stream of a PDF's bytes (one compressed with zlib, found from where it begins) does not inflate to
    its end, or has no end: a damaged file. An encrypted file's streams are not looked at. Each is inflated a
    megabyte at a time and not kept, the file's streams together no further than ``_CHECKED_MB`` (what a stream
    holds past that is not looked at)."""
    import zlib

    if b"/Encrypt" in data:
        return False
    view, left = memoryview(data), _CHECKED_MB * 2**20
    for found in _STREAM.finditer(data):
        start = found.start(1)
        end = data.find(b"endstream", start)
        if end < 0:
            return True  # a stream cut off: the file is truncated
        inflate, rest = zlib.decompressobj(), bytes(view[start:end])
        try:
            while rest and not inflate.eof and left > 0:
                left -= len(inflate.decompress(rest, 2**20))
                rest = inflate.unconsumed_tail
        except zlib.error:
            return True
        if left <= 0:
            return False
        if not inflate.eof:
            return True
    return False


def _read_pages(path: Path, pdf, native, pages: list, tables: list[PrintedTable], texts: list[str],
                warnings: list[str], damage: _Damage, late: dict[int, str], prose: dict[int, str]) -> None:
    """Lay out every page that draws, each within its bounds, and read its tables; in a document without any
    ruled table, read the tables printed without lines (each page within its bounds too); then the text of every
    other page (``prose``, by page number). ``late``: the pages skipped past a bound, and why."""
    limits = Limits.from_environment()
    pages.extend(_pages(path, pdf, native, limits.max_pages))
    if native is not None and len(native) != len(pages):  # the engines read the page tree apart: pdfminer's pages
        pages[:] = [_page(pdf, p.page_obj, p.page_number, p.initial_doctop, None) for p in pages]

    def bounded(number: int, work, *args) -> None:
        damage.page = number
        before = len(tables)
        try:
            with deadline(limits.page_seconds):
                work(*args)
        except Overtime:
            del tables[before:]  # what the page began to read goes with it
            late[number] = (f"not laid out within {limits.page_seconds:g} s, skipped "
                            f"(COAKG_PAGE_SECONDS raises the bound)")
            warnings.append(f"{path}: page {number}: {late[number]}")

    for number in range(1, len(pages) + 1):
        texts.append("")
        inflated = _inflated(pages[number - 1], int(limits.page_mb * 2**20))
        if inflated > limits.page_mb * 2**20:
            late[number] = f"its content inflates past {limits.page_mb:g} MB, skipped (COAKG_PAGE_MB raises the bound)"
            warnings.append(f"{path}: page {number}: {late[number]}")
            continue
        bounded(number, _laid_out, path, pdf, pages, number, tables, texts, warnings)
    if not tables:  # no ruled table in the whole document: its tables may be printed without lines
        for number in range(1, len(pages) + 1):
            if number not in late:
                bounded(number, _without_lines, path, pages, number, tables, texts, warnings)
    same = native if native is not None and len(native) == len(pages) else None  # PDFium's pages are pdfplumber's
    for number in range(1, len(pages) + 1):
        if not texts[number - 1] and number not in late:
            bounded(number, _read_prose, same, pages, number, prose)


def _read_prose(native, pages: list, number: int, prose: dict[int, str]) -> None:
    """The text of a page of prose, as PDFium reads it (natively: its characters are not laid out one by one), or
    pdfminer where PDFium has not the page, its characters in lines by their baselines."""
    import pypdfium2 as pdfium

    if native is not None and number <= len(native):
        try:
            page = native[number - 1]
        except pdfium.PdfiumError:
            page = None
        if page is not None:
            text = page.get_textpage()
            try:
                prose[number] = ideographs(text.get_text_range())
            finally:
                text.close()
                page.close()
            return
    prose[number] = _by_baselines(pages[number - 1].chars)


def _by_baselines(chars: list[dict]) -> str:
    """The text of upright characters in lines by their baselines (within 1.5 points), each line left to right: a
    figure printed in a font of another height stands on its line's baseline, though its box stands apart."""
    upright = sorted((c for c in chars if c["upright"]), key=lambda c: -c["matrix"][5])
    lines: list[list[dict]] = []
    for c in upright:  # top-down: user space's y grows upwards
        if lines and lines[-1][0]["matrix"][5] - c["matrix"][5] <= 1.5:
            lines[-1].append(c)
        else:
            lines.append([c])
    return "\n".join("".join(c["text"] for c in sorted(line, key=lambda c: c["x0"])) for line in lines)


def _without_lines(path: Path, pages: list, number: int, tables: list[PrintedTable], texts: list[str],
                   warnings: list[str]) -> None:
    page = pages[number - 1]
    try:
        found = _unruled(page)
        if found:
            texts[number - 1] = texts[number - 1] or plain_text.text(page.chars, in_order=True)
            _read_page(path, number, page, found, tables, warnings)
    except Exception as exc:
        warnings.append(f"{path}: page {number}: tables not readable, page skipped ({type(exc).__name__}: {exc})")


class _Damage(logging.Handler):
    """What pdfminer says of a damaged file while it reads it (data lost while inflating a stream, objects of the
    cross-reference table it could not parse, tokens it could not read), by page; its other messages (a font
    descriptor without its bounding box, and the like) say nothing about the report's figures."""

    _SAYS = re.compile(r"Data-loss|corrupt|xref|unknown token|circular reference", re.I)

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.page: int | None = None
        self.found: dict[str, str] = {}

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if self._SAYS.search(message):
            self.found.setdefault(f"page {self.page}" if self.page else "file", message[:160])


def _laid_out(path: Path, pdf, pages: list, number: int, tables: list[PrintedTable], texts: list[str],
              warnings: list[str]) -> None:
    """Lay out one page that draws (upright, its lines straightened, its characters on their baselines), keep its
    text (``texts[number - 1]``), and read the tables it prints; what cannot be laid out or read is a located
    warning. A page of prose (after the cover) is not laid out."""
    page = pages[number - 1]
    if number > COVER_PAGES and not _draws(page):
        return
    try:
        pages[number - 1] = page = _upright(pdf, page)
        _straighten(page)
        _on_baselines(page)
        ruled = len(page.rects) + len(page.lines) + len(page.curves) >= 4
        texts[number - 1] = plain_text.text(page.chars, in_order=True) if ruled or number <= COVER_PAGES else ""
    except Exception as exc:
        warnings.append(f"{path}: page {number}: text not readable, page skipped ({type(exc).__name__}: {exc})")
        return
    if not ruled:  # no ruling lines: text only, no table to find
        return
    from .table_finder import find_tables  # pdfplumber's: imported when a page is read, not with the reader

    try:
        found = find_tables(page) or _rows_ruled_only(page)
    except Exception as exc:
        warnings.append(f"{path}: page {number}: tables not readable, page skipped "
                        f"({type(exc).__name__}: {exc})")
        return
    try:
        _read_page(path, number, page, found, tables, warnings)
    except Exception as exc:  # a malformed page: its tables are lost, the others are read
        warnings.append(f"{path}: page {number}: tables not readable, page skipped "
                        f"({type(exc).__name__}: {exc})")


def _upright(pdf, page):
    """The page laid out upright: a page whose text runs sideways (a wide table printed turned on a portrait
    page, without the page saying so by its /Rotate) is laid out again turned a quarter the other way; any
    other page as it is."""
    chars = page.chars
    sideways = [c for c in chars if not c["upright"]]
    if len(sideways) * 2 <= len(chars):
        return page
    upwards = sum(c["matrix"][1] > 0 for c in sideways) * 2 > len(sideways)  # read from the bottom up
    turned = page.page_obj
    turned.rotate = (turned.rotate + (90 if upwards else 270)) % 360
    turned.attrs["Rotate"] = turned.rotate
    page.close()
    return _page(pdf, turned, page.page_number, page.initial_doctop, getattr(page, "native", None))


def _straighten(page) -> None:
    """Round the points of the page's lines and curves to a thousandth of a point, before any edge is made of
    them: a page whose content a tool turned by 90° with a rotation computed in floating point (cos 90° =
    6.1e-17) draws its rules a hair off the vertical or horizontal, and an edge that is neither is no rule of
    a table."""
    for kind in ("line", "curve"):
        for obj in page.objects.get(kind, ()):
            obj["pts"] = [(round(x, 3), round(y, 3)) for x, y in obj["pts"]]
            for key in ("x0", "x1", "top", "bottom", "doctop"):
                obj[key] = round(obj[key], 3)


def _on_baselines(page) -> None:
    """Set a character's box from its baseline where its font declares a descent far below any glyph's (a font
    of figures whose descent is a whole em, 重庆: its figures' boxes a line below the names printed beside them,
    so that each row's figures were read in the row below). Other characters keep the box their font gives."""
    for c in page.objects.get("char", ()):
        a, b, c_, d, _, baseline = c["matrix"]
        size = c["size"]
        if b or c_ or a <= 0 or d <= 0 or not size:
            continue
        lift = (baseline - 0.2 * size) - c["y0"]  # a usual descent is a fifth of an em at most
        if lift > 0.3 * size:
            c["y0"], c["y1"] = c["y0"] + lift, c["y1"] + lift
            c["top"], c["bottom"], c["doctop"] = c["top"] - lift, c["bottom"] - lift, c["doctop"] - lift


# An operator of a PDF content stream that begins or draws a path (m, l, c, v, y, h, re), paints an XObject (Do,
# which may draw a table) or begins an inline image (BI): not part of a longer word (``cm``, ``Tm``), and split from
# what follows as pdfminer splits it (a number may come right before it: ``0 0 9 9re``). Text inside strings may
# match too: the page is then laid out, as every page once was.
_DRAWING = re.compile(rb"(?<![A-Za-z])(?:re|m|l|c|v|y|h|Do|BI)(?![^\s/%\[\](){}<>])")


def _draws(page) -> bool:
    """Whether a page's content streams may draw a line: False only for a page that certainly draws none (a
    page of prose), found from the raw streams without laying the page out (the slow part of reading a PDF).
    A stream that cannot be read counts as drawing, so that the page is read as any other."""
    from pdfminer.pdftypes import resolve1

    try:
        contents = resolve1(page.page_obj.attrs.get("Contents"))
        streams = contents if isinstance(contents, list) else [] if contents is None else [contents]
        return any(_DRAWING.search(resolve1(stream).get_data()) for stream in streams)
    except Exception:  # pdfminer raises several unrelated types for a damaged stream
        return True


_DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do(?![^\s/%\[\](){}<>])")


def _inflated(page, most: int) -> int:
    """The bytes a page's content streams inflate to, with those of the forms it draws (Form XObjects, and theirs)
    each as many times as it is drawn (a form drawing another a hundred times, five deep, is ten billion
    objects), counted a megabyte at a time and no further than past ``most``, without keeping them (a stream of
    kilobytes may inflate to gigabytes). An encrypted stream is counted decrypted; one whose filters are not all
    Flate counts as its bytes before them, and a damaged one ends the count: pdfminer reads them as it can. A
    form that draws itself counts as past ``most``."""
    import zlib
    from collections import Counter

    from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream, resolve1
    from pdfminer.psparser import LIT

    def count(stream) -> tuple[int, Counter]:
        """What a stream inflates to (decrypted first, each of its Flate filters in turn, a stage kept only while
        it is within the bound; a stream with another filter counts as its bytes so far), and how many times it
        draws each XObject, by name."""
        calls: Counter = Counter()
        tail = b""

        def drawn(chunk: bytes) -> None:  # the Do operators of a chunk, one cut at its start counted once
            nonlocal tail
            seen = tail + chunk
            calls.update(m.group(1).decode("latin-1") for m in _DO.finditer(seen) if m.end() > len(tail))
            tail = seen[-128:]

        if stream.data is not None:
            drawn(stream.data)
            return len(stream.data), calls
        data = stream.rawdata or b""
        if stream.decipher:  # an encrypted file (often only for an owner's password): as pdfminer decrypts it
            data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
        filters = [f for f, _ in stream.get_filters()]
        for n, f in enumerate(filters):
            if f not in LITERALS_FLATE_DECODE:
                break
            last = n + 1 == len(filters)
            inflate, rest, out, size = zlib.decompressobj(), data, [], 0
            while rest and size <= most:
                chunk = inflate.decompress(rest, 2**20)
                size += len(chunk)
                if last:
                    drawn(chunk)
                else:  # the next filter inflates it again: kept, within the bound
                    out.append(chunk)
                rest = inflate.unconsumed_tail
            if size > most or last:
                return size, calls
            data = b"".join(out)
        drawn(data)
        return len(data), calls

    sizes: dict[int, int] = {}

    def expanded(size: int, calls: Counter, resources) -> int:
        """A content's size with each form it draws as many times as it draws it."""
        xobjects = resolve1(resolve1(resources or {}).get("XObject")) or {}
        for name, times in calls.items():
            form = resolve1(xobjects.get(name))
            if size > most:
                break
            if isinstance(form, PDFStream) and resolve1(form.attrs.get("Subtype")) is LIT("Form"):
                if id(form) not in sizes:
                    sizes[id(form)] = most + 1  # while it is counted: a form that draws itself
                    sizes[id(form)] = expanded(*count(form), form.attrs.get("Resources") or resources)
                size += times * sizes[id(form)]
        return size

    total, calls = 0, Counter[str]()
    try:
        contents = resolve1(page.page_obj.attrs.get("Contents"))
        for stream in contents if isinstance(contents, list) else [contents]:
            stream = resolve1(stream)
            if isinstance(stream, PDFStream) and total <= most:
                size, drawn = count(stream)
                total, calls = total + size, calls + drawn
        return expanded(total, calls, page.page_obj.resources)
    except Exception:  # a damaged stream: pdfminer reads what it can, and says so
        return total


def _rows_ruled_only(page) -> list:
    """The table of a page ruled between its rows only (horizontal rules, no vertical ones): its columns found
    from the words between the first and the last rule (:func:`_column_edges`), each of its rows the words
    between two rules. None found: []."""
    rules = sorted({round(e["top"], 1) for e in page.edges if e["orientation"] == "h"})
    if len(rules) < 3:
        return []
    lines = _lines([w for w in page.extract_words() if rules[0] - 1 <= w["top"] and w["bottom"] <= rules[-1] + 1])
    found = _column_edges(page, lines)
    if found is None:
        return []
    edges, first, start, _ = found

    def band(w: dict) -> int:
        return max(0, next((i for i, r in enumerate(rules) if r > w["top"]), len(rules)) - 1)

    top = rules[band(lines[start][0])]  # the rule above the first row of figures
    bands: list[list[dict]] = [[] for _ in rules[:-1]]
    for w in (w for line in lines if line[0]["top"] >= top for w in line):
        bands[band(w)].append(w)
    return _word_table([line for line in lines[first:] if line[0]["top"] < top], [b for b in bands if b], edges)


def _unruled(page) -> list:
    """The table of a page printed without any ruling line: its columns found from the words
    (:func:`_column_edges`), its rows the lines of text from its header to its last line of figures (a row's
    name wrapped onto a second line is a row of its own, without figures). None found: []."""
    lines = _lines(page.extract_words())
    found = _column_edges(page, lines)
    if found is None:
        return []
    edges, first, start, last = found
    return _word_table(lines[first:start], lines[start:last + 1], edges)


class _WordTable:
    """A table read from where its words stand, in the form pdfplumber gives a table: its text by row and
    column (:meth:`extract`), one cell per column and row (so no cell is spread over others), its bounding box."""

    def __init__(self, text: list[list[str]], edges: list[float], top: float, bottom: float):
        self.text, self.bbox = text, (edges[0], top, edges[-1], bottom)
        self.cells = [(a, top, b, bottom) for a, b in zip(edges, edges[1:], strict=False)]
        self.rows = [SimpleNamespace(cells=[None] * (len(edges) - 1), bbox=self.bbox) for _ in text]

    def extract(self) -> list[list[str | None]]:
        return [[*row] for row in self.text]


def _word_table(header: list[list[dict]], rows: list[list[dict]], edges: list[float]) -> list:
    """A table from its header lines and the words of each of its rows. A header word names the column it
    stands in; a word above a run of columns that the lines below name and that its own line and those above
    leave unnamed (基本支出 over 小计, 人员经费, 公用经费) names each of them, a level of their header paths; a
    column's other header words, wrapped onto several lines, are one name."""
    width = len(edges) - 1

    def column(w: dict) -> int:
        centre = (w["x0"] + w["x1"]) / 2
        return max(0, min(width - 1, next((j for j in range(width) if centre < edges[j + 1]), width - 1)))

    placed = [[(w, column(w)) for w in sorted(line, key=lambda w: w["x0"])] for line in header]
    levels: list[list[str]] = []
    leaves = [""] * width
    for i, line in enumerate(placed):
        below = {j for lower in placed[i + 1:] for _, j in lower}
        above = {j for upper in placed[:i + 1] for _, j in upper}
        level = [""] * width
        for w, j in line:
            a = b = j
            while a > 0 and a - 1 in below and a - 1 not in above:
                a -= 1
            while b < width - 1 and b + 1 in below and b + 1 not in above:
                b += 1
            centre = (w["x0"] + w["x1"]) / 2  # a name stands in the middle of the columns it names: the widest
            runs = [(x, y) for x in range(a, j + 1) for y in range(j, b + 1) if y - x + 1 < width]  # such run
            off = {r: abs((edges[r[0]] + edges[r[1] + 1]) / 2 - centre) for r in runs}
            near = [r for r in runs if off[r] <= max(6.0, (edges[r[1] + 1] - edges[r[0]]) / 10)]
            a, b = max(near, key=lambda r: r[1] - r[0]) if near else min(runs, key=off.__getitem__)
            if b > a and j in below:  # a group's name over the columns a..b
                for k in range(a, b + 1):
                    level[k] = w["text"]
            else:
                leaves[j] += w["text"]
        if any(level):
            levels.append(level)
    text = [*levels, leaves]
    for row in rows:
        cells = [""] * width
        for w in sorted(row, key=lambda w: (round(w["top"]), w["x0"])):
            cells[column(w)] += w["text"]
        text.append(cells)
    words = [w for line in header for w in line] + [w for row in rows for w in row]
    return [_WordTable(text, edges, min(w["top"] for w in words) - 1, max(w["bottom"] for w in words) + 1)]


def _has_figure(line: list[dict]) -> bool:
    return any(_FIGURE.match(w["text"]) for w in line)


def _lines(words: list[dict]) -> list[list[dict]]:
    """Words by line of text, top down."""
    lines: dict[int, list] = {}
    for w in words:
        lines.setdefault(round(w["top"]), []).append(w)
    return [lines[k] for k in sorted(lines)]


def _column_edges(page, lines: list[list[dict]]) -> tuple[list[float], int, int, int] | None:
    """Where the columns of a table without vertical lines part, its first line, its first line of figures and
    its last line of figures: each column is
    where the words of the lines that print figures stand (words that overlap across lines are one column);
    the header is the lines right above the first line of figures in which no word stands in two columns; a
    header word widens the column nearest to it, never into the next; the edges are midway between columns.
    None: fewer than two lines of figures, or fewer than two columns."""
    body = [k for k, line in enumerate(lines) if _has_figure(line)]
    if len(body) < 2:
        return None
    spans: list[list[float]] = []
    for w in sorted((w for k in body for w in lines[k]), key=lambda w: w["x0"]):
        if spans and w["x0"] <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], w["x1"])
        else:
            spans.append([w["x0"], w["x1"]])
    if len(spans) < 2:
        return None

    def columns(w: dict) -> int:
        return sum(1 for a, b in spans if w["x0"] < b and w["x1"] > a)

    first = body[0]  # the header: the lines above that stand in the columns, up to the title or unit line
    while (first > 0 and all(columns(w) <= 1 for w in lines[first - 1])
           and not any(UNIT.search(w["text"]) or ORG.search(w["text"]) or w["text"].endswith("表")
                       for w in lines[first - 1])):
        first -= 1
    header = lines[first:body[0]]
    for line in header:
        line = [w for w in line if columns(w) <= 1]  # a word over two columns names a group of them
        nearest = [min(range(len(spans)), key=lambda k: max(spans[k][0] - c, c - spans[k][1], 0))
                   for c in ((w["x0"] + w["x1"]) / 2 for w in line)]
        if len(set(nearest)) < len(nearest):  # two header words over one column of figures: a column printed
            return None                        # blank throughout, or a header the words cannot tell; not read
        for w, k in zip(line, nearest, strict=True):
            spans[k] = [max(min(spans[k][0], w["x0"]), spans[k - 1][1] if k else 0),
                        min(max(spans[k][1], w["x1"]), spans[k + 1][0] if k + 1 < len(spans) else page.width)]
    edges = [spans[0][0] - 1] + [(a[1] + b[0]) / 2 for a, b in zip(spans, spans[1:], strict=False)] + [spans[-1][1] + 1]
    return edges, first, body[0], body[-1]


_FIGURE = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)$")  # decimals, or thousands separated


def _pages(path: Path, pdf, native, most: int) -> Iterator:
    """pdfplumber's pages (what ``pdf.pages`` lists), made one at a time so that a page that cannot be made (a
    damaged page object or page tree) is named; at most ``most`` of them. What each prints is read by PDFium
    from ``native`` (the document PDFium opened), where PDFium has the page."""
    from pdfminer.pdfpage import PDFPage

    objects, number, doctop = PDFPage.create_pages(pdf.doc), 1, 0.0
    while True:
        if number > most:
            raise ReadError(str(path), f"page {number}", f"a report of at most {most} pages (COAKG_MAX_PAGES raises "
                                                        f"the bound)")
        try:
            made = next(objects, None)
            if made is None:
                return
            made.mediabox, made.cropbox = _normalized(made.mediabox), _normalized(made.cropbox)
            page = _page(pdf, made, number, doctop, native if native is not None and number <= len(native) else None)
        except Exception as exc:  # pdfminer and pdfplumber raise several unrelated types for a malformed page
            raise ReadError(str(path), f"page {number}", f"a readable page ({type(exc).__name__}: {exc})") from None
        yield page
        number, doctop = number + 1, doctop + page.height


def _page(pdf, made, number: int, doctop: float, native):
    """pdfplumber's page of the page object ``made``: what it prints read by PDFium from ``native`` (the document
    as PDFium opened it; the page parsed only when what it prints is asked for, after its bounds are checked), or
    by pdfminer where there is none."""
    page = _printed_page()(pdf, made, page_number=number, initial_doctop=doctop)
    page.native = native
    return page


@cache
def _printed_page() -> type:
    """pdfplumber's page whose objects PDFium reads, from its document ``native`` (pdfminer where there is none, or
    where PDFium cannot load the page), each character's radicals written as the ideographs they stand for."""
    import pypdfium2 as pdfium
    from pdfplumber.page import Page

    from . import page_objects

    class PrintedPage(Page):
        native: pdfium.PdfDocument | None

        def parse_objects(self) -> dict:
            objects = self._native()
            objects = super().parse_objects() if objects is None else objects
            for c in objects.get("char", ()):
                if c["text"] and not c["text"].isascii():
                    c["text"] = ideographs(c["text"])
            return objects

        def _native(self) -> dict | None:
            if self.native is None:
                return None
            try:
                page = self.native[self.page_number - 1]
            except pdfium.PdfiumError:  # a page PDFium cannot load: as pdfminer reads it
                return None
            try:
                return page_objects.page_objects(page, self.rotation, self.page_obj.mediabox, self.mediabox,
                                                 self.page_number, self.initial_doctop)
            finally:
                page.close()

    return PrintedPage


def _normalized(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """A page box by its lower-left and upper-right corners, whichever corners the file names: a rectangle may be
    given by any two opposite corners (ISO 32000, 7.9.5), and a box given upside down (MediaBox 0 595 842 0) would
    put the whole page's content outside it."""
    x0, y0, x1, y1 = box
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _read_page(path: Path, number: int, page, found, tables: list[PrintedTable], warnings: list[str]) -> None:
    left, top, right, bottom = page.bbox  # a page's box need not stand at the origin (MediaBox -12 -12 …)
    chars = page.chars  # the text above and below a table
    for table in sorted(found, key=lambda t: t.bbox[1]):
        try:
            text = table.extract() if isinstance(table, _WordTable) else _extract(table)
            rows = _cells(table, text)
            head = min(bottom, max(top + 0.1, _first_printed(table, rows)))
            above = plain_text.text(_cropped(chars, (left, top, right, head)), in_order=True)
            below = plain_text.text(_cropped(chars, (left, min(bottom - 0.1, max(top, table.bbox[3])), right, bottom)),
                                    in_order=True)
            raw = _figures_where_they_stand(page, table, [[c or "" for c in r] for r in text])
        except Exception as exc:
            warnings.append(f"{path}: page {number}: a table could not be laid out and is skipped "
                            f"({type(exc).__name__}: {exc})")
            continue
        top = table.bbox[3]
        if not rows or not rows[0]:
            continue
        lead = [normalize(" ".join(dict.fromkeys(c for c in r if c))) for r in rows[:8]]
        n = header_rows(rows)
        kind, title = _title(above.splitlines() + lead[:n])
        note = next((normalize(line) for line in below.splitlines() if normalize(line).startswith("注")), None)
        context = [normalize(line) for line in above.splitlines()] + lead[:n]
        edges = sorted({round(c[0]) for c in table.cells})
        columns = tuple(_path(rows, j, n) for j in range(len(rows[0])))
        into = _columns_into(tables[-1], edges, len(rows[0]), loose=isinstance(table, _WordTable)) if tables else None
        if into is None and n and tables and columns == tables[-1].grid.columns:
            into = list(range(len(columns)))  # its header printed again, word for word, over columns drawn anew
        repeated = (title and tables and tables[-1].grid.title == title and into is not None
                    and tables[-1].grid.last_page in (number - 1, number))
        beside = (_printed_beside(tables[-1], columns, raw[n:], number)
                  if title and tables and tables[-1].grid.title == title and into is None else None)
        if beside:  # the table's columns that did not fit on the page before, beside its rows printed there
            grid = tables[-1].grid
            grid.column_pages.update({len(grid.columns) + k: number for k in range(len(beside))})
            grid.columns += tuple(columns[j] for j in beside)
            grid.rows[:] = [GridRow(old.cells + tuple(plain_number(r[j]) for j in beside), old.page, old.line)
                            for old, r in zip(grid.rows, raw[n:], strict=True)]
            grid.last_page = number
            grid.unit = grid.unit or next((m.group(1) for m in map(UNIT.search, context) if m), None)
            tables[-1].edges = edges
            continue
        if title and not repeated:
            unit = next((m for m in map(UNIT.search, context) if m), None)
            org = next((m for m in map(ORG.search, context) if m), None)
            grid = Grid(title, unit.group(1) if unit else None, number, None, columns, note=note, last_page=number)
            printed = PrintedTable(kind, grid, org.group(1) if org else None, edges)
            tables.append(printed)
        elif into is not None and (repeated or not title):
            printed = tables[-1]  # the table goes on, its title and header printed again or not
            grid = printed.grid
            width = len(grid.columns)
            raw = [[r[into.index(k)] if k in into else "" for k in range(width)] for r in raw]
            grid.last_page = number
            if note and not grid.note:
                grid.note = note
        else:
            continue  # a table outside the accounts (e.g. the list of units)
        grid.rows.extend(GridRow(tuple(plain_number(c) for c in r), number, None) for r in raw[n:])


def _printed_beside(previous: PrintedTable, columns: tuple[str, ...], rows: list[list[str]],
                    number: int) -> list[int] | None:
    """The columns of a table that go on the right of the table of the same title on the page before, a table too
    wide for one page printed column-wise over two: its rows are the same rows, as many and in the same order,
    their names printed again or not. None when the table is not such a continuation: the same header (a
    continuation page, or the table printed again), other rows, a page before that is not the table's only page.
    A column repeated word for word (the rows' names, printed again) is left out."""
    grid = previous.grid
    if (columns == grid.columns or grid.page != number - 1 or grid.last_page != number - 1 or not rows
            or len(rows) != len(grid.rows) or any(not c for c in columns)):
        return None
    printed = {tuple(normalize(r.cells[k]) if k < len(r.cells) else "" for r in grid.rows)
               for k in range(len(grid.columns))}
    beside = []
    for j in range(len(columns)):
        cells = tuple(normalize(r[j]) if j < len(r) else "" for r in rows)
        if any(c and not is_amount(c) for c in cells):  # the rows' names: only those printed on the page before
            if cells not in printed:
                return None
            continue
        beside.append(j)
    return beside or None


def _first_printed(table, rows: list[list[str]]) -> float:
    """Where a table's first row printing text begins: its title may stand inside its frame, above its header,
    in rows of no cell (a frame drawn around title and table alike)."""
    empty = next((k for k, r in enumerate(rows) if any(r)), 0)
    cells = getattr(table, "rows", [])
    return cells[empty].bbox[1] if 0 < empty < len(cells) else table.bbox[1]


def _columns_into(previous: PrintedTable, edges: list[int], width: int, loose: bool = False) -> list[int] | None:
    """Where each column of a table goes in the table before it, if it continues that table: the same
    columns (a frame column printed on one page only is left out; all of them moved sideways alike, as a page
    printed a little off the one before), else None. Columns found from where words
    stand (``loose``) part where the words of each page put them: each need only fall within its column."""
    if width == len(previous.grid.columns) and (len(edges) != len(previous.edges) or edges == previous.edges):
        return list(range(width))
    if loose and width == len(previous.grid.columns) == len(previous.edges) == len(edges):
        bounds = [*previous.edges[1:], float("inf")]
        if all(previous.edges[k] - 20 <= (e + (edges[k + 1] if k + 1 < width else e + 40)) / 2 < bounds[k]
               for k, e in enumerate(edges)):
            return list(range(width))
    if len(edges) != width or not previous.edges:
        return None
    moved = edges[0] - previous.edges[0]
    for shift in dict.fromkeys((0, moved if abs(moved) <= 12 else 0)):  # in place, or printed a few points aside
        into = [next((k for k, x in enumerate(previous.edges) if abs(x + shift - e) <= 3), -1) for e in edges]
        if -1 not in into and len(set(into)) == len(into):
            return into
    return None


def _title(lines: list[str]) -> tuple[TableKind | None, str]:
    """The kind and printed title of a table from the lines above it: the last line (or two lines, a title
    wrapped) the catalogue knows, else the last short line ending in 表 (a table the catalogue does not know)."""
    cat = catalogue()
    candidates = [normalize(line) for line in lines if normalize(line)]
    known = lambda line: cat.classify_title(line) or cat.classify_title(_strip_unit(line))  # noqa: E731
    for i in reversed(range(len(candidates))):
        line, upper = candidates[i], candidates[i - 1] if i else ""
        # a title wrapped (…分类科 / 目-不含上年结转）; …明细表 / （按支出经济分类科目-不含上年结转）; …“三公”经费及 /
        # 会议费、培训费支出预算表, whose second line alone names another table) is taken whole where the two lines
        # name another kind than the line alone, or the line alone names none; a line above that is a title of its
        # own (or ends in 表) is no part of it, unless a parenthesis follows it
        lone = known(line)
        above = cat.classify_title(upper) or upper.endswith("表")
        # where the line alone names a table, the line above continues into it only over a word that cannot end
        # a title (…经费及 / 会议费…) or before a parenthesis
        continues = lone is None or upper.endswith(("及", "和", "与", "的", "、")) or line.startswith(("（", "("))
        pair = cat.classify_title(upper + line) if len(title_text(upper)) >= 8 and continues and (
            not above or line.startswith(("（", "("))) else None
        if above and pair == cat.classify_title(upper):
            pair = None  # a parenthesis that tells nothing more: (2026年度)
        if pair is not None and pair != lone:
            return pair, _strip_unit(upper + line)
        if lone is not None:
            return lone, _strip_unit(line)
    for line in reversed(candidates):
        flat = title_text(_strip_unit(line))
        if flat.endswith("表") and 4 <= len(flat) <= 40 and not re.search(r"[。，；]", flat):
            return None, _strip_unit(line)
    return None, ""


def _strip_unit(line: str) -> str:
    return re.split(r"(?:金额)?单位[：:]|编制单位|部门[：:]", line)[0]


def _figures_where_they_stand(page, table, raw: list[list[str]]) -> list[list[str]]:
    """The table's text with a figure printed in a cell drawn over several columns (a 合计 row whose name spans the
    code columns, its cells drawn anew: 合 计 | 1,024,807.17 over 部门经济科目 and 合计) moved to the column it
    stands in: the figure is the column's, not the first column's of the cell."""
    from pdfplumber.utils import extract_words

    xs = sorted({c[0] for c in table.cells})
    for i, row in enumerate(table.rows):
        for j, bbox in enumerate(row.cells):
            if bbox is None or not is_amount(normalize(raw[i][j])):
                continue
            inside = [x for x in xs if bbox[0] + 0.5 < x < bbox[2] - 0.5]  # column edges the cell spans over
            if not inside:
                continue
            words = [w for w in extract_words(_cropped(page.chars, bbox)) if is_amount(w["text"])]
            if len(words) != 1:
                continue
            centre = (words[0]["x0"] + words[0]["x1"]) / 2
            k = j + sum(1 for x in inside if x <= centre)
            if k != j and k < len(raw[i]) and not raw[i][k]:
                raw[i][k], raw[i][j] = raw[i][j], ""
    return raw


def _cropped(chars: list[dict], bbox: tuple[float, float, float, float]) -> list[dict]:
    """The characters a page cropped to ``bbox`` prints (``page.crop(bbox, strict=False).chars``), each clipped to it;
    only those whose box meets it are clipped (pdfplumber clips every one of the page's to find them)."""
    from pdfplumber.utils import crop_to_bbox

    x0, top, x1, bottom = bbox
    return crop_to_bbox([c for c in chars if c["bottom"] >= top and c["top"] <= bottom and c["x1"] >= x0
                         and c["x0"] <= x1], bbox)


def _extract(table) -> list[list[str | None]]:
    """The text of a ruled table by row and cell, as pdfplumber's ``Table.extract`` gives it (a character is in
    each cell its middle stands in), each row's characters found among the page's sorted top-down, and each
    character's cell among the row's sorted left to right, rather than looked for among all of them."""
    from bisect import bisect_left, bisect_right

    chars = table.page.chars
    middles = sorted(((c["top"] + c["bottom"]) / 2, k) for k, c in enumerate(chars))
    tops = [m for m, _ in middles]

    def inside(c: dict, bbox: tuple[float, float, float, float]) -> bool:
        x, y = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        return bbox[0] <= x < bbox[2] and bbox[1] <= y < bbox[3]

    text: list[list[str | None]] = []
    for row in table.rows:
        near = sorted(k for _, k in middles[bisect_left(tops, row.bbox[1]):bisect_left(tops, row.bbox[3])])
        drawn = sorted((cell[0], j) for j, cell in enumerate(row.cells) if cell is not None)
        lefts = [x for x, _ in drawn]
        # cells side by side (the usual row): a character is in the cell drawn nearest on its left, if in any; cells
        # one over another (a rule that stops part way down the row), in each that holds it
        apart = all(row.cells[a][2] <= left for (_, a), (left, _) in zip(drawn, drawn[1:], strict=False))
        found: dict[int, list[dict]] = {}
        for c in (chars[k] for k in near):
            if not inside(c, row.bbox):
                continue
            at = bisect_right(lefts, (c["x0"] + c["x1"]) / 2)  # the cells drawn on its left
            for _, j in drawn[at - 1:at] if apart else drawn[:at]:
                if inside(c, row.cells[j]):
                    found.setdefault(j, []).append(c)
        text.append([None if cell is None else plain_text.text(found[j]) if j in found else ""
                     for j, cell in enumerate(row.cells)])
    return text


def _cells(table, text: list[list[str | None]]) -> list[list[str]]:
    """The table's text with every spanning cell's text copied into each position it covers."""
    rows = table.rows
    xs = sorted({c[0] for c in table.cells})
    tops = [r.bbox[1] for r in rows]
    filled = [[c or "" for c in r] for r in text]
    for i, row in enumerate(rows):
        for j, bbox in enumerate(row.cells):
            if bbox is None:
                continue
            value = text[i][j] or ""
            for ii, t in enumerate(tops):
                if bbox[1] - 0.5 <= t < bbox[3] - 0.5:
                    for jj, x in enumerate(xs):
                        if bbox[0] - 0.5 <= x < bbox[2] - 0.5 and jj < len(filled[ii]) and not filled[ii][jj]:
                            filled[ii][jj] = value
    return filled


def _path(rows: list[list[str]], j: int, n: int) -> str:
    """A column's header path: the header words above it, top-down; titles, units and column numbers left out."""
    cat = catalogue()
    parts: list[str] = []
    for row in rows[:n]:
        part = normalize(row[j]) if j < len(row) else ""
        if (not part or part.isdigit() or part.strip("*") == "" or part == "栏次"
                or UNIT.search(part) or ORG.search(part)
                or cat.classify_title(part) or title_text(part).endswith("表")):
            continue
        if not parts or parts[-1] != part:
            parts.append(part)
    return "/".join(parts)
