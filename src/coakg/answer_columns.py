"""How a named query's answer shows its columns, on a page and in the terminal: each variable's label (Chinese,
English) and what it holds, which says how a value is written: a year as printed (2024, never 2,024), an amount
right-aligned with at least the two decimals reports print, a department or a code as a link to its page."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

YEAR, AMOUNT, PERCENT, COUNT = "year", "amount", "percent", "count"
DEPARTMENT, CODE, TEXT = "department", "code", "text"


@dataclass(frozen=True)
class Column:
    name: str  # the query's variable
    zh: str
    en: str
    holds: str


# variable -> (Chinese, English, what it holds); a variable not listed shows its name and holds text
LABELS: dict[str, tuple[str, str, str]] = {
    "department": ("部门", "Department", DEPARTMENT),
    "onlyDepartment": ("唯一的部门", "The only department", DEPARTMENT),
    "year": ("年度", "Year", YEAR),
    "previousYear": ("上年", "Previous year", YEAR),
    "phase": ("阶段", "Phase", TEXT),
    "document": ("阶段", "Phase", TEXT),
    "kind": ("部门类别", "Department kind", TEXT),
    "file": ("来源文件", "Source file", TEXT),
    "tables": ("表数", "Tables", COUNT),
    "figures": ("数字个数", "Figures", COUNT),
    "findings": ("发现", "Findings", COUNT),
    "departments": ("部门数", "Departments", COUNT),
    "reportCount": ("报告数", "Reports", COUNT),
    "reports": ("报告", "Reports", TEXT),
    "firstReport": ("首份报告", "First report", TEXT),
    "rule": ("规则", "Rule", TEXT),
    "code": ("科目编码", "Code", CODE),
    "class": ("类", "Class", CODE),
    "rowCode": ("科目编码", "Code", CODE),
    "name": ("科目名称", "Name", TEXT),
    "rowName": ("行名称", "Row", TEXT),
    "table": ("表", "Table", TEXT),
    "column": ("栏目", "Column", TEXT),
    "page": ("页", "Page", YEAR),
    "order": ("序", "Order", YEAR),
    "source": ("收入来源", "Source of income", TEXT),
    "item": ("项目", "Item", TEXT),
    "unit": ("单位", "Unit", TEXT),
    "amount": ("金额", "Amount", AMOUNT),
    "total": ("合计", "Total", AMOUNT),
    "expenditure": ("支出", "Expenditure", AMOUNT),
    "basic": ("基本支出", "Basic expenditure", AMOUNT),
    "personnel": ("人员经费", "Personnel", AMOUNT),
    "running": ("公用经费", "Running costs", AMOUNT),
    "budget": ("预算数", "Budget", AMOUNT),
    "final": ("决算数", "Final", AMOUNT),
    "sangongBudget": ("三公经费预算数", "三公 budget", AMOUNT),
    "sangongFinal": ("三公经费决算数", "三公 final", AMOUNT),
    "previous": ("上年金额", "Previous year's amount", AMOUNT),
    "change": ("增减", "Change", AMOUNT),
    "share": ("占比（%）", "Share (%)", PERCENT),
    "personnelShare": ("人员经费占比（%）", "Personnel share (%)", PERCENT),
    "rate": ("执行率（%）", "Rate (%)", PERCENT),
    "changePercent": ("增减（%）", "Change (%)", PERCENT),
}


def columns(names: tuple[str, ...]) -> list[Column]:
    return [Column(n, *LABELS.get(n, (n, n, TEXT))) for n in names]


def shown(value: object, holds: str) -> str:
    """A value as its column writes it: a year or page as printed, a count with thousands separators, an amount
    with thousands separators and at least two decimals (as many as it has), a percentage with two."""
    if value is None:
        return ""
    if holds == YEAR or not isinstance(value, Decimal | int) or isinstance(value, bool):
        return str(value)
    if holds == PERCENT:
        return f"{Decimal(value):,.2f}"
    if holds == COUNT and isinstance(value, int):
        return f"{value:,}"
    places = max(2, -value.as_tuple().exponent) if isinstance(value, Decimal) else 2  # type: ignore[operator]
    return f"{value:,.{places}f}"
