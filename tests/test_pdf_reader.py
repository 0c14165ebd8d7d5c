import pytest
from conftest import CZJ, GHZY, SGB, value

from coakg.errors import ReadError
from coakg.reader import read_file


def test_identity_from_cover(reports):
    assert {(r.department, r.year) for n, r in reports.items() if n.endswith(".pdf")} == {
        ("上海市普陀区财政局", 2024), ("上海市普陀区规划和自然资源局", 2024), ("中共上海市普陀区委社会工作部", 2024)}


def test_blank_cells_stay_blank(reports):
    r = reports[CZJ.name]
    assert value(r, "expenditure", "2010602", "本年支出合计") == "10.00"
    assert value(r, "expenditure", "2010602", "项目支出") == "10.00"
    assert value(r, "expenditure", "2010602", "基本支出") is None
    assert value(r, "expenditure", "208", "项目支出") is None
    assert value(r, "income", "2010601", "其他收入") == "0.01"
    assert value(r, "income", "2010607", "其他收入") is None


def test_sangong_nested_other_way(reports):
    got = {f.column: str(f.value) for f in reports[CZJ.name].table("sangong").figures}
    assert got == {"预算数/合计": "0.95", "预算数/公务接待费": "0.95"}
    ghzy = {f.column: str(f.value) for f in reports[GHZY.name].table("sangong").figures}
    assert ghzy["预算数/合计"] == "2.85" and ghzy["决算数/公务接待费"] == "0.39"
    assert ghzy["决算数/公务用车运行费"] == "0.00"  # printed 公务用车运行维护费


def test_split_codes_thousands_and_pages(reports):
    r = reports[CZJ.name]
    table = r.table("expenditure")
    fig = next(f for f in table.figures if f.row.key == "2010601" and f.column == "本年支出合计")
    assert (str(fig.value), fig.row.code, fig.row.label, fig.page) == ("1511.89", "2010601", "行政运行", 10)
    assert value(r, "expenditure", "2210203", "本年支出合计") == "258.50"  # on the continuation page
    assert next(f.page for f in table.figures if f.row.key == "2210203") == 11


def test_two_sided_summaries(reports):
    r = reports[CZJ.name]
    assert value(r, "summary", "收入/其他收入", "决算数") == "6.20"
    assert value(r, "summary", "208", "决算数") == "326.71"
    assert value(r, "summary", "收入/年初结转和结余", "决算数") == "49.14"  # continued on page 7
    assert value(r, "summary", "支出/总计", "决算数") == "2995.39"
    assert value(r, "fiscal-summary", "收入/年初财政拨款结转和结余/一般公共预算财政拨款", "决算数") == "21.63"
    assert value(r, "fiscal-summary", "支出/总计", "一般公共预算财政拨款") == "2961.68"
    assert value(r, "fiscal-summary", "208", "政府性基金预算财政拨款") is None


def test_basic_expenditure(reports):
    r = reports[CZJ.name]
    assert value(r, "basic-expenditure", "301", "决算数") == "2082.85"
    assert value(r, "basic-expenditure", "30212", "决算数") is None
    assert value(r, "basic-expenditure", "30299", "决算数") == "11.53"
    assert value(r, "basic-expenditure", "人员经费合计", "决算数") == "2152.26"
    assert value(r, "basic-expenditure", "公用经费合计", "决算数") == "184.65"
    s = reports[SGB.name]
    assert value(s, "basic-expenditure", "30239", "决算数") == "2.43"


def test_whole_codes_and_empty_tables(reports):
    r = reports[GHZY.name]
    assert value(r, "income", "2200150", "财政拨款收入") == "4416.67"
    assert value(r, "general-budget", "2080505", "本年支出合计") == "446.11"
    assert value(r, "general-budget", "合计", "基本支出") == "5364.75"
    czj = reports[CZJ.name]
    fund = czj.table("government-fund")
    assert fund.figures == () and "本表无数据" in fund.note


def test_scanned_pdf_needs_ocr(tmp_path):
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument.new()
    doc.new_page(595, 842)
    path = tmp_path / "scan.pdf"
    doc.save(str(path))
    with pytest.raises(ReadError, match="OCR"):
        read_file(path).reports[0]


