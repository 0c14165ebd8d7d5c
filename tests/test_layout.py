"""Reading a grid of printed cells, generically: small hand-made grids for each layout the corpus shows."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from coakg.check import check_report
from coakg.errors import ReadError
from coakg.layout import Grid, GridRow, interpret, units_in_headers
from coakg.model import Report, Source
from coakg.tables import catalogue

SOURCE = "grid.pdf"


def grid(columns: list[str], rows: list[list[str]], title: str = "支出总表") -> Grid:
    return Grid(title, "万元", 1, None, tuple(columns), [GridRow(tuple(r), 1, None) for r in rows])


def read(g: Grid, kind: str = "expenditure", phase: str = "预算", year: int = 2026):
    return interpret(g, catalogue().kind(kind), SOURCE, phase, year)


def cells(table) -> dict[tuple[str, str], str]:
    return {(f.row.key, f.column): str(f.value) for f in table.figures}


def report(*tables, phase: str = "预算") -> Report:
    return Report("示例局", 2026, phase, Source("x.pdf", "0" * 64, "application/pdf"), tuple(tables))


def test_split_codes_continue_the_code_above():
    """类/款/项 in columns of their own, each row printing only its own segment (烟台)."""
    t = read(grid(["科目编码/类", "科目编码/款", "科目编码/项", "科目名称", "合计", "基本支出", "项目支出"], [
        ["", "", "", "合 计", "1,378.84", "854.84", "524.00"],
        ["201", "", "", "一般公共服务支出", "1,378.84", "854.84", "524.00"],
        ["", "40", "", "信访事务", "1,378.84", "854.84", "524.00"],
        ["", "", "01", "行政运行", "507.97", "507.97", ""],
        ["", "", "50", "事业运行", "346.87", "346.87", ""],
    ]))
    got = cells(t)
    assert got[("2014050", "基本支出")] == "346.87" and got[("20140", "本年支出合计")] == "1378.84"
    assert ("2014001", "项目支出") not in got  # a blank cell stays blank
    assert got[("合计", "项目支出")] == "524.00"
    findings = check_report(report(t)).findings
    assert {(f.rule, f.location.row_code, f.location.column) for f in findings} == {
        ("hierarchy-sum", "20140", "项目支出"), ("hierarchy-sum", "20140", "本年支出合计")}


def test_a_department_code_with_its_units_codes_is_not_a_classification():
    """A table of units (无锡人社局 2026 收入总表): the department printed as 309 and its units as 309001 …; 309 looks
    like the economic class 309 but its longer codes fit no classification, so it names an item, as its units do.
    A 类 printed with its 款 stays a code."""
    t = read(grid(["单位编码", "单位名称", "本年收入合计", "一般公共预算财政拨款", "其他收入"], [
        ["", "合计", "154,121.76", "152,585.76", "1,536.00"],
        ["309", "无锡市人力资源和社会保障局", "154,121.76", "152,585.76", "1,536.00"],
        ["309001", "无锡市人力资源和社会保障局（本级）", "6,810.48", "6,810.48", ""],
        ["309005", "无锡市社会保险基金管理中心", "118,788.13", "117,252.13", "1,536.00"],
    ], title="收入总表"), kind="income")
    rows = {f.row.key: f.row.scheme for f in t.figures}
    assert rows == {"合计": "item", "309｜无锡市人力资源和社会保障局": "item", "309001｜无锡市人力资源和社会保障局（本级）": "item",
                    "309005｜无锡市社会保险基金管理中心": "item"}
    t = read(grid(["科目编码", "科目名称", "合计"], [
        ["301", "工资福利支出", "10.00"], ["30101", "基本工资", "10.00"], ["30101001", "某项目", "10.00"]],
        title="基本支出表"), kind="basic-expenditure")
    assert {f.row.key: f.row.scheme for f in t.figures}["301"] == "economic"
    t = read(grid(["编码", "名称", "合计"], [  # a class printed by its name with its projects' codes
        ["201", "一般公共服务支出", "10.00"], ["201001", "某项目", "10.00"]], title="项目支出表"), kind="expenditure")
    assert {f.row.key: f.row.scheme for f in t.figures}["201"] == "function"
    t = read(grid(["编码", "名称", "合计"], [  # a project-library code that begins with a class's digits
        ["310", "资本性支出", "10.00"], ["310000241000000012345", "某项目", "10.00"]], title="基本支出表"),
        kind="basic-expenditure")
    assert {f.row.key: f.row.scheme for f in t.figures}["310"] == "economic"


def test_code_and_name_in_one_cell_and_codes_side_by_side():
    """`2080201-行政运行` with its 政府 and 部门 economic codes beside it (北京): the codes together name the row."""
    t = read(grid(["支出功能分类科目", "政府支出经济分类科目", "部门支出经济分类科目", "合计", "基本支出", "项目支出"], [
        ["2080201-行政运行", "50201-办公经费", "30201-办公费", "121.700000", "121.700000", ""],
        ["2080201-行政运行", "50201-办公经费", "30206-电费", "9.500000", "9.500000", ""],
        ["[2010301]行政运行", "", "", "5.000000", "", "5.000000"],
    ]))
    keys = {f.row.key: f.row for f in t.figures}
    assert set(keys) == {"2080201+50201+30201", "2080201+50201+30206", "2010301"}
    assert keys["2080201+50201+30206"].scheme == "combination" and keys["2080201+50201+30206"].label == "行政运行"
    assert keys["2010301"].scheme == "function" and cells(t)[("2010301", "项目支出")] == "5.000000"


def test_a_summary_whose_names_overflow_into_figure_cells_and_headers_into_each_other():
    """西安 2019 收支总表: the end of a name printed into the figure's cell (出 2,022.39, ） 104.31, or alone: ）), the
    first row named with its numbering and no figure (一、部门预算), and a 预算数 header printed over by the end of the
    header beside it (部门预预算算数支)."""
    g = grid(["收入/项目", "收入/预算数", "支出/部门预算支出经济分类科目（按大类）", "支出/部门预预算算数支",
              "支出/政府预算支出经济分类科目（按大类）", "支出/预算数"], [
        ["一、部门预算", "", "一、部门预算", "", "一、部门预算", ""],
        ["1、财政拨款", "3,643.37", "1、人员经费和公用经费支", "出 2,022.39", "3、机关资本性支出（一", "） 104.31"],
        ["2、上级补助收入", "", "(3)对个人和家庭的补", "助", "4、机关资本性支出（二", "）"],
    ], title="收支总表")
    t = read(g, kind="summary")
    assert cells(t) == {("收入/财政拨款", "预算数"): "3643.37", ("支出/人员经费和公用经费支出", "预算数"): "2022.39",
                        ("支出/机关资本性支出（一）", "预算数"): "104.31"}  # each name whole again


def test_economic_classes_named_without_their_codes_in_a_basic_expenditure_table():
    """杭州 基本支出预算表: 工资福利支出, then its 款 by name, all without codes: the 类 are the economic classes (a
    summary's 支出 half keeps reading class names as function classes only)."""
    t = read(grid(["经济分类科目名称", "合计"], [
        ["合计", "70,724.29"], ["工资福利支出", "55,121.30"], ["基本工资", "6,878.71"],
        ["商品和服务支出", "11,442.57"], ["维修(护)费", "570.68"], ["资本性支出", "260.34"],
    ], title="一般公共预算基本支出预算表"), kind="basic-expenditure")
    rows = {f.row.key: f.row.scheme for f in t.figures}
    assert rows == {"合计": "item", "301": "economic", "基本工资": "item", "302": "economic", "维修(护)费": "item",
                    "310": "economic"}


def test_a_last_row_printed_without_its_name_is_the_total():
    """北京 收入总表 (军民融合 2026): the units' rows by code, then a row of bold figures with no name: the 合计."""
    t = read(grid(["单位编码", "合计", "本年收入/小计"], [
        ["015", "9,151.309668", "9,142.554971"], ["015001", "8,316.350430", "8,308.519733"],
        ["015002", "834.959238", "834.035238"], ["", "9,151.309668", "9,142.554971"],
    ], title="收入总表"), kind="income")
    assert cells(t)[("合计", "本年收入合计")] == "9151.309668"


def test_what_the_long_tail_rules_leave_alone():
    """The rules of issue 21 are bounded (review): a figure in brackets, or followed by a note's number, or a year
    before it, is no name's overflow (an error, as before); two digits after a 款 are not read as a 款; an
    unnamed last row is no total where the table names its total; 其中 is no name's end."""
    for figure in ("(2.00)", "10.00(1)", "1,234.00(注1)", "2026年1.5"):
        with pytest.raises(ReadError):
            read(grid(["项目", "合计"], [["合计", "5.00"], ["一般公共服务支出", figure]], title="收入总表"), kind="income")
    t = read(grid(["科目编码", "科目名称", "合计"], [
        ["201", "一般公共服务支出", "3.00"], ["10", "人力资源事务", "3.00"], ["01", "行政运行", "3.00"],
    ], title="一般公共预算支出表"), kind="general-budget")
    assert {f.row.key for f in t.figures} == {"201", "20110", "01行政运行"}
    with pytest.raises(ReadError):
        read(grid(["单位编码", "合计"], [["合计", "9.00"], ["015001", "4.00"], ["", "5.00"]], title="收入总表"),
             kind="income")
    t = read(grid(["科目", "合计"], [["2010101行政运行", "3.00"], ["其中2010102一般行政管理事务", "1.00"]],
                  title="一般公共预算支出表"), kind="general-budget")
    assert {f.row.key: f.row.label for f in t.figures}["2010101"] == "行政运行"


def test_a_kuan_printed_as_its_own_two_digits_under_its_class():
    """西安 2019–2021: a 款 row prints only its own digits (10 人力资源事务 under 201), its 项 in full."""
    t = read(grid(["功能科目编码", "功能科目名称", "合计"], [
        ["", "合计", "56.52"], ["201", "一般公共服务支出", "56.52"], ["10", "人力资源事务", "56.52"],
        ["2011007", "博士后日常经费", "7"], ["2011004", "政府特殊津贴", "49.52"],
        ["205", "教育支出", "3.00"], ["3", "职业教育", "3.00"], ["2050303", "技校教育", "3.00"],
    ], title="一般公共预算支出表"), kind="general-budget")
    assert {f.row.key: str(f.value) for f in t.figures if f.row.key in ("20110", "20503")} == {
        "20110": "56.52", "20503": "3.00"}
    assert {f.row.label for f in t.figures if f.row.key == "20110"} == {"人力资源事务"}


def test_the_end_of_a_name_overflowing_into_the_row_below_goes_back_to_its_row():
    """北京水务: 水利工程运行与维护 and 其他对个人和家庭的补助 wrap, and their last character is read before the codes of
    the row below (护2130306-水利工程运行与维, 助50205-委托业务费): each returns to the name it ends."""
    t = read(grid(["支出功能分类科目", "政府支出经济分类科目", "部门支出经济分类科目", "合计", "基本支出", "项目支出"], [
        ["2130306-水利工程运行与维", "50999-其他对个人和家庭的补", "30399-其他对个人和家庭的补", "1.000000", "1.000000", ""],
        ["护2130306-水利工程运行与维", "助50205-委托业务费", "助30227-委托业务费", "2.000000", "", "2.000000"],
        ["护2130306-水利工程运行与维", "50403-公务用车购置", "30913-公务用车购置", "3.000000", "", "3.000000"],
        ["护", "", "", "", "", ""],
    ]))
    rows = {f.row.key: f.row for f in t.figures}
    assert set(rows) == {"2130306+50999+30399", "2130306+50205+30227", "2130306+50403+30913"}
    assert {r.label for r in rows.values()} == {"水利工程运行与维护"}
    assert rows["2130306+50999+30399"].names == ("水利工程运行与维护", "其他对个人和家庭的补助", "其他对个人和家庭的补助")
    assert rows["2130306+50205+30227"].names == ("水利工程运行与维护", "委托业务费", "委托业务费")


def test_column_numbers_integers_dashes_negatives_and_a_spilled_character():
    t = read(grid(["项目", "栏次", "2025年预算数", "2026年预算数", "增减"], [
        ["栏次", "", "1", "2", "3"],
        ["合计", "1", "156,211,123", "-", "-58.69"],
        ["工资福利支出", "2", "0", "支2947399.16", ""],
    ], title="收支总表"), kind="other")
    got = cells(t)
    assert got == {("合计", "上年预算数"): "156211123", ("合计", "增减"): "-58.69",
                   ("工资福利支出", "上年预算数"): "0", ("工资福利支出", "预算数"): "2947399.16"}


def test_a_figure_beyond_what_decimal_arithmetic_keeps_exact_is_a_located_error():
    """A figure of 10^20 or more, or with more than 18 decimals, would make a store's sums overflow or round (query
    totals printed null): refused where it is printed (issue 24); the largest figures keep."""
    for figure in ("100,000,000,000,000,000,000.00", "1.0000000000000000001"):
        with pytest.raises(ReadError) as exc:
            read(grid(["项目", "合计"], [["合计", figure]], title="收入总表"), kind="income")
        assert exc.value.where == "page 1" and "xsd:decimal" in exc.value.expected
    t = read(grid(["项目", "合计"], [["合计", "99,999,999,999,999,999,999.999999"]], title="收入总表"), kind="income")
    assert cells(t) == {("合计", "本年收入合计"): "99999999999999999999.999999"}


def test_a_figure_that_does_not_parse_is_a_located_error():
    with pytest.raises(ReadError) as exc:
        read(grid(["科目编码", "科目名称", "合计"], [["201", "一般公共服务支出", "12.3.4"]]))
    assert exc.value.where == "page 1" and "12.3.4" in exc.value.expected


def test_a_row_printed_again_on_a_continuation_page_is_one_row():
    t = read(grid(["科目编码", "科目名称", "合计"], [
        ["合计", "", "10.00"], ["201", "一般公共服务支出", "10.00"], ["合计", "", "10.00"]]))
    assert sorted(cells(t).items()) == [(("201", "本年支出合计"), "10.00"), (("合计", "本年支出合计"), "10.00")]


def test_header_identities_and_what_they_leave_out():
    """A 合计/小计 column = Σ the columns beside it; a subset (扣除…) or a comparison (上年) adds nothing."""
    t = read(grid(["科目编码", "科目名称", "合计", "基本支出/小计", "基本支出/人员经费", "基本支出/公用经费",
                   "项目支出/项目支出总数", "项目支出/扣除基建项目后预算数"], [
        ["201", "一般公共服务支出", "10.00", "7.00", "5.00", "2.00", "3.00", "1.00"],
    ]), kind="general-budget")
    assert check_report(report(t)).findings == ()
    broken = read(grid(["科目编码", "科目名称", "合计", "基本支出/小计", "基本支出/人员经费", "基本支出/公用经费",
                        "项目支出/项目支出总数", "项目支出/扣除基建项目后预算数"], [
        ["201", "一般公共服务支出", "10.00", "7.00", "5.00", "2.10", "3.00", "1.00"],
    ]), kind="general-budget")
    found = {(f.rule, f.location.column, str(f.actual), str(f.expected)) for f in check_report(report(broken)).findings}
    assert found == {("column-identity", "基本支出", "7.00", "7.10")}


def test_sangong_stage_under_each_item_and_a_total_of_sangong_only():
    """预算数/决算数 printed under each item (2024 决算); 会议费 and 培训费 beside a “三公”经费合计 are no part of it."""
    t = read(grid(["合计/预算数", "合计/决算数", "因公出国（境）费/预算数", "因公出国（境）费/决算数",
                   "公务接待费/预算数", "公务接待费/决算数"], [["2.85", "0.39", "2.00", "0.00", "0.85", "0.39"]],
                  title="财政拨款“三公”经费支出决算表"), kind="sangong", phase="决算", year=2024)
    assert cells(t)[("三公经费", "决算数/公务接待费")] == "0.39"
    assert [f for f in check_report(report(t, phase="决算")).findings if f.rule != "missing-table"] == []
    wuxi = read(grid(["“三公”经费合计", "因公出国（境）费", "公务接待费", "公务用车购置及运行维护费/小计",
                      "公务用车购置及运行维护费/公务用车购置费", "公务用车购置及运行维护费/公务用车运行维护费",
                      "会议费", "培训费"], [["1.50", "0.00", "0.00", "1.50", "0.00", "1.50", "0.44", "16.20"]],
                     title="一般公共预算“三公”经费、会议费、培训费支出表"), kind="sangong")
    assert cells(wuxi)[("三公经费", "预算数/合计")] == "1.50"
    assert check_report(report(wuxi)).findings == ()


def test_a_sangong_header_whose_first_character_is_printed_into_the_cell_before_it():
    """西安应急 2019: 公务用车购置及运行维护 printed as 务用车购置及运行维护 beside 公公务接待费, over 公务用车购置经费 and
    公务用车运行维护 (the publisher's words, in the catalogue): the vehicle columns are the catalogue's (were kept as
    printed, so the report's 公务用车 key figures were not found)."""
    sg = "一般公共预算拨款安排的“三公”经费预算"
    t = read(grid([f"2019年/{sg}/小计", f"2019年/{sg}/公公务接待费", f"2019年/{sg}/务用车购置及运行维护/小计",
                   f"2019年/{sg}/务用车购置及运行维护/公务用车购置经费",
                   f"2019年/{sg}/务用车购置及运行维护/公务用车运行维护"],
                  [["28.38", "4.38", "24.00", "", "24.00"]], title="一般公共预算拨款“三公”经费支出预算表"),
             kind="sangong", year=2019)
    got = cells(t)
    assert got[("三公经费", "预算数/公务接待费")] == "4.38"
    assert got[("三公经费", "预算数/公务用车购置及运行费")] == got[("三公经费", "预算数/公务用车运行费")] == "24.00"
    assert check_report(report(t)).findings == ()


def test_sangong_total_beside_meetings_and_training_and_the_grand_total():
    """西安 2026: under each stage a 合计 of everything, then “三公”经费预算 with its own 小计, then 会议费 and 培训费. The
    三公 小计 is the table's 合计 (81,000.00); the 合计 printed beside it is the 总计 (913,900.00); 增减变化情况 is a
    stage of its own. Every column identity still holds."""
    sg = "一般公共预算拨款安排的“三公”经费预算"
    car = f"{sg}/公务用车购置及运行维护费"
    columns = [f"{stage}/{c}" for stage in ("当年", "增减变化情况") for c in (
        "合计", f"{sg}/小计", f"{sg}/因公出国（境）费用", f"{sg}/公务接待费", f"{car}/小计", f"{car}/公务用车购置费",
        f"{car}/公务用车运行维护费", "会议费", "培训费")]
    t = read(grid(["单位编码", "单位名称", *columns], [
        ["", "合计", "913,900.00", "81,000.00", "", "15,000.00", "66,000.00", "", "66,000.00", "57,900.00",
         "775,000.00", "395,500.00", "-12,000.00", "", "-3,000.00", "-9,000.00", "", "-9,000.00", "-72,100.00",
         "479,600.00"],
    ], title="部门综合预算一般公共预算拨款“三公”经费及会议费、培训费支出预算表"), kind="sangong")
    got = cells(t)
    assert got[("合计", "预算数/合计")] == "81000.00" and got[("合计", "预算数/总计")] == "913900.00"
    assert got[("合计", "预算数/公务用车购置及运行费")] == got[("合计", "预算数/公务用车运行费")] == "66000.00"
    assert got[("合计", "预算数/培训费")] == "775000.00" and got[("合计", "增减/合计")] == "-12000.00"
    assert {catalogue().slug(c) for _, c in got} >= {"sangong-budget-total", "sangong-budget-grand-total",
                                                    "sangong-budget-meetings", "sangong-change-total"}
    assert check_report(report(t)).findings == ()
    broken = read(grid(["单位编码", "单位名称", *columns[:9]], [
        ["", "合计", "913,900.00", "81,000.00", "", "15,000.00", "66,000.00", "", "66,000.00", "57,900.00",
         "775,100.00"]], title="一般公共预算拨款“三公”经费及会议费、培训费支出预算表"), kind="sangong")
    found = {(f.rule, f.location.column, str(f.actual), str(f.expected)) for f in check_report(report(broken)).findings}
    assert found == {("column-identity", "预算数/总计", "913900.00", "914000.00")}


def test_sangong_items_printed_as_rows_are_keyed_by_item():
    """广州 2026: the 三公 items are rows (其中：（一）因公出国（境）支出 …), the funding sources columns; each row is keyed
    by its item, as a 三公 table that prints the items as columns names them."""
    t = read(grid(["项目", "合计", "一般公共预算", "政府性基金预算"], [
        ["行政经费", "13,674.34", "13,674.34", "0.00"],
        ["“三公”经费", "378.87", "378.87", "0.00"],
        ["其中：（一）因公出国（境）支出", "20.00", "20.00", "0.00"],
        ["（二）公务用车购置及运行维护支出", "346.67", "346.67", "0.00"],
        ["1.公务用车购置费", "36.00", "36.00", "0.00"],
        ["2.公务用车运行维护费", "310.67", "310.67", "0.00"],
        ["（三）公务接待费支出", "12.20", "12.20", "0.00"],
    ], title="财政拨款安排的行政经费及“三公”经费预算表"), kind="sangong")
    got = cells(t)
    assert {k for k, c in got if c == "预算数/合计"} == {"行政经费", "三公经费", "因公出国（境）费", "公务用车购置及运行费",
                                                      "公务用车购置费", "公务用车运行费", "公务接待费"}
    assert got[("公务用车运行费", "预算数/合计")] == "310.67"
    assert {f.row.label for f in t.figures if f.row.key == "因公出国（境）费"} == {"其中：（一）因公出国（境）支出"}


def test_rows_of_one_unit_under_a_unit_printed_once():
    """深圳 2026 三公: each 预算单位 printed on its first row only (2025年), its other rows (2026年, 增减变化金额) left blank
    in the unit column; every row is keyed with its unit, so two units' rows with the same figures stay two rows."""
    t = read(grid(["预算单位", "年度", "总计/一般公共预算", "因公出国(境)费/一般公共预算"], [
        ["深圳市人力资源和社会保障局", "2025年", "179.23", "1.40"],
        ["", "2026年", "299.23", "120.20"],
        ["", "增减变化金额", "120.00", "118.80"],
        ["深圳市人力资源和社会保障数据管理中心", "2025年", "0.00", "0.00"],
        ["", "2026年", "0.00", "0.00"],
        ["深圳鹏城技师学院", "2025年", "0.00", "0.00"],
        ["", "2026年", "0.00", "0.00"],
    ], title="财政拨款“三公”经费支出表"), kind="sangong")
    keys = list(dict.fromkeys(f.row.key for f in t.figures))
    assert keys == ["深圳市人力资源和社会保障局｜2025年", "深圳市人力资源和社会保障局｜2026年",
                    "深圳市人力资源和社会保障局｜增减变化金额", "深圳市人力资源和社会保障数据管理中心｜2025年",
                    "深圳市人力资源和社会保障数据管理中心｜2026年", "深圳鹏城技师学院｜2025年", "深圳鹏城技师学院｜2026年"]
    assert {f.row.label for f in t.figures if f.row.key.endswith("2026年")} == {"2026年"}
    assert len(t.figures) == 14


def test_a_summary_printed_in_four_halves():
    """收入 | 支出 by function class | by 部门 economic class | by 政府 economic class (西安). A row of one name and
    one figure in two halves is two rows (支出总计 in three halves: three figures), and the table names each half
    by the header over its names."""
    t = read(grid(["收入/项目", "收入/预算数", "支出/支出功能分类科目（按大类）", "支出/预算数",
                   "支出/部门预算支出经济分类科目（按大类）", "支出/预算数", "支出/政府预算支出经济分类科目（按大类）",
                   "支出/预算数"], [
        ["一、一般公共预算拨款", "62,109,297.20", "1、一般公共服务支出", "56,705,055.10", "1、工资福利支出",
         "30,000,000.00", "1、机关工资福利支出", "30,000,000.00"],
        ["", "", "", "", "(3)对个人和家庭的补助", "4.82", "对个人和家庭的补助", "4.82"],
        ["收入总计", "62,109,297.20", "支出总计", "62,109,297.20", "支出总计", "62,109,297.20", "支出总计",
         "62,109,297.20"],
    ], title="部门综合预算收支总表"), kind="summary")
    got = cells(t)
    assert got[("201", "预算数")] == "56705055.10" and got[("支出/工资福利支出", "预算数")] == "30000000.00"
    assert got[("收入/总计", "预算数")] == got[("支出/总计", "预算数")] == "62109297.20"
    assert {f.half for f in t.figures} == {0, 1, 2, 3}
    assert sorted(f.half for f in t.figures if f.row.label == "支出总计") == [1, 2, 3]
    assert sorted(f.half for f in t.figures if f.value == Decimal("4.82")) == [2, 3]
    assert t.halves == ("收入/项目", "支出/支出功能分类科目（按大类）", "支出/部门预算支出经济分类科目（按大类）",
                        "支出/政府预算支出经济分类科目（按大类）")


def test_budget_and_final_columns_keep_their_meaning():
    t = read(grid(["项目", "金额"], [["一、一般公共预算拨款收入", "841,579.924856"]], title="收支总表"), kind="summary")
    assert [(f.column, f.value) for f in t.figures] == [("预算数", Decimal("841579.924856"))]
    final = read(grid(["项目", "金额"], [["一、一般公共预算财政拨款收入", "19,572.91"]], title="收入支出决算总表"),
                 kind="summary", phase="决算", year=2024)
    assert [f.column for f in final.figures] == ["决算数"]


@pytest.mark.parametrize(("title", "kind"), [
    ("收入支出决算总表", "summary"), ("部门收支总表", "summary"), ("部门收支总体情况表", "summary"),
    ("收入决算表", "income"), ("部门收入预算表", "income"), ("支出决算表", "expenditure"), ("部门支出总表", "expenditure"),
    ("财政拨款收入支出决算总表", "fiscal-summary"), ("财政拨款收支总表", "fiscal-summary"),
    ("财政拨款收支预算表", "fiscal-summary"),
    ("一般公共预算财政拨款支出决算表", "general-budget"), ("一般公共预算支出情况表", "general-budget"),
    ("一般公共预算财政拨款收入支出决算表", "general-budget"),
    ("一般公共预算财政拨款基本支出决算表", "basic-expenditure"), ("一般公共预算基本支出表", "basic-expenditure"),
    ("政府性基金预算财政拨款收入支出决算表", "government-fund"), ("政府性基金预算支出表", "government-fund"),
    ("国有资本经营预算财政拨款支出决算表", "state-capital"),
    ("财政拨款“三公”经费支出决算表", "sangong"), ("一般公共预算“三公”经费支出情况表", "sangong"),
])
def test_the_titles_of_the_national_layouts_name_their_kind(title, kind):
    """Titles of the nine tables as 决算 and 预算 of several years and regions print them: a table of one
    fund's income and expenditure is that fund's table, not the 财政拨款 summary nor the 支出 table."""
    assert catalogue().classify_title(title).key == kind


def test_columns_of_rates_are_not_read_as_amounts():
    """A 预算 table with its change as a rate (增减率（%）) and one printing the rate in its cells (2.01%): rates
    are not amounts (they do not add up: the sums of children reported them as errors; a cell of 2.01% was taken
    for a second name of its row). The amounts read, with their names; the rates are not read."""
    rows = [["", "合计", "1,378.84", "1,420.00", "-2.90"], ["201", "一般公共服务支出", "1,378.84", "1,420.00", "-2.90"],
            ["20103", "政府办公厅（室）及相关机构事务", "1,378.84", "1,420.00", "-2.90"],
            ["2010301", "行政运行", "507.97", "520.00", "-2.31"], ["2010302", "一般行政管理事务", "870.87", "900.00", "-3.24"]]
    t = read(grid(["科目编码", "科目名称", "本年预算数", "上年预算数", "增减率（%）"], rows))
    assert {c for _, c in cells(t)} == {"预算数", "上年预算数"} and len(t.figures) == 10
    assert not check_report(report(t)).findings
    signed = [[*r[:4], f"{r[4].lstrip('-')}%"] for r in rows]
    t = read(grid(["科目编码", "科目名称", "本年预算数", "上年预算数", "增减"], signed))
    assert {c for _, c in cells(t)} == {"预算数", "上年预算数"}
    assert {f.row.label for f in t.figures} == {"合计", "一般公共服务支出", "政府办公厅（室）及相关机构事务", "行政运行",
                                                "一般行政管理事务"}


def test_a_unit_printed_in_the_column_headers_is_the_tables_unit():
    """本年支出合计（元） and no unit line: the table is in 元, its columns are the catalogue's; a unit line wins."""
    g = grid(["科目编码", "科目名称", "本年支出合计（元）", "基本支出（元）", "项目支出（元）"], [
        ["201", "一般公共服务支出", "13,788,400.00", "8,548,400.00", "5,240,000.00"]])
    t = read(units_in_headers(replace(g, unit=None)))
    assert t.unit == "元" and cells(t)[("201", "本年支出合计")] == "13788400.00"
    assert read(units_in_headers(g)).unit == "万元"


@pytest.mark.parametrize(("line", "unit"), [("单位：人民币元", "元"), ("金额单位：人民币万元", "万元"), ("单位:千元", "千元")])
def test_the_unit_line(line, unit):
    from coakg.layout import ORG, UNIT

    assert UNIT.search(line).group(1) == unit and ORG.search(line) is None


def test_a_sangong_table_of_the_2024_layout_names_its_columns_as_the_catalogue():
    """预算数 and 决算数 under each item, 运行维护费 under 公务用车购置及运行费: every column canonical, its 小计 checked."""
    items = ["合计", "因公出国（境）费", "公务用车购置及运行费/小计", "公务用车购置及运行费/购置费",
             "公务用车购置及运行费/运行维护费", "公务接待费"]
    columns = [f"{item}/{stage}" for item in items for stage in ("预算数", "决算数")]
    t = read(grid(columns, [["42.45", "40.35", "3.00", "2.40", "37.60", "36.75", "25.00", "24.80", "12.60", "11.95",
                              "1.85", "1.20"]], title="财政拨款“三公”经费支出决算表"), kind="sangong", phase="决算", year=2024)
    assert cells(t)[("三公经费", "决算数/公务用车运行费")] == "11.95"
    assert {c.split("/")[1] for _, c in cells(t)} == {"合计", "因公出国（境）费", "公务用车购置及运行费", "公务用车购置费",
                                                      "公务用车运行费", "公务接待费"}
    assert not [f for f in check_report(report(t, phase="决算")).findings if f.rule != "missing-table"]


def test_thousands_separators_in_the_wrong_place_read_as_the_number_with_a_warning():
    """上海 (职业能力考试院): 125360,898 for 125,360,898; read as the number its digits make, the cell named; a
    finding on such a table says it was read with a warning."""
    t = read(grid(["项目", "本年收入合计", "财政拨款收入", "其他收入"], [
        ["合计", "125360,898", "117480,898", "7880,000"],
    ], title="收入总表"), kind="income")
    assert cells(t) == {("合计", "本年收入合计"): "125360898", ("合计", "财政拨款收入"): "117480898",
                        ("合计", "其他收入"): "7880000"}
    assert len(t.warnings) == 3 and "'125360,898' in column '本年收入合计'" in t.warnings[0]
    planted = read(grid(["项目", "合计", "财政拨款收入", "其他收入"], [
        ["合计", "125360,898", "117480,898", "7880,100"],
    ], title="收入总表"), kind="income")
    found = [f for f in check_report(report(planted)).findings if f.rule == "column-identity"]
    assert found and found[0].message.startswith("读数有警告") and "125360,898" in found[0].message
    plain = read(grid(["项目", "合计", "财政拨款收入", "其他收入"], [
        ["合计", "125,360,898", "117,480,898", "7,880,100"]], title="收入总表"), kind="income")
    assert [f.message for f in check_report(report(plain)).findings if f.rule == "column-identity"] == [""]
    with pytest.raises(ReadError):  # a cell that is no number at all is still an error
        read(grid(["项目", "本年收入合计"], [["合计", "12,5x"]], title="收入总表"), kind="income")


def test_list_numbering_set_apart_by_the_text_layer_and_a_unit_without_its_colon():
    """重庆: the text layer sets a name's 、 or （ ） after it (一 一般公共预算资金 、) and the colon of 单位：万元 on a line of
    its own: the name reads with its numbering, and 单位 万元 at the end of its line is the unit."""
    from coakg.layout import UNIT

    t = read(grid(["收入/项目", "收入/预算数", "支出/项目", "支出/预算数"], [
        ["合 计", "174,900.64", "合 计", "174,900.64"],
        ["一 一般公共预算资金\n、", "101,833.84", "一 一般公共服务支出\n、", "23,103.76"],
        ["二 政府性基金预算资金\n( )", "41,534.73", "二 教育支出\n( )", "55,670.32"],
    ], title="收支总表"), kind="summary")
    assert cells(t)[("收入/一般公共预算资金", "预算数")] == "101833.84" and cells(t)[("205", "预算数")] == "55670.32"
    assert [m.group(1) if (m := UNIT.search(line)) else None for line in (
        "单位名称重庆市商务委员会单位万元", "单位：元", "预算单位：某局")] == ["万元", "元", None]


def test_a_code_whose_parent_is_not_printed_counts_in_its_nearest_printed_ancestor():
    """7-digit economic codes (3010201, 3010202) printed under 301 without their 款 30102, as reports of other
    cities print them (issue 21): 301 adds them (was: left out, a false hierarchy-sum finding). A 7-digit economic
    code is a publisher's own subdivision, printed with or without its 款: no missing-parent; a function 项 without
    its 款 is one."""
    t = read(grid(["科目编码", "科目名称", "合计"], [
        ["", "合计", "100.00"],
        ["301", "工资福利支出", "100.00"],
        ["30101", "基本工资", "40.00"],
        ["3010201", "津贴补贴", "35.00"],
        ["3010202", "奖金", "25.00"],
    ], title="一般公共预算基本支出表"), kind="basic-expenditure")
    found = {(f.rule, f.location.row_code) for f in check_report(report(t)).findings}
    assert ("hierarchy-sum", "301") not in found and ("missing-parent", "3010201") not in found
    t = read(grid(["科目编码", "科目名称", "合计"], [
        ["", "合计", "100.00"], ["201", "一般公共服务支出", "100.00"], ["20101", "人大事务", "60.00"],
        ["2010101", "行政运行", "60.00"], ["2010301", "行政运行", "40.00"],
    ], title="一般公共预算支出表"), kind="general-budget")
    found = {(f.rule, f.location.row_code) for f in check_report(report(t)).findings}
    assert ("missing-parent", "2010301") in found and ("hierarchy-sum", "201") not in found
