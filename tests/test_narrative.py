"""The prose (情况说明): what it states, read from real reports, and the checks of it against the tables and itself,
each with its error planted."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import CZJ, EXAMPLE, SEED

from coakg.check import check_report
from coakg.narrative import statements
from coakg.reader import read_file


def stated(report) -> dict[str, tuple]:
    """Each statement's words: (amount as printed, change as printed and signed, percentage signed), the first
    of each."""
    found: dict[str, tuple] = {}
    for s in report.statements:
        change = s.change
        found.setdefault(s.words, (str(s.amount.value), None if change is None else (
            str(-change.amount.value if change.falls else change.amount.value), str(change.percent))))
    return found


def narrative(report) -> list:
    return [f for f in check_report(report).findings if f.rule.startswith("narrative")]


def test_what_a_final_accounts_prose_states(reports):
    """普陀区财政局 2024 (p21, read by hand on the page image): 收入支出总计2995.39万元 … 减少56.95万元，下降1.87%;
    本年收入合计2946.25万元; 本年支出合计2940.05万元; 财政拨款收入支出总计0.3万元, where its 财政拨款收入支出决算总表
    (p12–13) prints 总计 2,961.68: the one finding on its prose."""
    r = reports[CZJ.name]
    said = stated(r)
    assert said["收入支出总计"] == ("2995.39", ("-56.95", "-1.87"))
    assert said["本年收入合计"] == ("2946.25", None)
    assert said["本年支出合计"] == ("2940.05", None)
    assert said["财政拨款收入支出总计"] == ("0.3", None)
    assert next(s.page for s in r.statements if s.words == "收入支出总计") == 21
    found = narrative(r)
    assert [(f.rule, f.location.row_label, f.location.page) for f in found] == [
        ("narrative-figure", "财政拨款收入支出总计", 21)]
    assert "0.3 万元" in found[0].message and "no such total" in found[0].message


def test_what_a_text_reports_prose_states(reports):
    """The seed (增城区政务服务数据管理局 2019): 一般公共预算财政拨款收入 5230.08 万元，比上年决算数增加 2486.9 万元，
    增长 90.66%; the whole of its prose agrees with its tables and with itself."""
    r = reports[SEED.name]
    said = stated(r)
    assert said["一般公共预算财政拨款收入"] == ("5230.08", ("2486.9", "90.66"))
    assert said["收支总计"][0] == "5230.08"  # 收、支总计
    assert said["三公经费财政拨款支出决算"] == ("1.41", None)
    assert next(s.line for s in r.statements if s.words == "三公经费财政拨款支出决算") == 1279
    assert narrative(r) == []


def _example(tmp_path, old: str, new: str):
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "示例.txt"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return read_file(path).reports[0]


def test_the_examples_prose_agrees_with_its_tables():
    assert narrative(read_file(EXAMPLE).reports[0]) == []


@pytest.mark.parametrize(("old", "new", "rule", "words"), [
    # a key figure stated other than its tables print it (120.00)
    ("本年收入合计 120.00 万元", "本年收入合计 12.00 万元", "narrative-figure", "本年收入合计"),
    ("“三公”经费财政拨款支出决算为 2.50 万元，比上年减少 0.50 万元，下降 16.67%", "“三公”经费财政拨款支出决算为 2.60 万元",
     "narrative-figure", "三公经费财政拨款支出决算"),
    # a key figure stated as a figure its tables print elsewhere, or as nothing
    ("其中：一般公共预算财政拨款收入 120.00 万元", "其中：一般公共预算财政拨款收入 90.00 万元", "narrative-figure",
     "一般公共预算财政拨款收入"),
    ("其中：一般公共预算财政拨款收入 120.00 万元", "其中：一般公共预算财政拨款收入 0.00 万元", "narrative-figure",
     "一般公共预算财政拨款收入"),
    # a change of 20.00 on 100.00 is 20%
    ("增长 20.00%", "增长 25.00%", "narrative-change", "收入支出总计"),
    # a fall stated as a rise
    ("减少 0.50 万元，下降 16.67%", "减少 0.50 万元，增长 16.67%", "narrative-change", "三公经费财政拨款支出决算"),
])
def test_an_error_planted_in_the_prose_is_found(tmp_path, old, new, rule, words):
    found = narrative(_example(tmp_path, old, new))
    assert [(f.rule, f.location.row_label, f.location.line) for f in found] == [(rule, words, found[0].location.line)]
    assert found[0].location.line > 100  # the line of its sentence, in the prose after the tables


def test_the_rounding_the_prose_may_use_is_no_finding(tmp_path):
    """A stated amount within one unit of its last decimal (120.0 is 120.00; 119.9 cut from 119.96 would be too),
    and a percentage cut after its last decimal (20.0% of 20.00 on 100.00; 23.9% for 23.998%), agree."""
    assert narrative(_example(tmp_path, "本年收入合计 120.00 万元", "本年收入合计 120 万元")) == []
    assert narrative(_example(tmp_path, "本年收入合计 120.00 万元", "本年收入合计 119.9 万元")) == []
    assert narrative(_example(tmp_path, "本年收入合计 120.00 万元", "本年收入合计 119.8 万元"))
    assert narrative(_example(tmp_path, "增长 20.00%", "增长 20%")) == []
    cut = _example(tmp_path, "增加 20.00 万元，增长 20.00%", "增加 23.998 万元，增长 31.5%")  # 23.998/96.002 = 24.997%
    assert [f.rule for f in narrative(cut)] == ["narrative-change"]
    cut = _example(tmp_path, "增加 20.00 万元，增长 20.00%", "增加 23.20 万元，增长 23.9%")  # 23.20/96.80 = 23.967%
    assert narrative(cut) == []


def test_statements_of_a_page():
    """Headings printed as lines of their own, numbering, a page's number, who states it and the year are no part of
    what names an amount; a change belongs to the amount before it in its sentence, or in the sentence before when
    its sentence begins with a comparison, never to an amount of another sentence otherwise."""
    page = "\n".join([
        "一、收入支出决算总体情况说明",
        "本部门2024年度收入、支出总计均为 2,995.39 万元。与2023年度相比，收入",
        "支出总计减少56.95万元，下降1.87%。",
        "12",
        "（二）支出决算情况说明",
        "1.本年支出合计 775 万元，与上年预算数相同。",
        "2.其他支出 0",
        "万元，与上年相比减少 1,138 万元，减少 100%。",
    ])
    found = statements([(3, None, page)], ["本部门"])
    assert [(s.words, str(s.amount.value), s.change and (s.change.falls, str(s.change.amount.value),
                                                         str(s.change.percent))) for s in found] == [
        ("收入支出总计", "2995.39", (True, "56.95", "-1.87")),
        ("本年支出合计", "775", None),
        ("其他支出", "0", (True, "1138", "-100")),
    ]
    assert {s.page for s in found} == {3}
    lines = statements([(None, 10, page)], ["本部门"])
    assert [s.line for s in lines] == [11, 15, 16]


@pytest.mark.parametrize(("text", "of"), [
    ("本年支出合计100万元，其中：基本支出60万元，项目支出40万元，比上年增加10万元，增长33.33%。", "项目支出"),
    ("本年支出合计100万元，其中：基本支出60万元，项目支出40万元。比上年增加10万元，增长11.11%。", None),
    ("本年支出合计100万元，其中：基本支出60万元。与上年相比，本年支出合计增加10万元，增长11.11%。", "本年支出合计"),
    ("收入总计100万元，基本支出60万元，比上年收入总计增加10万元，增长11.11%。", "收入总计"),
    ("收入总计100万元，比上年增长11.11%（增加10万元）。", None),
])
def test_a_change_is_of_the_amount_it_follows_or_names(text, of):
    """A change is of the amount just before it, or of the one it names; a change after a list, in a sentence of its
    own that names nothing, is of none (it may be of the list's total)."""
    found = {s.words: s.change for s in statements([(1, None, text)])}
    assert [w for w, change in found.items() if change is not None] == ([of] if of else [])


def test_a_file_of_several_reports_leaves_its_prose_unread(tmp_path):
    """The prose of a file that holds a department's report and its units' is not given to any one of them."""
    text = EXAMPLE.read_text(encoding="utf-8")
    second = text[text.index("收入支出决算总表") - 10:text.index("第三部分")].replace("部门： 示例市示例局",
                                                                                 "部门： 示例市示例局第二中心")
    path = tmp_path / "两个单位.txt"
    path.write_text(text.replace("第三部分", second + "\n第三部分"), encoding="utf-8")
    reading = read_file(path)
    assert len(reading.reports) == 2 and all(r.statements == () for r in reading.reports)
    assert Decimal("120.00") in {s.amount.value for s in read_file(EXAMPLE).reports[0].statements}


@pytest.mark.parametrize("text", [
    # the year before's amount stated in the change's clause, or in a clause of its own
    "本年收入合计120.00万元，比上年决算数100.00万元增加20.00万元，增长20.00%。",
    "本年收入合计120.00万元，上年为100.00万元，增加20.00万元，增长20.00%。",
    "本部门2024年度收入总计120.00万元，2023年度收入总计100.00万元，增加20.00万元，增长20.00%。",
    "“三公”经费财政拨款支出决算为2.50万元，比年初预算3.00万元减少0.50万元，下降16.67%。",
    # a change after a list, of its total as its percentage shows
    "本年支出合计120.00万元，其中：基本支出90.00万元，项目支出30.00万元，比上年增加20.00万元，增长20.00%。",
    # a change of nothing says no fall
    "“三公”经费财政拨款支出决算为2.50万元，比上年减少0.00万元，下降0.10%。",
    # full-width figures
    "本年收入合计１２０．００万元，比上年增加２０．００万元，增长２０．００％。",
])
def test_prose_that_agrees_is_no_finding(tmp_path, text):
    """Sentences whose figures agree, however they name the year before's amount (review of the prose check):
    none is a finding, and no amount of another year is a statement of the report."""
    report = _example(tmp_path, "本年收入合计 120.00 万元，其中：一般公共预算财政拨款收入 120.00 万元，占 100.00%。", text)
    assert narrative(report) == []
    assert "100.00" not in {str(s.amount.value) for s in report.statements}


@pytest.mark.parametrize("pages", [
    [(21, None, "本部门2024年度收入支出总计2,9"), (22, None, "95.39万元，与2023年度相比减少56.95万元，下降1.87%。")],
    [(21, None, "本部门2024年度收入支出总计2,9\n上海市普陀区财政局2024年度部门决算\n95.39万元，减少56.95万元，下降1.87%。")],
])
def test_a_figure_cut_by_a_page_is_no_statement(pages):
    """A figure a page break or a running header cuts in two is named by nothing, or by figures: no statement, and
    no change is given to it."""
    assert [s for s in statements(pages, ["本部门"], 2024) if s.change is not None] == []


def test_a_figure_cut_by_a_pages_number_is_read_whole():
    """A page's number alone on its line (12, - 12 -, 第12页, 12/30) is left out: the figure it cut reads whole."""
    for number in ("12", "- 12 -", "第12页", "12/30"):
        found = statements([(21, None, f"本部门2024年度收入支出总计2,9\n{number}\n95.39万元。")], ["本部门"], 2024)
        assert [(s.words, str(s.amount.value)) for s in found] == [("收入支出总计", "2995.39")], number


def test_hostile_prose_neither_crashes_nor_finds(tmp_path):
    """Figures of nothing (a change of 0 on 0, stated as 200%), and numbers no report prints (a million digits)."""
    report = _example(tmp_path, "本年收入合计 120.00 万元，其中：", "本年收入合计0.00万元，比上年减少0万元，下降200%。其中：")
    # 本年收入合计 is 120.00 in the tables; a change of nothing on nothing has no percentage to check
    assert [f.rule for f in narrative(report)] == ["narrative-figure"]
    huge = statements([(1, None, "本年收入合计" + "9" * 1_000_001 + "万元，比上年增加1万元，增长1%。")])
    assert huge == ()


def test_either_engine_reads_the_same_prose():
    """PDFium extracts a page of prose whole; pdfminer's characters (a file PDFium cannot open) are put in lines by
    their baselines, a figure in another font standing on its line: both read the same statements."""
    from coakg.pdf_reader import read_pdf
    from coakg.reader import _stated

    read = {}
    for engine in ("pdfium", "pdfminer"):
        pdf = read_pdf(CZJ, engine)
        pages = [(n, None, text or pdf.prose.get(n, "")) for n, text in enumerate(pdf.pages, 1)]
        read[engine] = [(s.words, s.amount, s.change, s.page) for s in _stated(pages, "上海市普陀区财政局", 2024)]
    assert read["pdfium"] == read["pdfminer"] and len(read["pdfium"]) == 8
