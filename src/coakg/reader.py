"""Read a report file (PDF or text) into the reports it holds.

A file usually holds one report; some hold a department's 汇总 followed by each
unit's tables: a table kind printed again, or another organization named above
the tables, starts the next report. Tables the catalogue marks as text (绩效目标表)
and tables that cannot be read are listed as skipped, with the reason.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from . import pdf_reader, text_reader
from .errors import CoakgError, ReadError
from .identity import Identity, identify
from .layout import UNIT, PrintedTable, interpret, is_amount, normalize, units_in_headers
from .limits import Limits
from .model import Reading, Report, Skipped, Statement, Table
from .narrative import statements
from .source import describe
from .tables import catalogue


def read_file(path: str | Path, department: str | None = None, year: int | None = None,
              phase: str | None = None) -> Reading:
    """Every report a file holds. ``department``, ``year`` and ``phase`` override what the file says
    (for a file that holds only tables and names neither). Whatever goes wrong in reading a malformed file
    is a :class:`ReadError` naming the file."""
    try:
        return _read(Path(path), department, year, phase)
    except CoakgError:
        raise
    except Exception as exc:  # noqa: BLE001 - a PDF library's own failure on a malformed file
        raise ReadError(str(path), "file", f"a readable report (reading failed: {type(exc).__name__}: {exc})") from exc


def _read(path: Path, department: str | None, year: int | None, phase: str | None) -> Reading:
    if not path.is_file():  # missing, or a device (/dev/zero) or a FIFO, which would be read for ever
        raise ReadError(str(path), "file", "a regular file (a PDF or a text file of a report)" if path.exists()
                        else "an existing file")
    most = Limits.from_environment().max_mb
    if path.stat().st_size > most * 2**20:
        raise ReadError(str(path), "file", f"a report of at most {most:g} MB (COAKG_MAX_MB raises the bound), found "
                                           f"{path.stat().st_size / 2**20:.3g} MB")
    data = path.read_bytes()
    if data[:5] == b"%PDF-":
        pdf = pdf_reader.read_pdf(path, data=data)
        pages, printed, warnings, damage = pdf.pages, pdf.tables, pdf.warnings, pdf.damage
        prose: list[tuple[int | None, int | None, str]] = [(n, None, text or pdf.prose.get(n, ""))
                                                           for n, text in enumerate(pages, 1)]
        cover = "\n".join(pages[:1])
        lines = [line for page in pages for line in page.splitlines()]
        source = describe(path, data, "application/pdf")
        count: int | None = len(pages)
    else:
        if b"\x00" in data[:4096] and not data.startswith(text_reader.UNICODE_BOMS):
            raise ReadError(str(path), "file", "a PDF or a text file of a report")
        lines = text_reader.decode_lines(path, data)
        printed, warnings, cover, count, damage = text_reader.read_tables(path, lines), [], "", None, {}
        prose = [(None, 1, "\n".join(lines))]
        source = describe(path, data, "text/plain")
    skipped = [Skipped(t.grid.title, t.grid.page, t.kind.skip) for t in printed if t.kind and t.kind.skip]
    readable = [t for t in printed if not (t.kind and t.kind.skip)]
    if not readable:
        titles = "、".join(dict.fromkeys(s.title for s in skipped))
        what = f"only text tables ({titles})" if skipped else "only text"
        what += "".join(f"; {where}: the PDF is damaged there ({said})" for where, said in list(damage.items())[:1])
        span = f"pages 1–{count}" if count else f"lines 1–{len(lines)}"
        raise ReadError(str(path), span,
                        f"a table of a 部门预算 or 部门决算 (e.g. 收支总表, 支出决算表); they hold {what}")
    groups = _reports(readable)
    who = identify(cover, lines, [t.org for t in groups[0] if t.org])
    if who is None and not (department and year):
        raise ReadError(str(path), "cover and titles", "a cover or title naming the department and year "
                        "(e.g. 2026年度X部门预算, X2024年度部门决算) or a 部门：/单位名称： line above a table; "
                        "give --department and --year for a file that names neither")
    if who is None:  # named by the user: a file of tables only; 决算 if its tables' titles say so
        who = Identity(department or "", year or 0,
                       phase or ("决算" if any("决算" in t.grid.title for t in readable) else "预算"))
    who = Identity(department or who.department, year or who.year, phase or who.document)
    reports: list[Report] = []
    warnings = list(warnings)
    on_cover = UNIT.search(normalize(cover))  # （金额单位：元）
    cover_unit = on_cover.group(1) if on_cover else None
    seen: list[tuple[str | None, list[tuple]]] = []  # (the unit named above the tables, what they print)
    for n, group in enumerate(groups):
        org = next((t.org for t in group if t.org), None)
        named = org if org and org != who.department else None
        read = [table for t in group if (table := _read_table(t, str(path), who, skipped, cover_unit, warnings))
                is not None]
        content = _printed(read)
        if (named, content) in seen:  # the same unit's tables with the same figures printed again: one report
            first = group[0].grid
            warnings.append(f"{path}: {f'page {first.page}' if first.page else f'line {first.line}'}: "
                            f"the tables of {reports[seen.index((named, content))].name} printed again, read once")
            continue
        seen.append((named, content))
        unit = named if n else None
        if n and unit is None:
            first = group[0].grid
            unit = f"第{n + 1}份报表（第{first.page}页起）" if first.page else f"第{n + 1}份报表（第{first.line}行起）"
        reports.append(Report(who.department, who.year, who.document, source, _keyed(read), unit))
    if not any(t.figures for r in reports for t in r.tables):
        raise ReadError(str(path), "every table", "figures; the tables print none (an empty template?)")
    if len(reports) == 1:  # the prose of a file of several reports (a department's and its units') is left unread
        reports[0] = replace(reports[0], statements=_stated(prose, who.department, who.year))
    return Reading(source, count, tuple(reports), tuple(skipped), tuple(warnings))


def _stated(prose: list[tuple[int | None, int | None, str]], department: str, year: int) -> tuple[Statement, ...]:
    """What the prose states of the report's key figures (as the catalogue names them), and the changes it states."""
    cat = catalogue()
    return tuple(s for s in statements(prose, (department, *cat.narrative_who), year)
                 if s.words in cat.narrative_words or s.change is not None)