def test_truncated_pdf(tmp_path):
    path = tmp_path / "cut.pdf"
    path.write_bytes(CZJ.read_bytes()[:20000])
    with pytest.raises(ReadError, match="cut.pdf"):
        read_file(path).reports[0]


def test_prose_pages_are_not_laid_out():
    """A page whose content streams draw no line (the 情况说明 of 规划和自然资源局: pages 1–5 and 20–30) is found
    from its raw streams and not laid out, and has indeed nothing a table could be found from; a table page
    draws; a stream that cannot be read counts as drawing."""
    import pdfplumber

    from coakg.pdf_reader import _draws

    with pdfplumber.open(GHZY) as pdf:
        drawing = [n for n, page in enumerate(pdf.pages, start=1) if _draws(page)]
        assert drawing == list(range(6, 20))
        assert all(len(page.rects) + len(page.lines) + len(page.curves) == 0
                   for n, page in enumerate(pdf.pages, start=1) if n not in drawing)
        assert all(len(pdf.pages[n - 1].rects) >= 4 for n in (7, 16))
        page = pdf.pages[0]
        page.page_obj.attrs["Contents"] = object()  # a damaged content stream
        assert _draws(page)


@pytest.mark.parametrize(("stream", "draws"), [
    (b"0 0 100 20 re f", True), (b"0 0 100 20re", True), (b"1 1 m 9 1 l S", True), (b"9 1 l%comment", True),
    (b"3 4 m h S", True), (b"0 0 1 1 2 2 c", True), (b"/Fm0 Do", True), (b"BI /W 1 /H 1 ID x EI", True),
    (b"1 0 0 1 0 0 cm BT /F1 9 Tf 1 0 0 1 5 5 Tm (x) Tj ET", False), (b"BT <0c1d> Tj 0 -12 Td [(a)2(b)] TJ ET", False),
], ids=lambda v: v.decode() if isinstance(v, bytes) else str(v))
def test_the_operators_that_may_draw(stream, draws):
    """Path, XObject and inline-image operators, split as pdfminer splits them (a number may come right before
    one); text operators, the matrix operators cm and Tm and hex strings draw nothing."""
    from coakg.pdf_reader import _DRAWING

    assert bool(_DRAWING.search(stream)) is draws


def test_a_pdf_printed_by_a_browser_is_read_without_pdfminer_noise(caplog):
    """A 支出决算表 printed from HTML by Chromium (tests/data, figures of the example department): its fonts lack
    a bounding box, which pdfminer logs for every character; coakg reads the table and shows none of that."""
    from conftest import ROOT

    report = read_file(ROOT / "tests" / "data" / "chromium-printed-expenditure.pdf").reports[0]
    assert (report.department, report.year) == ("示例市示例局", 2024)
    got = {(f.row.key, f.column): str(f.value) for f in report.table("expenditure").figures}
    assert got[("2014099", "项目支出")] == "524.00" and ("2014099", "基本支出") not in got
    assert got[("合计", "本年支出合计")] == "1717.85" and len(got) == 24
    assert not [r for r in caplog.records if r.name.startswith("pdfminer")]
    import logging  # the reading's own handling of pdfminer's messages is undone once the file is read

    assert logging.getLogger("pdfminer").propagate and not logging.getLogger("pdfminer").handlers


@pytest.mark.parametrize("name", ["chromium-printed-expenditure-row-rules.pdf", "chromium-printed-expenditure-unruled.pdf"])
def test_a_table_without_vertical_lines_reads_as_the_fully_ruled_one(name):
    """The same 支出决算表 printed by Chromium with horizontal rules only, and with no lines at all: the columns come
    from where the figures and the header words stand, the rows from the rules or the lines of text; every figure,
    blank cell and header reads as in the ruled print."""
    from conftest import ROOT

    ruled, other = (read_file(ROOT / "tests" / "data" / n).reports[0] for n in ("chromium-printed-expenditure.pdf", name))

    def figures(report):
        return {(f.row.key, f.row.label, f.column, f.value, f.page) for f in report.table("expenditure").figures}

    assert figures(other) == figures(ruled) and len(figures(ruled)) == 24
    assert other.table("expenditure").headers == ruled.table("expenditure").headers
    assert (other.department, other.year, other.document) == (ruled.department, ruled.year, ruled.document)


