"""Check a report: summations within rounding (XBRL Calculations 1.1), tables present, code hierarchy.

A figure printed with d decimals stands for [v - ½·10^-d, v + ½·10^-d]; a blank
cell is an exact zero. A total is consistent iff its interval meets the
weighted sum of its items' intervals, so the allowed slack grows with the
number of items.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import networkx as nx

from .findings import CheckResult, Finding, Location
from .model import LABEL_JOIN, Figure, Report, full_width_brackets, strip_ordinal
from .rules import Cell, Summation, figures_by_cell, summations
from .tables import catalogue


def half_width(fig: Figure | None) -> Decimal:
    return Decimal(0) if fig is None else Decimal(5).scaleb(-(fig.decimals + 1))


def evaluate(summation: Summation, cells: dict[Cell, Figure]) -> tuple[Decimal, Decimal, Decimal] | None:
    """(printed total, sum of items, slack) if the summation fails, else None."""
    total = cells.get(summation.total)
    value = total.value if total else Decimal(0)
    acc, slack = Decimal(0), half_width(total)
    for weight, cell in summation.items:
        fig = cells.get(cell)
        if fig is not None:
            acc += weight * fig.value
        slack += half_width(fig)
    if abs(value - acc) > slack:
        return value, acc, slack
    return None


def location(cell: Cell, cells: dict[Cell, Figure], labels: dict[tuple[str, str, str], str]) -> Location:
    """Where a cell is; a blank cell takes the label its row prints in another column."""
    fig = cells.get(cell)
    label = fig.row.label if fig else labels.get((cell.table, cell.scheme, cell.key), cell.key)
    return Location(cell.table, cell.key, label, cell.column, fig.page if fig else None, fig.line if fig else None,
                    cell.scheme)


def report_name(report: Report) -> str:
    return report.name


def check_report(report: Report, sums: list[Summation] | None = None) -> CheckResult:
    """The report's findings; ``sums`` are its summations if already expanded (:func:`rules.summations`)."""
    cells = figures_by_cell(report)
    labels = {(c.table, c.scheme, c.key): f.row.label for c, f in cells.items()}
    found: list[Finding] = []
    sums = summations(report) if sums is None else sums
    warned = {t.kind: t.warnings[0] for t in report.tables if t.warnings}
    for s in sums:
        failed = evaluate(s, cells)
        if failed:
            actual, expected, slack = failed
            # a finding on a table read with warnings may be the reading's: it says so
            caveat = next((f"读数有警告 (read with a warning): {warned[c.table]}"
                           for c in (s.total, *(c for _, c in s.items)) if c.table in warned), "")
            found.append(Finding(s.rule, report_name(report), location(s.total, cells, labels), expected, actual,
                                 slack, tuple(location(c, cells, labels) for _, c in s.items), caveat))
    found += structure_findings(report)
    found += hierarchy_findings(report)
    found += narrative_findings(report)
    stats = {"figures": len(cells), "summations": len(sums), "tables": len(report.tables)}
    return CheckResult(tuple(found), stats)


def narrative_findings(report: Report) -> list[Finding]:
    """What the report's prose states that its tables or its own figures do not bear out (:mod:`narrative_check`)."""
    from .narrative_check import narrative_findings as found

    return found(report)


def structure_findings(report: Report) -> list[Finding]:
    """A table the catalogue requires in the report's phase is missing (a table of the same place in the
    layout, such as 2019's 非税收入 table for 2024's 国有资本经营 table, stands for it)."""
    present = {t.kind for t in report.tables}
    numbers = {k.number for k in catalogue().kinds if k.key in present and k.number}
    return [
        Finding("missing-table", report_name(report), Location(k.key, "", "", ""),
                message=f"表{k.number} ({k.key}) is not in the report")
        for k in catalogue().kinds
        if report.document in k.required and k.key not in present and k.number not in numbers
    ]


def hierarchy_findings(report: Report) -> list[Finding]:
    """Per table that prints a code hierarchy: every code's parent printed, no cycles; per report: one name
    per code (full- and half-width brackets alike)."""
    found: list[Finding] = []
    names: dict[tuple[str, str], dict[str, Figure]] = defaultdict(dict)
    for table in report.tables:
        graph = nx.DiGraph()
        # every code a row stands for (also a row scoped to a unit, repeated, or printing several codes: its first)
        coded = {f.row.concept[1]: f for f in table.figures if f.row.scheme != "item"}
        for fig in table.figures if catalogue().kind(table.kind).names_codes else ():
            for code, name in fig.row.printed_codes():
                if name and LABEL_JOIN not in name:  # a row named in several columns (unit｜project) names no code
                    scheme = catalogue().scheme_of(code)
                    plain = full_width_brackets(strip_ordinal(name))
                    names[(scheme.key if scheme else fig.row.scheme, code)].setdefault(plain, fig)
        for code in coded:
            graph.add_node(code)
            if len(code) > 3:
                graph.add_edge(code, code[:-2])
        printed = {f.row.code for f in table.figures if f.row.code}  # a code printed on a row of its own or with others
        hierarchical = any(len(code) > 3 and code[:-2] in printed for code in coded)
        for code, fig in sorted(coded.items()):
            scheme = catalogue().scheme_of(code)
            if scheme and len(code) in scheme.local:
                continue  # a publisher's own subdivision: its parent may go unprinted
            if hierarchical and len(code) > 3 and code[:-2] not in printed:
                found.append(Finding("missing-parent", report_name(report),
                                     Location(table.kind, code, fig.row.label, fig.column, fig.page, fig.line,
                                              fig.row.scheme),
                                     message=f"parent {code[:-2]} of {code} is not printed"))
        if not nx.is_directed_acyclic_graph(graph):  # pragma: no cover - prefixes cannot cycle
            found.append(Finding("missing-parent", report_name(report), Location(table.kind, "", "", ""),
                                 message="the code hierarchy has a cycle"))
    for (_scheme, code), named in sorted(names.items()):
        # a name cut at the cell's width (其他科技交流与合作支) is the longer name it begins
        labels = {n: f for n, f in named.items() if not any(o != n and o.startswith(n) for o in named)}
        if len(labels) > 1:
            first = next(iter(labels.values()))
            found.append(Finding("code-name-conflict", report_name(report),
                                 Location(first.row.scheme, code, " / ".join(labels), "", scheme=first.row.scheme),
                                 message=f"{code} is printed as {' and '.join(labels)}"))
    return found
