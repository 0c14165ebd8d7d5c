"""Read the tables of a PDF report from its layout.

pdfplumber finds each ruled table and its cells; a figure belongs to the cell
it is printed in, so a blank cell stays blank. Cells that span columns or
rows (nested headers) are spread over every column and row they cover, and
each column's header path is read top-down. A table without a title on its
page continues the table before it.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import ReadError
from .layout import Grid, GridRow, TableKind, classify_title, header_rows, normalize

_UNIT = re.compile(r"单位[：:]\s*(万元|元|千元)")


def read_grids(path: Path) -> tuple[str, list[str], list[tuple[TableKind, Grid]]]:
    """The cover text, all page texts, and every table grid of a PDF."""
    import pdfplumber

    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises several unrelated types for a file that is not a PDF
        raise ReadError(str(path), "file", f"a PDF document ({type(exc).__name__}: {exc})") from None
    grids: list[tuple[TableKind, Grid]] = []
    texts: list[str] = []
    with pdf:
        for number, page in enumerate(pdf.pages, start=1):
            try:
                texts.append(page.extract_text() or "")
                _read_page(path, number, page, grids)
            except ReadError:
                raise
            except Exception as exc:
                raise ReadError(str(path), f"page {number}", f"a readable page ({type(exc).__name__}: {exc})") from None
    if not any(t.strip() for t in texts):
        raise ReadError(str(path), "every page", "a text layer; this looks like a scanned PDF: run OCR first")
    return (texts[0] if texts else ""), texts, grids


def _read_page(path: Path, number: int, page, grids: list[tuple[TableKind, Grid]]) -> None:
    top = 0.0
    for table in sorted(page.find_tables(), key=lambda t: t.bbox[1]):
        above = page.crop((0, top, page.width, max(top, table.bbox[1]))).extract_text() or ""
        below = page.crop((0, table.bbox[3], page.width, page.height)).extract_text() or ""
        top = table.bbox[3]
        rows = _cells(table)
        kind, title = _title(above)
        note = next((normalize(line) for line in below.splitlines() if normalize(line).startswith("注")), None)
        if kind is not None:
            unit = _UNIT.search(normalize(above))
            n = header_rows(kind, rows)
            columns = tuple(_path(rows, j, n) for j in range(len(rows[0]) if rows else 0))
            grid = Grid(title, unit.group(1) if unit else None, number, None, columns, note=note)
            grids.append((kind, grid))
            body = rows[n:]
        elif grids and _continues(grids[-1][1], rows):
            kind, grid = grids[-1]
            if note and not grid.note:
                grid.note = note
            body = rows[header_rows(kind, rows):]
        else:
            continue  # a table outside the accounts (e.g. the list of units)
        raw = [list(r) for r in table.extract()]
        raw = raw[len(rows) - len(body):]
        grid.rows.extend(GridRow(tuple(c or "" for c in r), number, None) for r in raw)


def _continues(grid: Grid, rows: list[list[str]]) -> bool:
    return bool(rows) and len(rows[0]) == len(grid.columns)


def _title(text: str) -> tuple[TableKind | None, str]:
    for line in reversed(text.splitlines()):
        kind = classify_title(line)
        if kind is not None:
            return kind, normalize(line)
    return None, ""


def _cells(table) -> list[list[str]]:
    """The table's text with every spanning cell's text copied into each position it covers."""
    text = table.extract()
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
                        if bbox[0] - 0.5 <= x < bbox[2] - 0.5 and not filled[ii][jj]:
                            filled[ii][jj] = value
    return filled


def _path(rows: list[list[str]], j: int, n: int) -> str:
    parts: list[str] = []
    for row in rows[:n]:
        part = normalize(row[j]) if j < len(row) else ""
        if part and not part.isdigit() and (not parts or parts[-1] != part):
            parts.append(part)
    return "/".join(parts)