@pytest.mark.parametrize("name", ["chromium-printed-expenditure-turned.pdf",
                                  "chromium-printed-expenditure-sideways-up.pdf",
                                  "chromium-printed-expenditure-sideways-down.pdf"])
def test_a_turned_page_reads_as_the_upright_one(name):
    """The same 支出决算表 with each page turned by 90°: marked so (/Rotate 90) and its content drawn turned back
    by a matrix whose cos 90° is 6.1e-17, as a tool computing the rotation in floating point writes it (its rules
    stood a hair off the vertical and horizontal: the table lost its left border and its code column); and not
    marked, its text running sideways, read from the bottom up or from the top down (was: "they hold only
    text"). Every figure, label, page and header reads as upright."""
    from conftest import ROOT

    upright, turned = (read_file(ROOT / "tests" / "data" / n).reports[0]
                       for n in ("chromium-printed-expenditure.pdf", name))

    def figures(report):
        return {(f.row.key, f.row.label, f.column, f.value, f.page) for f in report.table("expenditure").figures}

    assert figures(turned) == figures(upright) and len(figures(upright)) == 24
    assert turned.table("expenditure").headers == upright.table("expenditure").headers


@pytest.mark.parametrize(("ruled", "other"), [
    ("chromium-c1b-twolevel-subtotal-grid.pdf", "chromium-c1b-twolevel-subtotal-hrule.pdf"),
    ("chromium-c1b-twolevel-subtotal-grid.pdf", "chromium-c1b-twolevel-subtotal-none.pdf"),
    ("chromium-c4b-long-norepeat-grid.pdf", "chromium-c4b-long-norepeat-hrule.pdf"),
])
def test_group_headers_and_continued_pages_without_vertical_lines(ruled, other):
    """Two harder layouts printed by Chromium with all lines, and without vertical lines: a header group (基本支出
    over 小计, 人员经费, 公用经费; its name centred over the middle one) names each column under it; a table that
    runs on to a page without its header printed again goes on there. Figure by figure as the ruled print."""
    from conftest import ROOT

    def figures(name):
        report = read_file(ROOT / "tests" / "data" / name).reports[0]
        return {(t.kind, f.row.key, f.column, f.value, f.page) for t in report.tables for f in t.figures}

    expected = figures(ruled)
    assert figures(other) == expected and len(expected) in (40, 186)
    if "c1b" in ruled:
        assert {c for _, _, c, _, _ in expected} >= {"基本支出", "基本支出/人员经费", "基本支出/公用经费"}
    else:
        assert {p for *_, p in expected} == {2, 3}


def test_a_unit_printed_on_the_cover_only_a_missing_unit_and_a_file_of_tables_only():
    """Chromium prints of the example 支出决算表: with （金额单位：元） on the cover and no unit line (its figures in 元,
    was: 万元, ten thousand times too much); with no unit anywhere (万元, with a warning naming the page); with no
    cover, titled 2024年度支出决算表, read with --department and --year (a 决算 from its title, was: a 预算)."""
    from conftest import ROOT

    data = ROOT / "tests" / "data"
    covered = read_file(data / "chromium-unit-on-cover.pdf").reports[0].table("expenditure")
    assert covered.unit == "元" and {str(f.value) for f in covered.figures} >= {"17178500.00", "5079700.00"}
    bare = read_file(data / "chromium-no-unit.pdf")
    assert bare.reports[0].table("expenditure").unit == "万元"
    assert [w for w in bare.warnings if "page 2: 支出决算表 names no unit" in w]
    untitled = read_file(data / "chromium-no-cover.pdf", department="示例市示例局", year=2024).reports[0]
    assert (untitled.department, untitled.year, untitled.document) == ("示例市示例局", 2024, "决算")
    assert len(untitled.table("expenditure").figures) == 24
    assert read_file(data / "chromium-no-cover.pdf").reports[0].name == untitled.name  # 编制单位：X, 2024年度…决算表


@pytest.mark.parametrize(("cover", "lines", "orgs"), [
    ("示例市示例局\n二〇二四年度部门决算", [], []),  # a year in Chinese numerals
    ("", ["2024年度支出决算表", "编制单位：示例市示例局 单位：万元"], ["示例市示例局"]),  # no cover: the title's year
])
def test_who_and_when_from_a_cover_in_chinese_numerals_or_from_a_titles_year(cover, lines, orgs):
    from coakg.identity import Identity, identify

    assert identify(cover, lines, orgs) == Identity("示例市示例局", 2024, "决算")


