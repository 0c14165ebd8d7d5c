"""Read a report file (PDF or text) into a :class:`model.Report`."""

from __future__ import annotations

from pathlib import Path

from . import pdf_reader, text_reader
from .errors import ReadError
from .identity import identify
from .layout import interpret
from .model import Report
from .source import describe


def read_report(path: str | Path) -> Report:
    path = Path(path)
    if not path.is_file():
        raise ReadError(str(path), "file", "an existing file")
    data = path.read_bytes()
    if data[:5] == b"%PDF-":
        cover, pages, grids = pdf_reader.read_grids(path)
        lines = [line for page in pages for line in page.splitlines()]
        source = describe(path, data, "application/pdf")
    else:
        if b"\x00" in data[:4096]:
            raise ReadError(str(path), "file", "a PDF or a text file of a report")
        lines = text_reader.decode_lines(path, data)
        cover = ""
        grids = text_reader.read_grids(path, lines)
        source = describe(path, data, "text/plain")
    who = identify(cover, lines)
    if who is None:
        raise ReadError(str(path), "cover and title", "a title naming the department and year (…2024年度部门决算)")
    if not grids:
        raise ReadError(str(path), "every page", "at least one table of a 部门决算 or 部门预算 (e.g. 收入支出决算总表)")
    tables = tuple(interpret(grid, kind, str(path)) for kind, grid in grids)
    return Report(who.department, who.year, who.document, source, tables)
