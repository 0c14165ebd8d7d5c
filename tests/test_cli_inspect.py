"""coakg inspect: what a file holds, per report and table; a file with no table of the family is exit 2."""

from __future__ import annotations

import json

from conftest import CORPUS, EXAMPLE
from typer.testing import CliRunner

from coakg.cli import app

runner = CliRunner()
AUDIT = CORPUS / "cn-budgets" / "上海-2026年上海市审计局_部门预算.pdf"
NARRATIVE = CORPUS / "cn-budgets" / "北京-2026年北京市公安局交通管理局部门预算.pdf"


def test_a_budget_in_yuan_with_its_sangong_table_in_wan_yuan():
    result = runner.invoke(app, ["inspect", str(AUDIT), "--format", "json"])
    assert result.exit_code == 0, result.output
    [record] = json.loads(result.stdout)
    [report] = record["reports"]
    assert (report["department"], report["year"], report["phase"], report["units"]) == (
        "上海市审计局", 2026, "预算", ["万元", "元"])
    tables = {t["kind"]: t for t in report["tables"]}
    assert list(tables) == ["summary", "income", "expenditure", "fiscal-summary", "general-budget",
                            "government-fund", "state-capital", "basic-expenditure", "sangong"]
    assert (tables["income"]["pages"], tables["income"]["unit"], tables["income"]["figures"]) == ("8–9", "元", 48)
    assert (tables["sangong"]["unit"], tables["sangong"]["figures"]) == ("万元", 6)
    assert tables["government-fund"]["figures"] == 0 and record["skipped"] == []
    # its key figures, each from the table and page it is printed on; the 万元 of a figure printed in 元, exact
    figures = {(k["key"], k["class"]): k for k in report["key_figures"]}
    income = figures[("income-total", None)]  # no 本年收入合计 row in its 收支总表: the 合计 of its 收入总表
    assert (income["value"], income["unit"], income["wan_yuan"], income["table"], income["page"]) == (
        "195774300", "元", "19577.43", "income", 9)
    assert figures[("sangong-budget", None)]["wan_yuan"] == "237.92"
    assert figures[("class-expenditure", "201")]["value"] == "134339860"
    assert ("income-grand-total", None) not in figures  # its 收入总计 cell is printed blank


def test_text_as_a_table():
    result = runner.invoke(app, ["inspect", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert "示例市示例局 2024 决算" in result.stdout and "收入支出决算总表" in result.stdout
    assert "本年支出合计" in result.stdout and "key figures" in result.stdout


def test_a_file_of_narrative_only_is_exit_2_with_the_pages():
    result = runner.invoke(app, ["inspect", str(NARRATIVE)])
    assert result.exit_code == 2
    assert result.stderr == (f"error: {NARRATIVE}: pages 1–8: a table of a 部门预算 or 部门决算 (e.g. 收支总表, "
                             "支出决算表); they hold only text\n")


def test_who_and_when_given_by_the_user(tmp_path):
    tables_only = tmp_path / "tables.txt"
    text = EXAMPLE.read_text(encoding="utf-8")
    tables_only.write_text(text[text.index("收入支出决算总表") - 10:], encoding="utf-8")
    result = runner.invoke(app, ["inspect", str(tables_only), "--format", "json", "--department", "某局",
                                 "--year", "2023", "--phase", "决算"])
    assert result.exit_code == 0, result.output
    [record] = json.loads(result.stdout)
    assert [(r["department"], r["year"], r["phase"]) for r in record["reports"]] == [("某局", 2023, "决算")]


def test_a_file_that_cannot_be_read_does_not_hide_the_others():
    result = runner.invoke(app, ["inspect", str(NARRATIVE), str(AUDIT), "--format", "json"])
    assert result.exit_code == 2
    records = json.loads(result.stdout)
    assert [r["file"] for r in records] == [str(AUDIT), str(NARRATIVE)]
    assert records[0]["reports"][0]["department"] == "上海市审计局" and "they hold only text" in records[1]["error"]
    assert "they hold only text" in result.stderr


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("coakg 0.")