def test_the_year_of_a_file_of_tables_only_is_the_year_it_prints_most():
    """北京 (医疗保障局, 水务局): tables only, no cover; a project's text names 2025年部门预算 (绩效服务尾款) while the
    tables and targets print 2026 throughout: the budget is 2026's."""
    from coakg.identity import Identity, identify

    lines = ["预算01表 收支总表", "金额单位：万元", "经济成本指标 2025年部门预算绩效服务尾款成本＝10.7万元",
             *[f"经济成本指标 2026年项目{n}成本" for n in range(5)], "支付2025年-2026年项目中期款"]
    assert identify("预算01表 收支总表", lines, ["北京市水务局"]) == Identity("北京市水务局", 2026, "预算")
    # a year named once and printed about as often as another stays the year named
    assert identify("", ["部门：某局", "2025年部门预算", "2026年项目"], []) == Identity("某局", 2025, "预算")


def test_a_department_name_keeps_its_own_brackets_and_loses_stray_ones():
    """上海市财政局's unit: 上海市财务会计综合管理事务中心（上海市财政科学研究所） keeps its closing bracket (was cut off,
    so that one department had two names); a stray bracket or full stop, and the scope （本级）, go."""
    from coakg.identity import _clean

    assert _clean("上海市财务会计综合管理事务中心（上海市财政科学研究所）") == "上海市财务会计综合管理事务中心（上海市财政科学研究所）"
    assert [_clean(n) for n in ("（某市某局", "某市某局）", "某市某局.", "某市某局（本级）")] == ["某市某局"] * 4


def test_a_title_wrapped_over_two_lines_names_its_table():
    """西安 (宣传部 2021): 一般公共预算支出明细表（按支出功能分类科 / 目-不含上年结转）; a title on one line still wins."""
    from coakg.pdf_reader import _title

    kind, title = _title(["表5", "2021年部门综合预算一般公共预算支出明细表（按支出功能分类科", "目-不含上年结转）", "单位：元"])
    assert kind is not None and kind.key == "general-budget" and title.endswith("目-不含上年结转）")
    kind, title = _title(["2021年部门综合预算一般公共预算拨款“三公”经费及", "会议费、培训费支出预算表（不含上年结转）", "单位：元"])
    assert kind is not None and kind.key == "sangong"  # 民政 2021: its second line alone would name a 支出预算表
    kind, title = _title(["2026年预算单位财政拨款收支预算总表编制单位：上海市自然资源确权登记事务中心单位：元", "项目预算数"])
    assert kind is not None and kind.key == "fiscal-summary" and title == "2026年预算单位财政拨款收支预算总表"
    kind, title = _title(["部门专项业务经费绩效目标表", "(2026年度)"])
    assert kind is not None and kind.key == "performance" and title == "部门专项业务经费绩效目标表"


def test_a_table_goes_on_over_a_page_printed_a_little_sideways():
    """西安 (人社 2020): a continuation page without header whose columns all stand 4 pt to the right of the page
    before continues the table (was: not read); columns that do not move alike do not."""
    from coakg.layout import Grid, PrintedTable
    from coakg.pdf_reader import _columns_into

    before = PrintedTable(None, Grid("表5", None, 33, None, tuple("abcdefg")), None, [53, 126, 408, 475, 553, 621, 713])
    assert _columns_into(before, [57, 129, 412, 479, 556, 624, 716], 7) == list(range(7))
    assert _columns_into(before, [57, 129, 300, 479, 556, 624, 716], 7) is None
    assert _columns_into(before, [e + 200 for e in before.edges], 7) is None  # another table, not a page moved


