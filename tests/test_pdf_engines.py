"""Issue 23: PDFium reads what a page prints several times faster than pdfminer; both engines give every corpus
file the same reading: the same reports (department, year, phase), tables, figures (row, column, value, page),
skipped tables and warnings. Text differs only in white space: pdfminer keeps a space character printed over
others (a page number read "1 0"), PDFium leaves it out."""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

import pytest
from conftest import CORPUS

from coakg import pdf_reader
from coakg.reader import read_file

FILES = sorted(CORPUS.rglob("*.pdf"))


def _flat(text: str | None) -> str | None:
    return re.sub(r"\s", "", text) if text is not None else None


def _reading(path: Path, engine: str, monkeypatch) -> tuple:
    """What a file's reading holds, white space left out of printed names."""
    with monkeypatch.context() as patched:
        patched.setattr(pdf_reader, "read_pdf", partial(pdf_reader.read_pdf, engine=engine))
        reading = read_file(path)
    return (reading.pages, reading.warnings,
            [(s.title, s.page, s.reason) for s in reading.skipped],
            [(r.department, r.year, r.document, r.unit_name,
              [(t.kind, t.title, t.unit, t.page, t.last_page, _flat(t.note), t.warnings, t.halves,
                [(f.row.key, f.row.code, f.row.scheme, _flat(f.row.label), f.column, f.value, f.page, f.line, f.half)
                 for f in t.figures]) for t in r.tables]) for r in reading.reports])


@pytest.mark.slow  # pdfminer: some 5 pages a second
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_both_engines_read_a_corpus_file_alike(path, monkeypatch):
    from coakg.errors import ReadError

    readings = []
    for engine in pdf_reader.ENGINES:
        try:
            readings.append(_reading(path, engine, monkeypatch))
        except ReadError as exc:  # a file without a report table: both say so alike
            readings.append(("refused", str(exc)))
    assert readings[0] == readings[1]


def test_pdfium_reads_what_a_page_prints():
    """The objects of a page as PDFium reads them: 北京民政's page 4, its characters where pdfminer puts them
    (within a hundredth of a point; spaces aside), its rules as many as pdfminer's."""
    import pdfplumber
    import pypdfium2 as pdfium

    path = CORPUS / "cn-budgets/北京-民政局_2026年部门预算.pdf"
    with pdfplumber.open(path) as pdf:
        document = pdfium.PdfDocument(path)
        try:
            native = next(p for p in pdf_reader._pages(path, pdf, document, 9) if p.page_number == 4)
            mined = pdf.pages[3]
            ours, theirs = ([c for c in page.chars if c["text"] != " "] for page in (native, mined))
            assert "".join(c["text"] for c in ours[:12]) == "2080201-行政运行"
            assert len(ours) == len(theirs) > 500
            for a, b in zip(ours, theirs, strict=True):
                assert a["text"] == b["text"] and a["upright"] == b["upright"]
                assert all(abs(a[key] - b[key]) < 0.01 for key in ("x0", "x1", "top", "bottom", "size")), (a, b)
            assert len(native.edges) == len(mined.edges) > 100
        finally:
            document.close()


def test_a_cells_text_is_read_as_pdfplumber_reads_it_where_cells_lie_one_over_another():
    """pdfplumber puts a character in every cell its middle stands in; a rule that stops part way down a row
    makes a short cell over a wide one: each gets its characters (coakg's reading finds a row's characters
    faster, and gives the same text)."""
    from types import SimpleNamespace

    from pdfplumber.table import Table

    def char(text: str, x: float, top: float) -> dict:
        return {"text": text, "x0": x, "x1": x + 8, "top": top, "bottom": top + 8, "doctop": top, "upright": True,
                "size": 8, "width": 8, "height": 8, "object_type": "char"}

    chars = [char("a", 10, 2), char("b", 60, 2), char("c", 60, 12), char("d", 110, 2)]
    page = SimpleNamespace(chars=chars)
    table = Table(page, [(0, 0, 100, 20), (50, 0, 100, 10), (100, 0, 150, 20)])
    assert pdf_reader._extract(table) == table.extract() == [["a b\nc", "b", "d"]]


def test_the_engine_is_chosen_by_coakg_pdf_engine(monkeypatch, tmp_path):
    """COAKG_PDF_ENGINE=pdfminer reads a PDF with pdfminer (the same tables); an engine coakg does not have is a
    usage error naming the variable (exit 2, as every unusable setting)."""
    import shutil

    from typer.testing import CliRunner

    from coakg.cli import app
    from coakg.errors import UsageError

    path = tmp_path / "report.pdf"  # not the corpus file itself, whose reading the test session keeps
    shutil.copyfile(CORPUS / "putuo-2024/上海市普陀区财政局2024年度部门决算.pdf", path)
    monkeypatch.setenv("COAKG_PDF_ENGINE", "pdfminer")
    mined = pdf_reader.read_pdf(path)
    assert [t.grid.title for t in mined.tables] == [t.grid.title for t in pdf_reader.read_pdf(path, "pdfium").tables]
    monkeypatch.setenv("COAKG_PDF_ENGINE", "mupdf")
    with pytest.raises(UsageError, match="COAKG_PDF_ENGINE='mupdf': expected one of pdfium, pdfminer"):
        pdf_reader.read_pdf(path)
    result = CliRunner().invoke(app, ["inspect", str(path)])
    assert result.exit_code == 2 and "COAKG_PDF_ENGINE='mupdf'" in result.stderr
