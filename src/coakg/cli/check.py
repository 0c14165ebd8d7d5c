"""coakg check: find every inconsistency of one or more reports."""

from __future__ import annotations

import enum
import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ..errors import CoakgError
from . import exits
from .console import data_width, err, error, out
from .options import BASE

if TYPE_CHECKING:
    from rich.table import Table as RichTable

    from ..findings import CheckResult, Finding
    from ..model import Report


class CheckFormat(str, enum.Enum):
    text = "text"
    json = "json"
    ttl = "ttl"


def check(
    reports: list[Path] = typer.Argument(..., help="Report files: PDF or extracted text."),
    output_format: CheckFormat = typer.Option(CheckFormat.text, "--format", "-f", help="Output format."),
    base: str = BASE,
) -> None:
    """Check REPORTS: hierarchy sums, column identities, cross-table 勾稽 within rounding; tables present.

    Every report is checked, even when one cannot be read. Exit code 0: consistent; 1: findings;
    2: a report cannot be read (the worst of all reports).

    Example: coakg check report.pdf --format json
    """
    from ..check import check_report
    from ..reader import read_file

    checked: list[tuple[Report, CheckResult]] = []
    unreadable = 0
    for path in reports:
        try:
            reading = read_file(path)
        except (CoakgError, OSError) as exc:
            error(str(exc) if isinstance(exc, CoakgError) else f"{path}: {exc.strerror or exc}")
            unreadable += 1
            continue
        for warning in reading.warnings:  # a page skipped, damaged, a unit assumed: figures may be missing
            error(warning, label="warning")
        for report in reading.reports:
            result = check_report(report)
            checked.append((report, result))
            err.print(f"{report.name}: {result.stats['figures']} figures, "
                      f"{result.stats['summations']} identities, {len(result.findings)} findings")
    findings = [f for _, result in checked for f in result.findings]
    if output_format is CheckFormat.ttl:
        out.out(_turtle(checked, base), end="")
    elif output_format is CheckFormat.json:
        out.out(json.dumps([f.record() for f in findings], ensure_ascii=False, indent=2))
    elif findings and data_width() < WIDE:
        for f in findings:
            out.print(_stacked(f))
    elif findings:
        out.print(_table(findings))
    if len(reports) > 1:
        err.print(f"{len(reports)} files: {len(checked)} checked, {unreadable} unreadable, "
                  f"{sum(1 for _, r in checked if r.findings)} with findings ({len(findings)} findings)")
    raise typer.Exit(exits.INPUT if unreadable else exits.FINDINGS if findings else exits.OK)


def _turtle(checked: list[tuple[Report, CheckResult]], base: str) -> str:
    from rdflib import Graph
    from rdflib.namespace import SH

    from ..findings_rdf import validation_triples
    from ..rdf import bind_prefixes

    graph = bind_prefixes(Graph())
    graph.bind("sh", SH)
    for report, result in checked:
        for t in validation_triples(report, result.findings, base):
            graph.add(t)
    return graph.serialize(format="turtle")


WIDE = 140  # a terminal narrower than this gets each finding as a block of short lines, not the table's columns


def _where(f: Finding) -> tuple[str, str, str]:
    """(table, row, page or line) of a finding, as the report prints them: 表3 expenditure, 20103 名称, p.36."""
    from ..narrative_check import NARRATIVE
    from ..tables import catalogue

    loc = f.location
    if loc.table == NARRATIVE:  # a statement of the prose: its words (its number is for the graph)
        return "情况说明", loc.row_label, f"p.{loc.page}" if loc.page else (f"l.{loc.line}" if loc.line else "")
    keys = {k.key for k in catalogue().kinds}
    kind = catalogue().kind(loc.table) if loc.table.rstrip("-0123456789") in keys else None
    table = f"表{kind.number} {loc.table}" if kind and kind.number else loc.table
    row = f"{loc.row_code} {loc.row_label}".strip() if loc.row_code != loc.row_label else loc.row_label
    return table, row, f"p.{loc.page}" if loc.page else (f"l.{loc.line}" if loc.line else "")


def _stacked(f: Finding) -> str:
    """One finding in short lines: where (report; table, row, column, page), then the rule and the figures."""
    from ..tables import catalogue

    table, row, where = _where(f)
    lines = [f.report, f"  {table} · {row} · {f.location.column}" + (f" · {where}" if where else ""),
             f"  {f.rule} {catalogue().rule_name(f.rule)[0]}"]
    if f.expected is not None:
        lines.append(f"  填报数 {_s(f.actual)}  分项合计 {_s(f.expected)}  差额 {_s(f.difference)}  "
                     f"允许尾差 ±{_s(f.slack)}")
    if f.message:
        lines.append(f"  {f.message}")
    return "\n".join(lines) + "\n"


def _table(findings: list[Finding]) -> RichTable:
    from rich.table import Table as RichTable

    table = RichTable("规则", "报告", "报表", "行（编码 名称）", "栏目", "填报数", "分项合计", "差额", "允许尾差",
                      "页/行", title="勾稽检查发现")
    for f in findings:
        name, row, where = _where(f)
        table.add_row(f.rule, f.report, name, row, f.location.column, _s(f.actual), _s(f.expected),
                      _s(f.difference), _s(f.slack), " ".join(x for x in (where, f.message) if x))
    return table


def _s(value: object) -> str:
    return "" if value is None else str(value)


def register(app: typer.Typer) -> None:
    app.command("check")(check)