def test_a_table_of_contents_listing_the_titles_is_no_first_report():
    """A 目录 that lists the tables by title, without dot leaders or page numbers (长沙), and the tables themselves: one
    report (was: a phantom first report of empty tables, the real ones filed under 第2份报表)."""
    from coakg.layout import Grid, GridRow, PrintedTable
    from coakg.reader import _reports
    from coakg.tables import catalogue

    def table(title: str, page: int, rows: list[tuple[str, ...]]) -> PrintedTable:
        grid = Grid(title, "万元", page, None, ("项目", "预算数"), [GridRow(r, page, None) for r in rows])
        return PrintedTable(catalogue().classify_title(title), grid, None, [])

    contents = [table("收支总表", 2, [("一、收入总表", ""), ("二、支出总表", "")]), table("收入总表", 2, [])]
    tables = [table("收支总表", 3, [("一般公共预算拨款收入", "1,234.56")]), table("收入总表", 4, [("合计", "1,234.56")])]
    assert [len(g) for g in _reports(contents + tables)] == [4]
    assert [len(g) for g in _reports(tables + tables)] == [2, 2]  # a summary printed again with figures: two


def test_who_and_when_printed_only_in_the_performance_table():
    """北京军民融合: the tables name neither department nor year; its 部门整体支出绩效目标表 prints 2026（年度） above
    部门名称 X (was: refused, asking for --department and --year)."""
    from coakg.identity import identify

    lines = ["预算01表 收支总表", "金额单位：万元", "预算13表 部门整体支出绩效目标表", "2026（年度）",
             "部门名称 中共北京市委军民融合发展委员会办公室"]
    who = identify("预算01表 收支总表", lines, [])
    assert who is not None and (who.department, who.year, who.document) == ("中共北京市委军民融合发展委员会办公室", 2026, "预算")


def test_a_font_declaring_a_descent_of_a_whole_em_has_its_boxes_set_from_the_baseline():
    """重庆商务 表四: the figures' font declares a descent of about an em, so that 99,320.55 stood a line below its
    name, both on baseline 350 (the table was skipped, its figures in the rows below theirs). A usual box stays."""
    from types import SimpleNamespace

    from coakg.pdf_reader import _on_baselines

    def char(y0: float) -> dict:
        return {"matrix": (1.0, 0.0, 0.0, 1.0, 257.0, 350.38), "size": 10.29, "y0": y0, "y1": y0 + 10.29,
                "top": 595.339 - y0 - 10.29, "bottom": 595.339 - y0, "doctop": 595.339 - y0 - 10.29}

    low, usual = char(339.75), char(347.5)
    _on_baselines(SimpleNamespace(objects={"char": [low, usual]}))
    assert round(low["bottom"], 2) == round(595.339 - (350.38 - 0.2 * 10.29), 2) and low["bottom"] < 251.8
    assert usual["y0"] == 347.5


def test_a_figure_in_a_cell_drawn_over_two_columns_is_the_column_it_stands_in():
    """北京水务 支出总表 (p17): its 合计 row draws a cell over 部门经济科目 and 合计; 1,024,807.171785 stands in 合计
    (was: read under the code column, so the report's 本年支出合计, 基本支出 and 项目支出 were not read)."""
    from types import SimpleNamespace

    from coakg.pdf_reader import _figures_where_they_stand

    printed = "1,024,807.171785"  # its characters side by side, from 430 to 500
    width = 70 / len(printed)
    page = SimpleNamespace(chars=[{"text": t, "upright": True, "x0": 430 + k * width, "x1": 430 + (k + 1) * width,
                                   "top": 2.0, "bottom": 8.0, "doctop": 2.0} for k, t in enumerate(printed)])

    cells = [(74, 0, 200, 10), (200, 0, 300, 10), (300, 0, 400, 10), (400, 0, 510, 10), (510, 0, 600, 10)]
    table = SimpleNamespace(cells=cells, rows=[SimpleNamespace(cells=[(74, 0, 300, 10), None, (300, 0, 510, 10), None,
                                                                      (510, 0, 600, 10)])])
    raw = _figures_where_they_stand(page, table, [["合 计", "", "1,024,807.171785", "", "186,874.722488"]])
    assert raw == [["合 计", "", "", "1,024,807.171785", "186,874.722488"]]


