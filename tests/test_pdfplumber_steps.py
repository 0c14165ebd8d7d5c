"""coakg's own steps for two of pdfplumber's (the plain text of characters, the cells of a page's ruled tables) give
what pdfplumber gives: on corpus pages as PDFium and pdfminer read them, and on random characters."""

from __future__ import annotations

import pdfplumber
import pytest
from conftest import CORPUS, CZJ
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfplumber.table import TableFinder, TableSettings, intersections_to_cells
from pdfplumber.utils import extract_text
from pdfplumber.utils.text import chars_to_textmap

from coakg import plain_text, table_finder
from coakg.pdf_reader import _page

# dense tables of three publishers, a report with narrative pages, and a 决算 with tables drawn as rectangles
FILES = [CORPUS / "cn-budgets-2" / "北京-水务局_2026年部门预算.pdf",
         CORPUS / "cn-budgets-2" / "西安-人力资源和社会保障局_2026年部门预算.pdf",
         CORPUS / "cn-budgets-2" / "杭州-2026年杭州市司法局部门预算.pdf",
         CORPUS / "cn-budgets" / "中央-国家信访局2024年度部门决算公开.pdf", CZJ]


def _pages(path, engine: str, most: int = 40):
    """The first pages of a file, their objects read by ``engine``, as coakg's reader makes its pages."""
    import pypdfium2 as pdfium

    with pdfplumber.open(path) as pdf:
        native = pdfium.PdfDocument(path) if engine == "pdfium" else None
        try:
            for p in pdf.pages[:most]:
                yield _page(pdf, p.page_obj, p.page_number, p.initial_doctop, native)
        finally:
            if native is not None:
                native.close()


@pytest.mark.parametrize("engine", ["pdfium", "pdfminer"])
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name[:12])
def test_corpus_pages_give_pdfplumbers_text_and_cells(path, engine):
    pages = cells = tables = 0
    for page in _pages(path, engine):
        chars = page.chars
        assert plain_text.text(chars, in_order=True) == page.extract_text()
        assert plain_text.text(chars) == extract_text(chars)
        finder = TableFinder(page, TableSettings.resolve(None))
        assert table_finder.cells(finder.intersections) == intersections_to_cells(finder.intersections)
        found = table_finder.find_tables(page)
        assert [t.cells for t in found] == [t.cells for t in finder.tables]
        for table in found:  # each cell's characters (its middle inside), as coakg's reader takes them
            for row in table.rows:
                for box in filter(None, row.cells):
                    inside = [c for c in chars if box[0] <= (c["x0"] + c["x1"]) / 2 < box[2]
                              and box[1] <= (c["top"] + c["bottom"]) / 2 < box[3]]
                    assert plain_text.text(inside) == extract_text(inside)
                    cells += bool(inside)
        pages, tables = pages + 1, tables + len(found)
        if tables >= 8:
            break
    assert pages and tables and cells > 100  # the comparison saw tables and their cells' text


_TEXT = st.sampled_from(["1", "2", "合", "计", ".", ",", " ", "\u3000", "ﬁ", "", "(cid:3)"])
_AT = st.sampled_from([0.0, 1.0, 2.5, 3.0, 3.5, 6.0, 6.2, 9.0, 12.0, 20.0])


@st.composite
def _chars(draw) -> list[dict]:
    chars = []
    for _ in range(draw(st.integers(1, 30))):
        x0, top, width = draw(_AT) * draw(st.sampled_from([1, 4])), draw(_AT), draw(st.sampled_from([0.5, 3.0, 6.0]))
        chars.append({"text": draw(_TEXT), "upright": draw(st.sampled_from([True, True, True, False])),
                      "x0": x0, "x1": x0 + width, "top": top, "bottom": top + draw(st.sampled_from([2.0, 9.0])),
                      "doctop": top})
    return chars


@settings(max_examples=400, deadline=None)
@given(_chars())
def test_random_characters_give_pdfplumbers_text(chars):
    assert plain_text.text(chars) == extract_text(chars)
    assert plain_text.text(chars, in_order=True) == chars_to_textmap(chars).as_string


def test_a_planted_difference_is_seen():
    """The comparison can fail: two characters 4 points apart are two words, 2 points apart one."""
    apart = [{"text": t, "upright": True, "x0": x, "x1": x + 1, "top": 0.0, "bottom": 9.0, "doctop": 0.0}
             for t, x in (("1", 0.0), ("2", 5.0))]
    assert plain_text.text(apart) == "1 2" == extract_text(apart)
    apart[1]["x0"], apart[1]["x1"] = 2.0, 3.0
    assert plain_text.text(apart) == "12" == extract_text(apart)