def _reports(tables: list[PrintedTable]) -> list[list[PrintedTable]]:
    """Tables grouped into reports: a summary table printed again, or another organization named above a
    summary table, starts the next report. A summary that prints no figure (a title listed in a table of contents,
    without dot leaders or page numbers) is no first printing."""
    groups: list[list[PrintedTable]] = [[]]
    for t in tables:
        current = groups[-1]
        summary = t.kind is not None and t.kind.key == "summary"
        orgs = {c.org for c in current if c.org}
        again = summary and any(c.kind and c.kind.key == "summary" and _prints_figures(c) for c in current)
        other_org = summary and t.org is not None and orgs and t.org not in orgs
        if current and (again or other_org):
            groups.append([])
        groups[-1].append(t)
    return groups


def _prints_figures(table: PrintedTable) -> bool:
    return any(is_amount(normalize(cell)) for row in table.grid.rows for cell in row.cells)


def _printed(tables: list[Table]) -> list[tuple]:
    """What tables print, wherever they print it: each table's kind and figures."""
    return [(t.kind, [(f.row, f.column, f.value) for f in t.figures]) for t in tables]


def _keyed(tables: list[Table]) -> tuple[Table, ...]:
    """The tables of a report, each with a key of its own: a second table of one kind is other-2, project-2, …;
    a table printed without figures goes when another table of its kind prints figures (a title in the text)."""
    with_figures = {t.kind for t in tables if t.figures}
    keyed: list[Table] = []
    for table in tables:
        if not table.figures and table.kind in with_figures:
            continue
        taken = {x.kind for x in keyed}
        key, n = table.kind, 2
        while key in taken:
            key, n = f"{table.kind}-{n}", n + 1
        keyed.append(replace(table, kind=key))
    return tuple(keyed)


def _read_table(t: PrintedTable, path: str, who: Identity, skipped: list[Skipped], cover_unit: str | None,
                warnings: list[str]) -> Table | None:
    """A printed table read; its unit the one printed above it, else in its headers, else on the cover, else 万元
    (with a warning)."""
    cat = catalogue()
    kind = t.kind or cat.kind("other")
    grid = units_in_headers(t.grid)
    if grid.unit is None:
        grid = replace(grid, unit=cover_unit)
    if grid.unit is None and kind.skip is None:
        where = f"page {grid.page}" if grid.page else f"line {grid.line}"
        warnings.append(f"{path}: {where}: {grid.title} names no unit (单位：元 or 万元); read as 万元")
    try:
        table = interpret(grid, kind, path, who.document, who.year)
    except ReadError as exc:
        skipped.append(Skipped(t.grid.title, t.grid.page, f"{exc.where}: {exc.expected}"))
        return None
    if kind.key == "other" and not any(f.row.code for f in table.figures):
        skipped.append(Skipped(t.grid.title, t.grid.page, "no classification codes and figures"))
        return None
    warnings.extend(table.warnings)
    return table