def test_what_a_table_printed_column_wise_over_two_pages_takes_and_what_it_leaves():
    """The columns beside a table's rows on the next page, under the same title: the same rows (their names printed
    again or not), new columns; not the table printed again, nor a page of other rows."""
    from coakg.layout import Grid, GridRow, PrintedTable
    from coakg.pdf_reader import _printed_beside

    def before():
        grid = Grid("收入总表", None, 3, None, ("项目", "合计", "本年收入/小计"), last_page=3)
        grid.rows = [GridRow(("合计", "10.00", "8.00"), 3, None), GridRow(("A单位", "4.00", "3.00"), 3, None)]
        return PrintedTable(None, grid, None, [0, 100, 200])

    columns = ("项目", "其他收入", "上年结转结余/小计")
    assert _printed_beside(before(), columns, [["合计", "0.00", "2.00"], ["A单位", "", "1.00"]], 4) == [1, 2]
    assert _printed_beside(before(), columns[1:], [["0.00", "2.00"], ["", "1.00"]], 4) == [0, 1]  # no names
    assert _printed_beside(before(), columns, [["合计", "0.00", "2.00"], ["B单位", "", "1.00"]], 4) is None
    assert _printed_beside(before(), columns, [["合计", "0.00", "2.00"]], 4) is None  # other rows
    assert _printed_beside(before(), columns, [["合计", "0.00", "2.00"], ["A单位", "", "1.00"]], 5) is None
    assert _printed_beside(before(), before().grid.columns, [["合计", "1.00", "2.00"], ["A单位", "", "1.00"]], 4) is None


def test_radicals_in_a_pdfs_text_read_as_the_ideographs_they_stand_for(monkeypatch):
    """A PDF whose fonts map glyphs to radicals (the page prints 一般公共预算支出, its text reads ⼀般公共预算⽀出)
    reads as one whose fonts map them to the ideographs, by either engine: the same tables, rows and figures."""
    import pdfplumber.page
    import pypdfium2 as pdfium

    from coakg import page_objects
    from coakg.layout import IDEOGRAPHS
    from coakg.pdf_reader import read_pdf

    radicals = {ideograph: chr(cp) for cp, ideograph in IDEOGRAPHS.items() if 0x2F00 <= cp < 0x2FE0}
    expected = {engine: read_pdf(CZJ, engine) for engine in ("pdfium", "pdfminer")}

    def planted(objects: dict) -> dict:
        for c in objects.get("char", ()):
            c["text"] = radicals.get(c["text"], c["text"])
        return objects

    native, miner = page_objects.page_objects, pdfplumber.page.Page.parse_objects
    monkeypatch.setattr(page_objects, "page_objects", lambda *a: planted(native(*a)))
    monkeypatch.setattr(pdfplumber.page.Page, "parse_objects", lambda self: planted(miner(self)))
    prose = pdfium.PdfTextPage.get_text_range  # the text of the pages of prose, as PDFium extracts it
    monkeypatch.setattr(pdfium.PdfTextPage, "get_text_range",
                        lambda self, *a, **k: "".join(radicals.get(c, c) for c in prose(self, *a, **k)))
    for engine, before in expected.items():
        read = read_pdf(CZJ, engine)
        assert [t.grid.title for t in read.tables] == [t.grid.title for t in before.tables]
        assert [t.grid.rows for t in read.tables] == [t.grid.rows for t in before.tables]
        assert read.pages == before.pages
        assert read.prose == before.prose and "一般公共预算" in read.prose[21]


@pytest.mark.parametrize("algorithm", ["RC4-40", "RC4-128", "AES-128", "AES-256"])
def test_a_pdf_encrypted_for_its_owner_reads_as_the_plain_file(tmp_path, reports, algorithm):
    """A report encrypted with an owner's password only (copying and printing restricted, as many are published)
    opens without one: the same tables and figures as the file unencrypted."""
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(CZJ))
    writer.encrypt(user_password="", owner_password="owner", algorithm=algorithm, permissions_flag=-3904)
    path = tmp_path / f"{algorithm}.pdf"
    writer.write(path)
    assert b"/Encrypt" in path.read_bytes()
    read, plain = read_file(path).reports[0], reports[CZJ.name]
    assert [[(f.row.key, f.column, f.value) for f in t.figures] for t in read.tables] == [
        [(f.row.key, f.column, f.value) for f in t.figures] for t in plain.tables]
    assert value(read, "expenditure", "2010601", "本年支出合计") == "1511.89"


def test_a_pdf_that_asks_for_a_password_is_refused_saying_so(tmp_path):
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(CZJ))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    path = tmp_path / "locked.pdf"
    writer.write(path)
    with pytest.raises(ReadError, match=r"locked\.pdf: file: .*password"):
        read_file(path).reports[0]
