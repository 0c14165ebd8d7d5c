"""The identities (勾稽关系) of the national layout, as data.

Each entry says which total equals which weighted items; :mod:`coakg.rules`
expands them, with the code hierarchies, into one summation per total and
column of a report.
"""

from __future__ import annotations

INCOME_COLUMNS = ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
EXPENDITURE_COLUMNS = ("基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")
FUNDS = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")

# table kind -> [(total column, [(weight, item column)])], for every row of the table
COLUMN_IDENTITIES: dict[str, list[tuple[str, list[tuple[int, str]]]]] = {
    "income": [("本年收入合计", [(1, c) for c in INCOME_COLUMNS])],
    "expenditure": [("本年支出合计", [(1, c) for c in EXPENDITURE_COLUMNS])],
    "general-budget": [("本年支出合计", [(1, "基本支出"), (1, "项目支出")])],
    "government-fund": [
        ("年末结转和结余", [(1, "年初结转和结余"), (1, "本年收入"), (-1, "本年支出合计")]),
        ("本年支出合计", [(1, "基本支出"), (1, "项目支出")]),
    ],
    "fiscal-summary": [("合计", [(1, f) for f in FUNDS])],
    "sangong": [
        (f"{stage}/合计", [(1, f"{stage}/因公出国（境）费"), (1, f"{stage}/公务用车购置及运行费"),
                         (1, f"{stage}/公务接待费")])
        for stage in ("预算数", "决算数")
    ] + [
        (f"{stage}/公务用车购置及运行费", [(1, f"{stage}/公务用车购置费"), (1, f"{stage}/公务用车运行费")])
        for stage in ("预算数", "决算数")
    ],
}
COLUMN_IDENTITIES["state-capital"] = COLUMN_IDENTITIES["government-fund"]

# table kind -> [(total item, column, [(weight, item)])]; "*function" stands for every function-class row
ROW_IDENTITIES: dict[str, list[tuple[str, str, list[tuple[int, str]]]]] = {
    "summary": [
        ("收入/本年收入合计", "决算数", [(1, f"收入/{f}收入") for f in FUNDS]
         + [(1, f"收入/{c}") for c in INCOME_COLUMNS[1:]]),
        ("支出/本年支出合计", "决算数", [(1, "*function")]),
        ("收入/总计", "决算数", [(1, "收入/本年收入合计"), (1, "收入/使用非财政拨款结余"),
                             (1, "收入/用事业基金弥补收支差额"), (1, "收入/年初结转和结余")]),
        ("支出/总计", "决算数", [(1, "支出/本年支出合计"), (1, "支出/结余分配"), (1, "支出/年末结转和结余")]),
    ],
    "fiscal-summary": [
        ("收入/本年收入合计", "决算数", [(1, f"收入/{f}") for f in FUNDS]),
        ("收入/年初财政拨款结转和结余", "决算数", [(1, f"收入/年初财政拨款结转和结余/{f}") for f in FUNDS]),
        ("收入/总计", "决算数", [(1, "收入/本年收入合计"), (1, "收入/年初财政拨款结转和结余")]),
    ] + [
        (total, column, items)
        for column in ("合计", *FUNDS)
        for total, items in (
            ("支出/本年支出合计", [(1, "*function")]),
            ("支出/总计", [(1, "支出/本年支出合计"), (1, "支出/年末财政拨款结转和结余")]),
        )
    ],
    "basic-expenditure": [
        ("人员经费合计", "决算数", [(1, "301"), (1, "303")]),
        ("公用经费合计", "决算数", [(1, "302"), (1, "307"), (1, "310"), (1, "399")]),
    ],
}

# cross-table: (rule, (kind, row, column), [(weight, (kind, row, column))]); "*class" pairs every function class
CROSS_IDENTITIES: list[tuple[tuple[str, str, str], list[tuple[int, tuple[str, str, str]]]]] = [
    (("summary", "*class", "决算数"), [(1, ("expenditure", "*class", "本年支出合计"))]),
    (("summary", "收入/本年收入合计", "决算数"), [(1, ("income", "合计", "本年收入合计"))]),
    (("income", "合计", "财政拨款收入"), [(1, ("summary", f"收入/{f}收入", "决算数")) for f in FUNDS]),
    *[(("summary", f"收入/{c}", "决算数"), [(1, ("income", "合计", c))]) for c in INCOME_COLUMNS[1:]],
    (("summary", "支出/本年支出合计", "决算数"), [(1, ("expenditure", "合计", "本年支出合计"))]),
    (("summary", "收入/总计", "决算数"), [(1, ("summary", "支出/总计", "决算数"))]),
    (("fiscal-summary", "收入/总计", "决算数"), [(1, ("fiscal-summary", "支出/总计", "合计"))]),
    (("fiscal-summary", "*class", "一般公共预算财政拨款"), [(1, ("general-budget", "*class", "本年支出合计"))]),
    (("fiscal-summary", "支出/本年支出合计", "一般公共预算财政拨款"), [(1, ("general-budget", "合计", "本年支出合计"))]),
    (("fiscal-summary", "*class", "政府性基金预算财政拨款"), [(1, ("government-fund", "*class", "本年支出合计"))]),
    (("fiscal-summary", "支出/本年支出合计", "政府性基金预算财政拨款"),
     [(1, ("government-fund", "合计", "本年支出合计"))]),
    (("fiscal-summary", "*class", "国有资本经营预算财政拨款"), [(1, ("state-capital", "*class", "本年支出合计"))]),
    (("fiscal-summary", "支出/本年支出合计", "国有资本经营预算财政拨款"),
     [(1, ("state-capital", "合计", "本年支出合计"))]),
    (("general-budget", "合计", "基本支出"),
     [(1, ("basic-expenditure", "人员经费合计", "决算数")), (1, ("basic-expenditure", "公用经费合计", "决算数"))]),
]

# rule codes: stable, kebab-case, each with a title
RULES = {
    "hierarchy-sum": "上级科目等于下级科目之和 (parent code = sum of its children)",
    "total-row": "合计行等于各类之和 (合计 row = sum of the classes)",
    "column-identity": "栏目勾稽 (a total column = sum of its columns)",
    "row-identity": "表内行勾稽 (a total row = sum of its rows)",
    "cross-table": "表间勾稽 (the same quantity in two tables)",
    "missing-table": "缺少报表 (a table of the layout is missing)",
    "missing-parent": "缺少上级科目 (a code's parent is not printed)",
    "code-name-conflict": "同一科目多个名称 (one code printed with two names)",
}
